//! Phone numbers in E.164. Moroccan numbers are accepted the ways people write them
//! (`06 12 34 56 78`, `0612-345678`, `+212 6…`, `00212…`, `212…`); numbers abroad with their `+`.

/// A phone number in E.164 form (`+212612345678`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Phone(String);

impl Phone {
    pub fn parse(input: &str) -> Option<Phone> {
        let trimmed = input.trim();
        let plus = trimmed.starts_with('+');
        let mut digits = String::with_capacity(16);
        for c in trimmed.chars() {
            match c {
                '0'..='9' => digits.push(c),
                '\u{0660}'..='\u{0669}' => digits.push(char::from(b'0' + (c as u32 - 0x0660) as u8)),
                ' ' | '-' | '.' | '(' | ')' | '/' | '\u{a0}' => {}
                '+' if digits.is_empty() => {}
                _ => return None,
            }
        }
        let national = if plus {
            match digits.strip_prefix("212") {
                Some(rest) => rest.to_owned(),
                None => return ((8..=15).contains(&digits.len())).then(|| Phone(format!("+{digits}"))),
            }
        } else if let Some(rest) = digits.strip_prefix("00212") {
            rest.to_owned()
        } else if let Some(rest) = digits.strip_prefix("00") {
            return ((8..=15).contains(&rest.len())).then(|| Phone(format!("+{rest}")));
        } else if digits.len() == 12 && digits.starts_with("212") {
            digits[3..].to_owned()
        } else if let Some(rest) = digits.strip_prefix('0') {
            rest.to_owned()
        } else {
            digits
        };
        // A Moroccan number has 9 digits after the country code: 5 (fixed), 6 or 7 (mobile), 8 (VoIP).
        let national = national.strip_prefix('0').unwrap_or(&national).to_owned();
        let ok = national.len() == 9 && matches!(national.as_bytes()[0], b'5' | b'6' | b'7' | b'8');
        ok.then(|| Phone(format!("+212{national}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The last four digits, which people remember and search by.
    pub fn last_four(&self) -> &str {
        &self.0[self.0.len() - 4..]
    }
}

impl std::fmt::Display for Phone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::Phone;

    fn e164(s: &str) -> Option<String> {
        Phone::parse(s).map(|p| p.0)
    }

    #[test]
    fn moroccan_numbers_are_accepted_the_ways_people_write_them() {
        for written in [
            "06 12 34 56 78",
            "0612-345678",
            "+212 6 12 34 56 78",
            "00212612345678",
            "212612345678",
            "+212 (0)6 12 34 56 78",
        ] {
            assert_eq!(e164(written).as_deref(), Some("+212612345678"), "{written}");
        }
        assert_eq!(e164("0522 12 34 56").as_deref(), Some("+212522123456"));
        assert_eq!(e164("٠٦١٢٣٤٥٦٧٨").as_deref(), Some("+212612345678"));
    }

    #[test]
    fn numbers_abroad_keep_their_country_code_and_nonsense_is_refused() {
        assert_eq!(e164("+33 6 12 34 56 78").as_deref(), Some("+33612345678"));
        assert_eq!(e164("0033612345678").as_deref(), Some("+33612345678"));
        assert!(e164("12345").is_none());
        assert!(e164("0412345678").is_none(), "no Moroccan number starts with 4");
        assert!(e164("06 12 34 56 7").is_none());
        assert!(e164("phone: 0612345678").is_none());
        assert!(e164("").is_none());
    }
}
