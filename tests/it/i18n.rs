//! Languages: every message exists in Arabic, French and English, every key the code uses exists,
//! and Arabic gets its six plural forms.

use std::collections::BTreeSet;
use std::path::Path;

use fluent_bundle::FluentValue;
use mizan::i18n::{I18n, Locale};

fn repo() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

#[test]
fn every_message_key_exists_in_every_language() {
    let ar = I18n::keys(Locale::Ar).expect("Arabic catalogue");
    for locale in [Locale::Fr, Locale::En] {
        let other = I18n::keys(locale).expect("catalogue");
        let missing: Vec<_> = ar.difference(&other).collect();
        let extra: Vec<_> = other.difference(&ar).collect();
        assert!(missing.is_empty(), "missing in {locale}: {missing:?}");
        assert!(extra.is_empty(), "in {locale} but not in ar: {extra:?}");
    }
    assert!(ar.len() > 100);
}

fn files(dir: &Path, ext: &str, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("a folder").flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, ext, out);
        } else if path.extension().is_some_and(|e| e == ext) {
            out.push(path);
        }
    }
}

/// Keys written literally at the places that translate: `ctx.t("…")`, `tn`, `ts`, field errors,
/// notices.
fn literal_keys() -> BTreeSet<String> {
    let patterns = [
        r#"\.(?:t|tn|ts)\(\s*"([a-z0-9-]+)""#,
        r#"t_(?:args|plain)\([^,]+,\s*"([a-z0-9-]+)""#,
        r#"FieldError::new\([^,]+,\s*"([a-z0-9-]+)"\)"#,
        r#"AppError::invalid\([^,]+,\s*"([a-z0-9-]+)"\)"#,
        r#"notice: Some\("([a-z0-9-]+)"\)"#,
        r#"StatusCode::[A-Z_]+, "([a-z0-9]+-[a-z0-9-]+)"\)"#,
    ]
    .map(|p| regex::Regex::new(p).expect("a pattern"));
    let mut sources = Vec::new();
    files(&repo().join("crates/mizan/src"), "rs", &mut sources);
    files(&repo().join("templates"), "html", &mut sources);
    let mut keys = BTreeSet::new();
    for file in sources {
        let text = std::fs::read_to_string(&file).expect("readable");
        for re in &patterns {
            for cap in re.captures_iter(&text) {
                keys.insert(cap[1].to_owned());
            }
        }
    }
    keys
}

/// Keys built from data: roles, levels and kinds, error codes.
fn computed_keys() -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    for role in mizan::auth::Role::ALL {
        keys.insert(role.message_key());
    }
    for level in mizan::territory::Level::ALL {
        keys.insert(format!("level-{}", level.code().replace('_', "-")));
        if let Some(child) = level.party_child() {
            keys.insert(format!("new-unit-title-{}", child.code().replace('_', "-")));
        }
    }
    for kind in [
        "province",
        "prefecture",
        "prefecture_of_arrondissements",
        "urban",
        "rural",
        "branch",
        "section",
    ] {
        keys.insert(format!("kind-{}", kind.replace('_', "-")));
    }
    for code in mizan::error::ERROR_CODES {
        let key = mizan::ui::errors::message_key(code);
        keys.insert(format!("{key}-help"));
        keys.insert(key);
    }
    keys
}

#[test]
fn every_key_the_code_uses_has_a_message() {
    let defined = I18n::keys(Locale::Ar).expect("catalogue");
    let used = literal_keys();
    assert!(
        used.len() > 50,
        "the scan found the call sites ({} keys)",
        used.len()
    );
    let missing: Vec<_> = used
        .union(&computed_keys())
        .filter(|k| !defined.contains(*k))
        .cloned()
        .collect();
    assert!(missing.is_empty(), "keys without a message: {missing:?}");
}

#[test]
fn arabic_counts_take_all_six_plural_forms() {
    let i18n = I18n::load().expect("catalogues");
    let say = |n: i64| i18n.t_plain(Locale::Ar, "figure-branches", &[("count", FluentValue::from(n))]);
    assert_eq!(say(0), "لا فرع");
    assert_eq!(say(1), "فرع واحد");
    assert_eq!(say(2), "فرعان");
    assert_eq!(say(3), "3 فروع");
    assert_eq!(say(11), "11 فرعاً");
    assert_eq!(say(100), "100 فرع");
    // Past a hundred, the hundreds do not count: 103 takes the form of 3, 394 of 94, 1,621 of 21,
    // and 101 is no longer "one".
    assert_eq!(say(103), "103 فروع");
    assert_eq!(say(394), "394 فرعاً");
    assert_eq!(say(1621), "1.621 فرعاً");
    assert_eq!(say(101), "101 فرع");
    // Large counts are grouped the Moroccan way, in Latin digits.
    assert_eq!(say(1600), "1.600 فرع");
    let fr = i18n.t_plain(
        Locale::Fr,
        "figure-branches",
        &[("count", FluentValue::from(1600))],
    );
    assert_eq!(fr, "1.600 sections");
}

#[test]
fn every_conflict_the_code_answers_is_a_listed_error_code_with_its_messages() {
    let re = regex::Regex::new(r#"Conflict\(\s*"([a-z_]+)"\s*\)"#).expect("a pattern");
    let mut sources = Vec::new();
    files(&repo().join("crates/mizan/src"), "rs", &mut sources);
    let mut unlisted = BTreeSet::new();
    for file in sources {
        let text = std::fs::read_to_string(&file).expect("readable");
        for cap in re.captures_iter(&text) {
            if !mizan::error::ERROR_CODES.contains(&&cap[1]) {
                unlisted.insert(cap[1].to_owned());
            }
        }
    }
    assert!(
        unlisted.is_empty(),
        "answered but not in ERROR_CODES (so without messages): {unlisted:?}"
    );
}
