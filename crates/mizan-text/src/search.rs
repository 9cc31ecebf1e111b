//! Search keys for names, tolerant of script and spelling.
//!
//! A name is indexed under two kinds of keys per word:
//! - its folded form (`fold`): "محمد", "mohammed";
//! - its consonant skeleton, written with a leading `0` so it never collides with a word: the
//!   consonants that both scripts write, vowels and weak letters dropped, doubled letters merged.
//!   "محمد", "Mohamed", "Mohammed", "Muhammad", "Mhamed" all give `0mhmd`; "الإدريسي", "El Idrissi",
//!   "Elidrissi" give `0drs`; "يوسف" and "Youssef" give `0sf`.
//!
//! Adjacent words are also keyed together ("عبد الله" and "Abdellah" meet at `0bdlh`). A query
//! is folded and skeletonized the same way ([`query_terms`]); each of its words must match one of a
//! person's keys (by prefix, for search-as-you-type).

use crate::fold;
use crate::fold::fold_keeping_taa;

/// Consonant class of an Arabic letter (after `fold`, but with taa marbuta kept), if it counts.
fn arabic_consonant(c: char) -> Option<char> {
    Some(match c {
        'ب' | 'پ' => 'b',
        'ت' | 'ث' | 'ط' => 't',
        'ج' => 'j',
        'ح' | 'ه' => 'h',
        'خ' | 'ق' | 'ك' | 'ڭ' | 'گ' => 'k',
        'د' | 'ذ' | 'ض' | 'ظ' => 'd',
        'ر' => 'r',
        'ز' => 'z',
        'س' | 'ص' => 's',
        'ش' => 'x',
        'غ' => 'g',
        'ف' | 'ڤ' => 'f',
        'ل' => 'l',
        'م' => 'm',
        'ن' => 'n',
        // ا و ي ى ء ع ة and the like: vowels, weak letters, or sounds Latin spellings drop
        _ => return None,
    })
}

fn latin_skeleton(word: &str) -> String {
    let w = word
        .strip_prefix("el")
        .filter(|rest| rest.len() > 2)
        .unwrap_or(word);
    let mut out = String::new();
    let bytes: Vec<char> = w.chars().collect();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let next = bytes.get(i + 1).copied();
        let (class, step) = match (c, next) {
            ('c' | 's', Some('h')) => (Some('x'), 2),
            ('k', Some('h')) => (Some('k'), 2),
            ('g', Some('h')) => (Some('g'), 2),
            ('t', Some('h')) => (Some('t'), 2),
            ('d', Some('h')) => (Some('d'), 2),
            ('p', Some('h')) => (Some('f'), 2),
            ('d', Some('j')) => (Some('j'), 2),
            ('a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'w', _) => (None, 1),
            ('q' | 'c', _) => (Some('k'), 1),
            ('p', _) => (Some('b'), 1),
            ('v', _) => (Some('f'), 1),
            (c, _) if c.is_ascii_lowercase() => (Some(c), 1),
            _ => (None, 1),
        };
        if let Some(class) = class
            && !out.ends_with(class)
        {
            out.push(class);
        }
        i += step;
    }
    out
}

fn arabic_skeleton(word: &str) -> String {
    // The article: "ال" at the start of a word (the Latin spellings drop or detach it).
    let w = word
        .strip_prefix("ال")
        .filter(|rest| rest.chars().count() > 1)
        .unwrap_or(word);
    let mut out = String::new();
    for c in w.chars() {
        if let Some(class) = arabic_consonant(c)
            && !out.ends_with(class)
        {
            out.push(class);
        }
    }
    out
}

/// The skeleton of one folded word, in either script.
pub fn skeleton(word: &str) -> String {
    if word.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c)) {
        arabic_skeleton(word)
    } else {
        latin_skeleton(word)
    }
}

/// Words the Latin spellings write apart and that carry no sound of their own in a skeleton.
fn is_particle(word: &str) -> bool {
    matches!(
        word,
        "el" | "al" | "ait" | "ben" | "bin" | "ou" | "my" | "moulay" | "sidi"
    )
}

/// Every key a person is found under, for the given names (any script), space-separated.
pub fn name_keys(names: &[&str]) -> String {
    let mut keys: Vec<String> = Vec::new();
    let push = |k: String, keys: &mut Vec<String>| {
        if !k.is_empty() && !keys.contains(&k) {
            keys.push(k);
        }
    };
    for name in names {
        let folded = fold_keeping_taa(name);
        let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
        for w in &words {
            push(w.replace('ة', "ه"), &mut keys);
            let s = skeleton(w);
            if !s.is_empty() && !is_particle(w) {
                push(["0", &s].concat(), &mut keys);
            }
            // Typed with ه for ة, as many do: "فاطمه" must find "فاطمة".
            if w.ends_with('ة') {
                push(["0", &skeleton(&w.replace('ة', "ه"))].concat(), &mut keys);
            }
        }
        for pair in words.windows(2) {
            let s = skeleton(&pair.concat());
            if !s.is_empty() {
                push(["0", &s].concat(), &mut keys);
            }
        }
    }
    keys.join(" ")
}

