//! Folding: the form of a name that search compares, so that spelling habits do not hide a person.
//!
//! Arabic: harakat, tatweel and Quranic marks removed; أ إ آ ٱ → ا; ى → ي; ة → ه; ؤ → و; ئ → ي;
//! Arabic-Indic digits → ASCII. Latin: lower case, accents removed. Anything that is not a letter
//! or a digit separates words; apostrophes join (M'hamed → mhamed).

use unicode_normalization::UnicodeNormalization;

fn fold_char_with(c: char, keep_taa: bool) -> Option<char> {
    Some(match c {
        'ة' if keep_taa => 'ة',
        // harakat, superscript alef, tatweel, Quranic annotation marks
        '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}' | '\u{06D6}'..='\u{06ED}' => return None,
        'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
        'ى' => 'ي',
        'ة' => 'ه',
        'ؤ' => 'و',
        'ئ' => 'ي',
        'ک' => 'ك',
        'ی' => 'ي',
        '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
        '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
        _ => c,
    })
}

/// The folded form of `text`: words of lower-case letters and digits separated by single spaces.
pub fn fold(text: &str) -> String {
    fold_with(text, false)
}

/// As [`fold`], but taa marbuta (ة) stays itself: search skeletons drop it, where a final ه is a
/// consonant ("الله").
pub(crate) fn fold_keeping_taa(text: &str) -> String {
    fold_with(text, true)
}

fn fold_with(text: &str, keep_taa: bool) -> String {
    fold_plain(text, keep_taa).unwrap_or_else(|| fold_decomposed(text, keep_taa))
}

/// The fold of a text written only in ASCII and the basic Arabic letters, marks and digits — what
/// nearly every name is — without the two Unicode normalizations: none of these characters is
/// changed by NFD except the hamza and madda forms (أ إ آ ؤ ئ), which fold to their base letter
/// either way. `None` for any other character: [`fold_decomposed`] folds those.
fn fold_plain(text: &str, keep_taa: bool) -> Option<String> {
    let mut words = Words::for_text(text);
    for c in text.chars() {
        let plain = c.is_ascii()
            || matches!(c, '\u{0621}'..='\u{065F}' | '\u{0660}'..='\u{0669}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}');
        if !plain {
            return None;
        }
        let Some(c) = fold_char_with(c, keep_taa) else {
            continue;
        };
        if matches!(c, '\'' | '`') {
            continue;
        }
        // Past `fold_char_with`, what is left of the Arabic range is letters.
        words.push(c, !c.is_ascii() || c.is_ascii_alphanumeric());
    }
    Some(words.text)
}

/// The fold of any text: decomposed (NFD) so that Latin accents come apart from their letters,
/// folded, then recomposed.
fn fold_decomposed(text: &str, keep_taa: bool) -> String {
    let mut words = Words::for_text(text);
    for c in text.nfd() {
        if unicode_normalization::char::is_combining_mark(c) && !('\u{0600}'..='\u{06FF}').contains(&c) {
            continue; // a Latin accent, separated by NFD
        }
        let Some(c) = fold_char_with(c, keep_taa) else {
            continue;
        };
        if matches!(c, '\'' | '’' | 'ʼ' | '`') {
            continue;
        }
        words.push(c, c.is_alphanumeric());
    }
    // NFD splits some Arabic letters (آ → ا + madda): fold the recomposed result once more.
    words
        .text
        .nfc()
        .filter_map(|c| fold_char_with(c, keep_taa))
        .collect()
}

/// Folded characters gathered into words: letters and digits in lower case, anything else one
/// space between two words.
struct Words {
    text: String,
    pending_space: bool,
}

impl Words {
    fn for_text(text: &str) -> Words {
        Words {
            text: String::with_capacity(text.len()),
            pending_space: false,
        }
    }

    /// Adds `c` to the current word if it is a letter or digit (`in_word`), else ends the word.
    fn push(&mut self, c: char, in_word: bool) {
        if !in_word {
            self.pending_space = true;
            return;
        }
        if self.pending_space && !self.text.is_empty() {
            self.text.push(' ');
        }
        self.pending_space = false;
        self.text.extend(c.to_lowercase());
    }
}

#[cfg(test)]
mod tests {
    use super::{fold, fold_decomposed, fold_plain};
    use proptest::prelude::*;

    proptest! {
        /// The shortcut for ASCII and basic Arabic folds exactly as the full path does.
        #[test]
        fn plain_texts_fold_as_decomposed_ones(
            text in "[ -~\u{0621}-\u{065F}\u{0660}-\u{0669}\u{0670}\u{06D6}-\u{06ED}]{0,24}",
            keep_taa: bool,
        ) {
            prop_assert_eq!(fold_plain(&text, keep_taa), Some(fold_decomposed(&text, keep_taa)));
        }
    }

    #[test]
    fn the_shortcut_takes_the_names_it_is_for() {
        for name in ["محمد العلوي", "أحمد", "Mohamed El-Alaoui", "M'hamed", "٠٦١٢"] {
            assert!(fold_plain(name, false).is_some(), "{name}");
        }
        for name in ["Hélène", "پوران", "ۀ"] {
            assert!(fold_plain(name, false).is_none(), "{name}");
        }
    }

    #[test]
    fn arabic_spelling_habits_fold_to_one_form() {
        assert_eq!(fold("أحمد"), fold("احمد"));
        assert_eq!(fold("إبراهيم"), "ابراهيم");
        assert_eq!(fold("مُحَمَّد"), "محمد");
        assert_eq!(fold("فاطمة"), "فاطمه");
        assert_eq!(fold("العلوى"), fold("العلوي"));
        assert_eq!(fold("عبـــد الله"), "عبد الله");
        assert_eq!(fold("آمنة"), "امنه");
        assert_eq!(fold("٠٦١٢"), "0612");
    }

    #[test]
    fn latin_case_accents_and_punctuation_fold_away() {
        assert_eq!(fold("  Hélène  EL-Fassi "), "helene el fassi");
        assert_eq!(fold("M'hamed"), "mhamed");
        assert_eq!(fold("Aït Benhaddou"), "ait benhaddou");
    }
}
