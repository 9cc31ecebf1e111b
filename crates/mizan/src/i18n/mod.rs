//! Languages: Arabic first (the default, right-to-left), then French and English.
//!
//! Messages are Fluent files under `locales/{ar,fr,en}/`, embedded in the binary. Numbers and dates
//! are formatted with ICU4X for `ar-MA` / `fr-MA` / `en` (Latin digits, as Morocco writes them), and
//! Fluent's own number formatting is replaced by the same formatter, so `{ $count }` inside a
//! message is grouped the way the locale groups it. See docs/I18N.md.

mod format;
mod locale;

pub use format::Formatters;
pub use locale::Locale;

use std::borrow::Cow;
use std::collections::BTreeSet;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

#[derive(rust_embed::RustEmbed)]
#[folder = "../../locales/"]
struct LocaleFiles;

/// The message catalogues of the three languages, and their formatters. Built once at start.
pub struct I18n {
    bundles: [FluentBundle<FluentResource>; 3],
    /// The same catalogues without Unicode isolation marks, for CSV, XLSX and SMS.
    plain: [FluentBundle<FluentResource>; 3],
    pub formatters: Formatters,
    /// Keys asked for and not found since the start (`locale:key`), at most [`MISSING_KEPT`]: a
    /// page that shows a raw key is a bug, and the route walk fails on any.
    missing: std::sync::Mutex<BTreeSet<String>>,
}

/// How many missing keys are remembered.
const MISSING_KEPT: usize = 256;

impl std::fmt::Debug for I18n {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("I18n")
    }
}

/// A message file that did not parse, or a key defined twice: the binary must not start with it.
#[derive(Debug, thiserror::Error)]
#[error("locale file {file}: {problem}")]
pub struct CatalogueError {
    pub file: String,
    pub problem: String,
}

impl I18n {
    pub fn load() -> Result<I18n, CatalogueError> {
        Ok(I18n {
            bundles: [
                bundle(Locale::Ar, true)?,
                bundle(Locale::Fr, true)?,
                bundle(Locale::En, true)?,
            ],
            plain: [
                bundle(Locale::Ar, false)?,
                bundle(Locale::Fr, false)?,
                bundle(Locale::En, false)?,
            ],
            formatters: Formatters::new(),
            missing: std::sync::Mutex::new(BTreeSet::new()),
        })
    }

    /// The keys asked for and not found since the start, as `locale:key`.
    pub fn missing(&self) -> Vec<String> {
        crate::locks::locked(&self.missing).iter().cloned().collect()
    }

    /// The message `key` in `locale`. A missing key shows as the key itself (and is logged), so a
    /// screen never breaks; the test `every_message_key_exists_in_every_language` keeps it rare.
    pub fn t(&self, locale: Locale, key: &str) -> String {
        self.format(&self.bundles[locale.index()], locale, key, None)
    }

    /// The message `key` with arguments, e.g. `[("count", 3.into())]`.
    pub fn t_args(&self, locale: Locale, key: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        let fargs = self.arguments(locale, args);
        self.format(&self.bundles[locale.index()], locale, key, Some(&fargs))
    }

    /// As [`I18n::t`], without the isolation marks that Fluent puts around arguments.
    pub fn t_plain(&self, locale: Locale, key: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        let fargs = self.arguments(locale, args);
        self.format(&self.plain[locale.index()], locale, key, Some(&fargs))
    }

    /// A message's arguments, and with a numeric `count` its plural category as `category`
    /// (ICU's): Arabic messages select on it, Fluent's own Arabic rules taking 394 for `other`
    /// and 103 for `few` on its hundreds alone.
    fn arguments<'a>(&self, locale: Locale, args: &[(&str, FluentValue<'a>)]) -> FluentArgs<'a> {
        let mut fargs = FluentArgs::new();
        for (name, value) in args {
            if let ("count", FluentValue::Number(n)) = (*name, value) {
                fargs.set("category", self.formatters.plural_category(locale, n.value));
            }
            fargs.set((*name).to_owned(), value.clone());
        }
        fargs
    }

    fn format(
        &self,
        bundle: &FluentBundle<FluentResource>,
        locale: Locale,
        key: &str,
        args: Option<&FluentArgs<'_>>,
    ) -> String {
        let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
            tracing::warn!(key, locale = locale.code(), "missing message");
            let mut missing = crate::locks::locked(&self.missing);
            if missing.len() < MISSING_KEPT {
                missing.insert(format!("{}:{key}", locale.code()));
            }
            return key.to_owned();
        };
        let mut errors = Vec::new();
        let text: Cow<'_, str> = bundle.format_pattern(pattern, args, &mut errors);
        if !errors.is_empty() {
            tracing::warn!(
                key,
                locale = locale.code(),
                ?errors,
                "message formatted with errors"
            );
        }
        text.into_owned()
    }

    /// Every message key of a language (for the completeness test).
    pub fn keys(locale: Locale) -> Result<BTreeSet<String>, CatalogueError> {
        let mut keys = BTreeSet::new();
        for (file, source) in files_of(locale) {
            let resource = parse(&file, source)?;
            for entry in resource.entries() {
                if let fluent_syntax::ast::Entry::Message(m) = entry {
                    keys.insert(m.id.name.to_owned());
                }
            }
        }
        Ok(keys)
    }
}

fn files_of(locale: Locale) -> Vec<(String, String)> {
    let prefix = format!("{}/", locale.code());
    let mut files: Vec<(String, String)> = LocaleFiles::iter()
        .filter(|name| name.starts_with(&prefix) && name.ends_with(".ftl"))
        .filter_map(|name| {
            let file = LocaleFiles::get(&name)?;
            Some((name.to_string(), String::from_utf8_lossy(&file.data).into_owned()))
        })
        .collect();
    files.sort();
    files
}

fn parse(file: &str, source: String) -> Result<FluentResource, CatalogueError> {
    FluentResource::try_new(source).map_err(|(_, errors)| CatalogueError {
        file: file.to_owned(),
        problem: format!("{errors:?}"),
    })
}

fn bundle(locale: Locale, isolating: bool) -> Result<FluentBundle<FluentResource>, CatalogueError> {
    let mut bundle = FluentBundle::new_concurrent(vec![locale.langid()]);
    bundle.set_use_isolating(isolating);
    bundle.set_formatter(Some(format::fluent_formatter(locale)));
    for (file, source) in files_of(locale) {
        let resource = parse(&file, source)?;
        bundle.add_resource(resource).map_err(|errors| CatalogueError {
            file: file.clone(),
            problem: format!("{errors:?}"),
        })?;
    }
    Ok(bundle)
}
