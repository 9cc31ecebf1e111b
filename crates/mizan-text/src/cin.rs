//! The Moroccan national identity card number (CIN): one or two letters, then digits.

/// A CIN in its normal form: upper case, no spaces (`AB123456`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Cin(String);

impl Cin {
    /// Accepts `ab 123456`, `AB-123456`, `k12345`; refuses anything else.
    pub fn parse(input: &str) -> Option<Cin> {
        let s: String = input
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '.' | '\u{a0}'))
            .flat_map(char::to_uppercase)
            .collect();
        let letters = s.chars().take_while(char::is_ascii_uppercase).count();
        let digits = &s[letters..];
        let ok = (1..=2).contains(&letters)
            && (1..=7).contains(&digits.len())
            && digits.bytes().all(|b| b.is_ascii_digit())
            && s.len() <= 9;
        ok.then_some(Cin(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The CIN as shown to those who may not see it: its letters and last two digits (`AB****56`).
    pub fn masked(&self) -> String {
        let letters = self.0.chars().take_while(char::is_ascii_uppercase).count();
        let digits = self.0.len() - letters;
        let shown = 2.min(digits);
        format!(
            "{}{}{}",
            &self.0[..letters],
            "*".repeat(digits - shown),
            &self.0[self.0.len() - shown..]
        )
    }
}

impl std::fmt::Display for Cin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::Cin;

    #[test]
    fn cins_are_normalized_and_checked() {
        assert_eq!(Cin::parse(" ab 123456 ").map(|c| c.0), Some("AB123456".into()));
        assert_eq!(Cin::parse("k-12345").map(|c| c.0), Some("K12345".into()));
        assert!(Cin::parse("123456").is_none());
        assert!(Cin::parse("ABC12345").is_none());
        assert!(Cin::parse("AB12A45").is_none());
        assert!(Cin::parse("AB").is_none());
        assert!(Cin::parse("").is_none());
        assert!(Cin::parse("ب123456").is_none());
    }

    #[test]
    fn a_masked_cin_keeps_its_letters_and_last_two_digits() {
        assert_eq!(
            Cin::parse("AB123456").map(|c| c.masked()),
            Some("AB****56".into())
        );
        assert_eq!(Cin::parse("K7").map(|c| c.masked()), Some("K7".into()));
    }
}
