//! Pure text rules, no I/O: folding names for search in Arabic and Latin script, and the two
//! identifiers people are found by, the national ID card number (CIN) and the phone number.
//! Everything here is parsed once at the edge and trusted afterwards.

mod cin;
mod fold;
mod phone;
mod search;

pub use cin::Cin;
pub use fold::fold;
pub use phone::Phone;
pub use search::{QueryTerm, dedupe_key, name_keys, query_terms, skeleton};

/// Whether a text holds characters nobody types into a name and that change how it reads or
/// travels: control characters (NUL, escape, line breaks, U+0080–U+009F) and the bidirectional
/// overrides and isolates (U+202A–U+202E, U+2066–U+2069), which can reorder what a list or an
/// export shows. Joiners (U+200C, U+200D) are kept: some spellings need them.
pub fn has_hidden_controls(text: &str) -> bool {
    text.chars()
        .any(|c| c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
}

#[cfg(test)]
mod tests {
    use super::has_hidden_controls;

    #[test]
    fn names_with_hidden_controls_are_told_apart() {
        assert!(!has_hidden_controls("محمد العلوي"));
        assert!(!has_hidden_controls("Aït Ben Haddou"));
        assert!(!has_hidden_controls("مي\u{200C}سة"));
        assert!(has_hidden_controls("Ali\0"));
        assert!(has_hidden_controls("Ali\u{1b}[31m"));
        assert!(has_hidden_controls("Ali\nBaba"));
        assert!(has_hidden_controls("\u{202E}ilA"));
        assert!(has_hidden_controls("\u{85}"));
    }
}
