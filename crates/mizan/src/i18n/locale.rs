//! The three languages of the product, parsed once at the edge.

use serde::{Deserialize, Serialize};
use unic_langid::LanguageIdentifier;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    /// Arabic, the default.
    #[default]
    Ar,
    Fr,
    En,
}

impl Locale {
    pub const ALL: [Locale; 3] = [Locale::Ar, Locale::Fr, Locale::En];

    pub fn code(self) -> &'static str {
        match self {
            Locale::Ar => "ar",
            Locale::Fr => "fr",
            Locale::En => "en",
        }
    }

    /// The text direction, for `<html dir>`.
    pub fn dir(self) -> &'static str {
        match self {
            Locale::Ar => "rtl",
            Locale::Fr | Locale::En => "ltr",
        }
    }

    /// One of three texts, by language (data that carries its own translations).
    pub fn pick<'a>(self, ar: &'a str, fr: &'a str, en: &'a str) -> &'a str {
        match self {
            Locale::Ar => ar,
            Locale::Fr => fr,
            Locale::En => en,
        }
    }

    /// The language's own name, for the switcher.
    pub fn native_name(self) -> &'static str {
        match self {
            Locale::Ar => "العربية",
            Locale::Fr => "Français",
            Locale::En => "English",
        }
    }

    pub fn parse(s: &str) -> Option<Locale> {
        let primary = s.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "ar" => Some(Locale::Ar),
            "fr" => Some(Locale::Fr),
            "en" => Some(Locale::En),
            _ => None,
        }
    }

    /// The best of our languages for an `Accept-Language` header, honouring its q-values.
    pub fn from_accept_language(header: &str) -> Option<Locale> {
        let mut best: Option<(f32, Locale)> = None;
        for part in header.split(',') {
            let mut pieces = part.split(';');
            let Some(tag) = pieces.next() else { continue };
            let q = pieces
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.parse::<f32>().ok())
                .unwrap_or(1.0);
            if let Some(locale) = Locale::parse(tag)
                && q > 0.0
                && best.is_none_or(|(bq, _)| q > bq)
            {
                best = Some((q, locale));
            }
        }
        best.map(|(_, locale)| locale)
    }

    pub(crate) fn index(self) -> usize {
        match self {
            Locale::Ar => 0,
            Locale::Fr => 1,
            Locale::En => 2,
        }
    }

    pub(crate) fn langid(self) -> LanguageIdentifier {
        let tag = match self {
            Locale::Ar => "ar-MA",
            Locale::Fr => "fr-MA",
            Locale::En => "en",
        };
        tag.parse().unwrap_or_default()
    }
}

impl std::fmt::Display for Locale {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::Locale;

    #[test]
    fn accept_language_picks_the_preferred_language_we_speak() {
        assert_eq!(
            Locale::from_accept_language("fr-FR,fr;q=0.9,en;q=0.8"),
            Some(Locale::Fr)
        );
        assert_eq!(
            Locale::from_accept_language("de-DE, en;q=0.5, ar;q=0.7"),
            Some(Locale::Ar)
        );
        assert_eq!(Locale::from_accept_language("de, es"), None);
        assert_eq!(Locale::from_accept_language("en;q=0, fr;q=0.1"), Some(Locale::Fr));
    }
}
