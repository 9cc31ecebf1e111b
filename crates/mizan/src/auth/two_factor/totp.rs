//! Time-based one-time codes (RFC 6238, over RFC 4226's HOTP) as every authenticator app makes
//! them: HMAC-SHA1 of the 30-second step, 6 digits, a 160-bit secret shown in base32.

use chrono::{DateTime, Utc};
use hmac::{Hmac, KeyInit, Mac};
use sha1::Sha1;

/// Seconds per code.
pub const STEP_SECONDS: i64 = 30;
const DIGITS: u32 = 6;
/// The codes of the step before and after the current one are accepted too: a phone's clock a
/// little off, a code typed as it changed.
const SKEW: i64 = 1;
const BASE32: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// A user's shared secret (RFC 4226 recommends 160 bits).
#[derive(Clone, PartialEq, Eq)]
pub struct Secret([u8; 20]);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(…)")
    }
}

impl Secret {
    pub fn generate() -> Secret {
        let mut bytes = [0u8; 20];
        rand::fill(&mut bytes);
        Secret(bytes)
    }

    pub fn from_bytes(bytes: &[u8]) -> Option<Secret> {
        Some(Secret(bytes.try_into().ok()?))
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The secret as authenticator apps take it typed: base32 (RFC 4648), no padding.
    pub fn base32(&self) -> String {
        let mut out = String::with_capacity(32);
        let (mut buffer, mut bits) = (0u32, 0u32);
        for byte in self.0 {
            buffer = (buffer << 8) | u32::from(byte);
            bits += 8;
            while bits >= 5 {
                bits -= 5;
                out.push(char::from(BASE32[((buffer >> bits) & 31) as usize]));
            }
        }
        if bits > 0 {
            out.push(char::from(BASE32[((buffer << (5 - bits)) & 31) as usize]));
        }
        out
    }

    /// Reads [`Secret::base32`] back (case, spaces and padding ignored).
    pub fn from_base32(text: &str) -> Option<Secret> {
        let mut bytes = Vec::with_capacity(20);
        let (mut buffer, mut bits) = (0u32, 0u32);
        for c in text.chars().filter(|c| !c.is_whitespace() && *c != '=') {
            let value = BASE32
                .iter()
                .position(|b| char::from(*b) == c.to_ascii_uppercase())?;
            buffer = (buffer << 5) | value as u32;
            bits += 5;
            if bits >= 8 {
                bits -= 8;
                bytes.push((buffer >> bits) as u8);
            }
        }
        Secret::from_bytes(&bytes)
    }

    /// The `otpauth://` link that authenticator apps read from a QR code, or open when tapped.
    pub fn uri(&self, issuer: &str, account: &str) -> String {
        let label = percent(&format!("{issuer}:{account}"));
        format!(
            "otpauth://totp/{label}?secret={}&issuer={}&algorithm=SHA1&digits={DIGITS}&period={STEP_SECONDS}",
            self.base32(),
            percent(issuer)
        )
    }
}

fn percent(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// The time step of an instant.
pub fn step(at: DateTime<Utc>) -> i64 {
    at.timestamp().div_euclid(STEP_SECONDS)
}

/// HOTP (RFC 4226 §5.3): the dynamically truncated HMAC-SHA1 of the counter, `digits` long.
fn hotp(key: &[u8], counter: u64, digits: u32) -> u32 {
    let mut mac = <Hmac<Sha1> as KeyInit>::new_from_slice(key).expect("any key length");
    mac.update(&counter.to_be_bytes());
    let hash = mac.finalize().into_bytes();
    let offset = usize::from(hash[19] & 0x0f);
    let binary = u32::from_be_bytes([hash[offset], hash[offset + 1], hash[offset + 2], hash[offset + 3]])
        & 0x7fff_ffff;
    binary % 10u32.pow(digits)
}

/// The code an authenticator app shows at `at`.
pub fn code_at(secret: &Secret, at: DateTime<Utc>) -> String {
    let counter = u64::try_from(step(at)).unwrap_or_default();
    format!("{:06}", hotp(&secret.0, counter, DIGITS))
}

/// The step whose code `typed` is, if it is one of those accepted at `at` and later than
/// `after` (the last step used: a code is good once). `typed` is already cleaned to ASCII digits.
pub fn matching_step(secret: &Secret, typed: &str, at: DateTime<Utc>, after: Option<i64>) -> Option<i64> {
    if typed.len() != DIGITS as usize || !typed.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let now = step(at);
    (now - SKEW..=now + SKEW)
        .filter(|s| after.is_none_or(|last| *s > last))
        .find(|s| {
            let code = format!(
                "{:06}",
                hotp(&secret.0, u64::try_from(*s).unwrap_or_default(), DIGITS)
            );
            // Constant time: the comparison leaks nothing of the code.
            code.bytes()
                .zip(typed.bytes())
                .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                == 0
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn the_rfc_6238_test_vectors_for_sha1() {
        let key = b"12345678901234567890";
        for (time, expected) in [
            (59, 94287082),
            (1111111109, 7081804),
            (1111111111, 14050471),
            (1234567890, 89005924),
            (2000000000, 69279037),
            (20000000000, 65353130),
        ] {
            let counter = u64::try_from(time / STEP_SECONDS).expect("positive");
            assert_eq!(hotp(key, counter, 8), expected, "at {time}");
        }
    }

    #[test]
    fn the_rfc_4226_hotp_values() {
        let key = b"12345678901234567890";
        let expected = [
            755224, 287082, 359152, 969429, 338314, 254676, 287922, 162583, 399871, 520489,
        ];
        for (counter, code) in expected.into_iter().enumerate() {
            assert_eq!(hotp(key, counter as u64, 6), code);
        }
    }

    #[test]
    fn base32_as_rfc_4648_writes_it() {
        let secret = Secret::from_bytes(b"12345678901234567890").expect("20 bytes");
        assert_eq!(secret.base32(), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
        assert_eq!(
            Secret::from_base32("gezd gnbv gy3t qojq gezd gnbv gy3t qojq"),
            Some(secret)
        );
        assert_eq!(Secret::from_base32("GEZDGNBV"), None, "too short for a secret");
        assert_eq!(
            Secret::from_base32("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJ1"),
            None,
            "1 is not base32"
        );
    }

    #[test]
    fn a_code_is_accepted_one_step_around_and_only_once() {
        let secret = Secret::from_bytes(b"12345678901234567890").expect("20 bytes");
        let at = Utc.timestamp_opt(1_234_567_890, 0).single().expect("an instant");
        let code = code_at(&secret, at);
        assert_eq!(code, "005924");
        let now = step(at);
        assert_eq!(matching_step(&secret, &code, at, None), Some(now));
        assert_eq!(
            matching_step(&secret, &code, at + chrono::Duration::seconds(30), None),
            Some(now),
            "the previous step's code, just typed"
        );
        assert_eq!(
            matching_step(&secret, &code, at + chrono::Duration::seconds(90), None),
            None
        );
        assert_eq!(matching_step(&secret, &code, at, Some(now)), None, "used already");
        assert_eq!(matching_step(&secret, "5924", at, None), None);
    }

    #[test]
    fn the_link_names_the_issuer_and_the_account() {
        let secret = Secret::from_bytes(b"12345678901234567890").expect("20 bytes");
        assert_eq!(
            secret.uri("Mizan", "coord.taza"),
            "otpauth://totp/Mizan%3Acoord.taza?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Mizan\
             &algorithm=SHA1&digits=6&period=30"
        );
    }
}
