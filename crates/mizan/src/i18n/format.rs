//! Numbers and dates in the user's language, with ICU4X.
//!
//! `ar-MA` writes `1.234.567` with Latin digits (what Moroccan administrations print), `fr-MA`
//! writes `1 234 567`, English `1,234,567`. Dates use the Gregorian calendar in all three.

use std::sync::OnceLock;

use fixed_decimal::Decimal;
use fluent_bundle::FluentValue;
use icu_calendar::{Date, Gregorian};
use icu_datetime::FixedCalendarDateTimeFormatter;
use icu_datetime::fieldsets::{YM, YMD};
use icu_decimal::DecimalFormatter;
use icu_locale_core::{Locale as IcuLocale, locale};
use icu_plurals::{PluralCategory, PluralRules};

use super::Locale;

/// ICU formatters for each language, created once.
pub struct Formatters {
    decimal: [DecimalFormatter; 3],
    date: [FixedCalendarDateTimeFormatter<Gregorian, YMD>; 3],
    month: [FixedCalendarDateTimeFormatter<Gregorian, YM>; 3],
    plural: [PluralRules; 3],
}

fn icu_locale(locale: Locale) -> IcuLocale {
    match locale {
        Locale::Ar => locale!("ar-MA"),
        Locale::Fr => locale!("fr-MA"),
        Locale::En => locale!("en"),
    }
}

impl Formatters {
    /// The formatters; ICU's compiled data covers the three locales, so this cannot fail at run time
    /// for them (a test formats in each).
    #[expect(clippy::expect_used, reason = "compiled ICU data always holds ar, fr and en")]
    pub fn new() -> Formatters {
        let decimal = Locale::ALL.map(|l| {
            DecimalFormatter::try_new(icu_locale(l).into(), Default::default())
                .expect("decimal data for ar, fr, en is compiled in")
        });
        let date = Locale::ALL.map(|l| {
            FixedCalendarDateTimeFormatter::try_new(icu_locale(l).into(), YMD::long())
                .expect("date data for ar, fr, en is compiled in")
        });
        let month = Locale::ALL.map(|l| {
            FixedCalendarDateTimeFormatter::try_new(icu_locale(l).into(), YM::long())
                .expect("month data for ar, fr, en is compiled in")
        });
        let plural = Locale::ALL.map(|l| {
            PluralRules::try_new_cardinal(icu_locale(l).into())
                .expect("plural rules for ar, fr, en are compiled in")
        });
        Formatters {
            decimal,
            date,
            month,
            plural,
        }
    }

    /// The plural category of a count in `locale` (CLDR's: Arabic's `many` is 11–99 after the
    /// hundreds, so 394 is `many` and 100 `other`): `zero`, `one`, `two`, `few`, `many` or
    /// `other`. A count with a fraction is `other`.
    pub fn plural_category(&self, locale: Locale, n: f64) -> &'static str {
        #[expect(clippy::cast_possible_truncation, reason = "a whole count, far below 2^63")]
        let category = if n.fract() == 0.0 && n.abs() < 9.0e15 {
            self.plural[locale.index()].category_for(n as i64)
        } else {
            PluralCategory::Other
        };
        match category {
            PluralCategory::Zero => "zero",
            PluralCategory::One => "one",
            PluralCategory::Two => "two",
            PluralCategory::Few => "few",
            PluralCategory::Many => "many",
            PluralCategory::Other => "other",
        }
    }

    pub fn integer(&self, locale: Locale, n: i64) -> String {
        self.decimal[locale.index()].format(&Decimal::from(n)).to_string()
    }

    /// A number with `fraction_digits` digits after the separator (`12,5 %` in French).
    pub fn decimal(&self, locale: Locale, value: f64, fraction_digits: i16) -> String {
        let scaled = (value * 10f64.powi(i32::from(fraction_digits))).round();
        #[expect(
            clippy::cast_possible_truncation,
            reason = "rounded, and figures stay far below 2^63"
        )]
        let mut d = Decimal::from(scaled as i64);
        d.multiply_pow10(-fraction_digits);
        self.decimal[locale.index()].format(&d).to_string()
    }

    pub fn date(&self, locale: Locale, date: chrono::NaiveDate) -> String {
        use chrono::Datelike;
        #[expect(clippy::cast_possible_truncation, reason = "month and day fit in u8")]
        let Ok(d) = Date::try_new_gregorian(date.year(), date.month() as u8, date.day() as u8) else {
            return date.to_string();
        };
        self.date[locale.index()].format(&d).to_string()
    }

    /// A month of a year in words (`نونبر 2026`, `novembre 2026`, `November 2026`); what is not
    /// a month (`YYYY-MM`) is given back as it came.
    pub fn month(&self, locale: Locale, year_month: &str) -> String {
        let parsed = year_month
            .split_once('-')
            .and_then(|(y, m)| Some((y.parse::<i32>().ok()?, m.parse::<u8>().ok()?)));
        match parsed.and_then(|(y, m)| Date::try_new_gregorian(y, m, 1).ok()) {
            Some(d) => self.month[locale.index()].format(&d).to_string(),
            None => year_month.to_owned(),
        }
    }
}

