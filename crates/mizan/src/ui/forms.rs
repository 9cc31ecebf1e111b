//! What every form shares: a day typed in the ways people write it.

use chrono::NaiveDate;

/// A date as branches write it: `yyyy-mm-dd`, `dd/mm/yyyy`, `dd-mm-yyyy` or `dd.mm.yyyy`.
pub(crate) fn parse_date(s: &str) -> Option<NaiveDate> {
    // `NaiveDate::parse_from_str`, with the formats parsed once rather than at every call (an
    // import parses a date per row).
    static FORMATS: std::sync::LazyLock<Vec<Vec<chrono::format::Item<'static>>>> =
        std::sync::LazyLock::new(|| {
            ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y/%m/%d"]
                .into_iter()
                .map(|f| {
                    chrono::format::StrftimeItems::new(f)
                        .parse_to_owned()
                        .expect("a valid date format")
                })
                .collect()
        });
    let s = s.trim();
    FORMATS.iter().find_map(|items| {
        let mut parsed = chrono::format::Parsed::new();
        chrono::format::parse(&mut parsed, s, items.iter()).ok()?;
        parsed.to_naive_date().ok()
    })
}

/// Three numbers between separators, like a date that does not exist (31/02/2001).
pub fn looks_like_a_date(s: &str) -> bool {
    let parts: Vec<&str> = s.trim().split(['/', '-', '.']).collect();
    parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()))
}
