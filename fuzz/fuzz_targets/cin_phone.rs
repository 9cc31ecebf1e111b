//! Any text, as typed in a CIN or phone field: a parsed value is in normal form, parsing it again
//! gives itself, and nothing panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mizan_text::{Cin, Phone};

fuzz_target!(|text: &str| {
    if let Some(cin) = Cin::parse(text) {
        let s = cin.as_str();
        assert!(s.len() <= 9 && s.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()));
        assert_eq!(Cin::parse(s).as_ref(), Some(&cin));
        let _ = cin.masked();
    }
    if let Some(phone) = Phone::parse(text) {
        let s = phone.as_str();
        assert!(s.starts_with('+') && s[1..].bytes().all(|b| b.is_ascii_digit()));
        assert_eq!(Phone::parse(s).as_ref(), Some(&phone));
        assert_eq!(phone.last_four().len(), 4);
    }
    let _ = mizan_text::fold(text);
    let _ = mizan_text::name_keys(&[text]);
});