/// The key under which two records of the same person meet for dedupe: the skeletons of the
/// words of their names, sorted — from the Arabic names when there are any (the script most
/// records have), else from the Latin ones; the skeletons of both scripts agree (محمد العلوي and
/// Mohammed El Alaoui share one). Empty when there is no name.
pub fn dedupe_key(arabic: &[&str], latin: &[&str]) -> String {
    let names = if arabic.iter().any(|n| !n.trim().is_empty()) {
        arabic
    } else {
        latin
    };
    let mut keys: Vec<String> = names
        .iter()
        .flat_map(|name| {
            fold_keeping_taa(name)
                .split(' ')
                .filter(|w| !w.is_empty() && !is_particle(w))
                .map(skeleton)
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
        })
        .collect();
    keys.sort();
    keys.dedup();
    keys.join(" ")
}

/// One word of a query: its folded form and its skeleton key (either may match).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryTerm {
    pub word: String,
    pub skeleton: Option<String>,
}

/// The words of a search query, folded and skeletonized like the keys.
pub fn query_terms(query: &str) -> Vec<QueryTerm> {
    let folded = fold(query);
    folded
        .split(' ')
        .filter(|w| !w.is_empty() && !is_particle(w))
        .map(|w| {
            let s = skeleton(w);
            QueryTerm {
                word: w.to_owned(),
                skeleton: (!s.is_empty()).then(|| format!("0{s}")),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(names: &[&str]) -> Vec<String> {
        name_keys(names).split(' ').map(str::to_owned).collect()
    }

    #[test]
    fn spellings_of_one_name_share_a_skeleton_across_scripts() {
        for name in ["محمد", "Mohamed", "Mohammed", "Muhammad", "Mhamed", "مُحَمَّد"] {
            assert!(
                keys(&[name]).contains(&"0mhmd".to_owned()),
                "{name}: {:?}",
                keys(&[name])
            );
        }
        for name in ["الإدريسي", "El Idrissi", "Elidrissi", "Idrissi", "الادريسي"] {
            assert!(
                keys(&[name]).contains(&"0drs".to_owned()),
                "{name}: {:?}",
                keys(&[name])
            );
        }
        for name in ["العلوي", "العلوى", "Alaoui", "El Alaoui", "Elalaoui"] {
            assert!(
                keys(&[name]).contains(&"0l".to_owned()),
                "{name}: {:?}",
                keys(&[name])
            );
        }
        for (ar, latin) in [
            ("يوسف", "Youssef"),
            ("فاطمة", "Fatima"),
            ("خديجة", "Khadidja"),
            ("هشام", "Hicham"),
            ("إبراهيم", "Brahim"),
            ("مريم", "Meryem"),
            ("الشرقاوي", "Cherkaoui"),
        ] {
            let a = keys(&[ar]);
            let l = keys(&[latin]);
            assert!(
                a.iter().any(|k| k.starts_with('0') && l.contains(k)),
                "{ar} {a:?} / {latin} {l:?}"
            );
        }
    }

    #[test]
    fn two_records_of_one_person_share_a_dedupe_key_across_scripts_and_spellings() {
        let arabic = dedupe_key(&["محمد", "العلوي"], &["Mohamed", "Alaoui"]);
        assert_eq!(arabic, dedupe_key(&[], &["Mohammed", "El Alaoui"]));
        assert_eq!(arabic, dedupe_key(&["العلوى", "مُحَمَّد"], &[]));
        assert_ne!(arabic, dedupe_key(&["محمد", "التازي"], &[]));
        assert_eq!(dedupe_key(&[], &[]), "");
    }

    #[test]
    fn compound_names_meet_when_written_together_or_apart() {
        assert!(
            keys(&["عبد الله"]).contains(&"0bdlh".to_owned()),
            "{:?}",
            keys(&["عبد الله"])
        );
        assert!(keys(&["Abdellah"]).contains(&"0bdlh".to_owned()));
        assert!(keys(&["Abdallah"]).contains(&"0bdlh".to_owned()));
    }

    #[test]
    fn a_query_is_cut_into_terms_like_the_keys() {
        let terms = query_terms("Mohamed  EL-Alaoui");
        assert_eq!(terms.len(), 2);
        assert_eq!(terms[0].skeleton.as_deref(), Some("0mhmd"));
        assert_eq!(terms[1].word, "alaoui");
        assert!(query_terms("محمد العلوى")[1].skeleton.as_deref() == Some("0l"));
    }
}