impl Default for Formatters {
    fn default() -> Self {
        Formatters::new()
    }
}

fn shared() -> &'static Formatters {
    static SHARED: OnceLock<Formatters> = OnceLock::new();
    SHARED.get_or_init(Formatters::new)
}

fn format_number<const L: usize>(value: &FluentValue<'_>) -> Option<String> {
    let FluentValue::Number(n) = value else {
        return None;
    };
    let locale = Locale::ALL[L];
    let digits = n.options.minimum_fraction_digits.unwrap_or(0).min(6);
    if digits == 0 && n.value.fract() == 0.0 && n.value.abs() < 9.0e15 {
        #[expect(clippy::cast_possible_truncation, reason = "integral and in range")]
        return Some(shared().integer(locale, n.value as i64));
    }
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_possible_wrap,
        reason = "at most 6"
    )]
    let digits = if digits == 0 { 2 } else { digits as i16 };
    Some(shared().decimal(locale, n.value, digits))
}

/// The function Fluent calls to print a number inside a message of `locale`.
pub(super) fn fluent_formatter<M>(locale: Locale) -> fn(&FluentValue<'_>, &M) -> Option<String> {
    match locale {
        Locale::Ar => |v, _| format_number::<0>(v),
        Locale::Fr => |v, _| format_number::<1>(v),
        Locale::En => |v, _| format_number::<2>(v),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_grouped_the_way_each_language_writes_them() {
        let f = Formatters::new();
        assert_eq!(f.integer(Locale::Ar, 1_234_567), "1.234.567");
        assert_eq!(f.integer(Locale::En, 1_234_567), "1,234,567");
        // French as written in Morocco groups with dots too (fr-MA), unlike France.
        assert_eq!(f.integer(Locale::Fr, 1_234_567), "1.234.567");
        assert_eq!(f.decimal(Locale::Fr, 12.5, 1), "12,5");
    }

    #[test]
    fn dates_use_the_gregorian_calendar_with_month_names() {
        let f = Formatters::new();
        let d = chrono::NaiveDate::from_ymd_opt(2025, 11, 30).expect("valid");
        assert!(
            f.date(Locale::Fr, d).contains("novembre"),
            "{}",
            f.date(Locale::Fr, d)
        );
        assert!(f.date(Locale::En, d).contains("November"));
        // Morocco names the months its own way: نونبر, not نوفمبر.
        assert!(
            f.date(Locale::Ar, d).contains("نونبر"),
            "{}",
            f.date(Locale::Ar, d)
        );
    }

    #[test]
    fn months_are_written_in_words_and_what_is_not_a_month_is_left_alone() {
        let f = Formatters::new();
        assert_eq!(f.month(Locale::Fr, "2026-11"), "novembre 2026");
        assert_eq!(f.month(Locale::En, "2026-01"), "January 2026");
        assert!(
            f.month(Locale::Ar, "2026-11").contains("نونبر"),
            "{}",
            f.month(Locale::Ar, "2026-11")
        );
        assert_eq!(f.month(Locale::Fr, "2026-13"), "2026-13");
        assert_eq!(f.month(Locale::Fr, "soon"), "soon");
    }
}
