//! The master key: a 256-bit secret kept outside the database, from which keyed digests (blind
//! indexes) and, later, field encryption derive. A copy of the store alone reveals nothing keyed.
//!
//! Where it comes from, first found wins: `MIZAN_KEY` (64 hex digits), the file named by
//! `MIZAN_KEY_FILE`, or `<data dir>/mizan.key`, created with mode 0600 on first start.

use std::io::Write;
use std::path::{Path, PathBuf};

use chacha20poly1305::aead::{Aead, Payload};
use chacha20poly1305::{Key, XChaCha20Poly1305, XNonce};
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

const NONCE: usize = 24;

/// The master key, and the three keys derived from it: one seals fields, one makes blind
/// indexes, one chains the audit log.
#[derive(Clone)]
pub struct MasterKey {
    sealing: XChaCha20Poly1305,
    index: Hmac<Sha256>,
    audit: Hmac<Sha256>,
}

impl std::fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MasterKey(***)")
    }
}

/// Where the key was found (for `mizan configtest`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeySource {
    Environment,
    File(PathBuf),
}

pub fn default_path(data_dir: &Path) -> PathBuf {
    data_dir.join("mizan.key")
}

fn parse_hex(text: &str) -> anyhow::Result<[u8; 32]> {
    let bytes =
        hex::decode(text.trim()).map_err(|_| anyhow::anyhow!("the key must be 64 hexadecimal digits"))?;
    bytes
        .try_into()
        .map_err(|_| anyhow::anyhow!("the key must be 64 hexadecimal digits (256 bits)"))
}

fn hmac(key: &[u8]) -> Hmac<Sha256> {
    #[expect(clippy::expect_used, reason = "HMAC accepts keys of any length")]
    <Hmac<Sha256> as KeyInit>::new_from_slice(key).expect("any key length")
}

impl MasterKey {
    fn from_bytes(master: [u8; 32]) -> MasterKey {
        let derive = |purpose: &[u8]| -> [u8; 32] {
            let mut mac = hmac(&master);
            mac.update(purpose);
            mac.finalize().into_bytes().into()
        };
        MasterKey {
            sealing: XChaCha20Poly1305::new(&Key::from(derive(b"mizan/seal/v1"))),
            index: hmac(&derive(b"mizan/blind-index/v1")),
            audit: hmac(&derive(b"mizan/audit-chain/v1")),
        }
    }

    /// Finds the key where [`MasterKey::load_or_create`] would, without creating one (a check
    /// must not make up a key that cannot open anything).
    pub fn load(data_dir: &Path) -> anyhow::Result<MasterKey> {
        if let Ok(text) = std::env::var("MIZAN_KEY") {
            return Ok(MasterKey::from_bytes(parse_hex(&text)?));
        }
        let path = std::env::var("MIZAN_KEY_FILE").map_or_else(|_| default_path(data_dir), PathBuf::from);
        let text = std::fs::read_to_string(&path)
            .map_err(|e| anyhow::anyhow!("cannot read the master key {}: {e}", path.display()))?;
        Ok(MasterKey::from_bytes(parse_hex(&text)?))
    }

    /// Finds the key, creating the default key file if there is none anywhere.
    pub fn load_or_create(data_dir: &Path) -> anyhow::Result<(MasterKey, KeySource)> {
        if let Ok(text) = std::env::var("MIZAN_KEY") {
            return Ok((MasterKey::from_bytes(parse_hex(&text)?), KeySource::Environment));
        }
        let path = std::env::var("MIZAN_KEY_FILE").map_or_else(|_| default_path(data_dir), PathBuf::from);
        if path.exists() {
            let text = std::fs::read_to_string(&path)?;
            return Ok((MasterKey::from_bytes(parse_hex(&text)?), KeySource::File(path)));
        }
        let mut key = [0u8; 32];
        rand::fill(&mut key);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options.open(&path)?;
        writeln!(file, "{}", hex::encode(key))?;
        tracing::info!(path = %path.display(), "created the master key; back it up apart from the data");
        Ok((MasterKey::from_bytes(key), KeySource::File(path)))
    }

    /// A keyed digest of `value` for `purpose`: equal inputs give equal digests, and nobody
    /// without the key can test a guess against them.
    pub fn blind_index(&self, purpose: &str, value: &str) -> String {
        let mut mac = self.index.clone();
        mac.update(purpose.as_bytes());
        mac.update(&[0]);
        mac.update(value.as_bytes());
        // 128 bits: collisions stay out of reach at any registry's size, and the indexes stay small.
        hex_digits(&mac.finalize().into_bytes()[..16])
    }

    /// The keyed digest that links an audit entry into the chain (256 bits, hexadecimal): without
    /// the key, nobody can make a chain that verifies, even by recomputing every link.
    pub fn audit_link(&self, bytes: &[u8]) -> String {
        let mut mac = self.audit.clone();
        mac.update(bytes);
        hex_digits(&mac.finalize().into_bytes())
    }

    /// Seals `plaintext` bound to `context` (which column of which record): a random nonce, then
    /// the ciphertext and its tag. Opening it under another context fails.
    pub fn seal(&self, context: &str, plaintext: &[u8]) -> Vec<u8> {
        let mut nonce = [0u8; NONCE];
        rand::fill(&mut nonce);
        let payload = Payload {
            msg: plaintext,
            aad: context.as_bytes(),
        };
        match self.sealing.encrypt(&XNonce::from(nonce), payload) {
            Ok(ciphertext) => [nonce.as_slice(), &ciphertext].concat(),
            // Encryption fails only for messages longer than 256 GiB.
            Err(_) => unreachable!("a field is never that long"),
        }
    }

    /// Opens what [`MasterKey::seal`] made; `None` if it was altered, moved, or sealed by another key.
    pub fn open(&self, context: &str, sealed: &[u8]) -> Option<Vec<u8>> {
        if sealed.len() < NONCE {
            return None;
        }
        let (nonce, ciphertext) = sealed.split_at(NONCE);
        let nonce = XNonce::try_from(nonce).ok()?;
        self.sealing
            .decrypt(
                &nonce,
                Payload {
                    msg: ciphertext,
                    aad: context.as_bytes(),
                },
            )
            .ok()
    }

    /// Opens a sealed text field.
    pub fn open_text(&self, context: &str, sealed: &[u8]) -> Option<String> {
        self.open(context, sealed).and_then(|b| String::from_utf8(b).ok())
    }

    #[cfg(test)]
    pub fn for_tests() -> MasterKey {
        MasterKey::from_bytes([7; 32])
    }
}

/// `bytes` in lower-case hexadecimal (as `hex::encode`, a table lookup per byte instead of a
/// character iterator: digests and identifiers are made by the million in an import).
pub fn hex_digits(bytes: &[u8]) -> String {
    let mut digits = vec![0; bytes.len() * 2];
    hex::encode_to_slice(bytes, &mut digits).expect("two digits per byte");
    String::from_utf8(digits).expect("hexadecimal digits are ASCII")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_field_opens_only_in_its_own_place_and_with_its_own_key() {
        let key = MasterKey::for_tests();
        let sealed = key.seal("people.cin/abc", b"AB123456");
        assert!(
            !sealed.windows(8).any(|w| w == b"AB123456"),
            "no clear text in the sealed form"
        );
        assert_eq!(
            key.open("people.cin/abc", &sealed).as_deref(),
            Some(&b"AB123456"[..])
        );
        assert_eq!(
            key.open("people.cin/xyz", &sealed),
            None,
            "moved to another person"
        );
        assert_eq!(
            key.open("people.phone/abc", &sealed),
            None,
            "moved to another column"
        );
        assert_eq!(
            MasterKey::from_bytes([8; 32]).open("people.cin/abc", &sealed),
            None
        );
        let mut altered = sealed.clone();
        altered[30] ^= 1;
        assert_eq!(key.open("people.cin/abc", &altered), None);
        assert_ne!(
            key.seal("people.cin/abc", b"AB123456"),
            sealed,
            "a fresh nonce every time"
        );
    }

    #[test]
    fn blind_indexes_depend_on_purpose_and_value() {
        let key = MasterKey::for_tests();
        assert_eq!(
            key.blind_index("login", "admin"),
            key.blind_index("login", "admin")
        );
        assert_ne!(
            key.blind_index("login", "admin"),
            key.blind_index("login", "admim")
        );
        assert_ne!(
            key.blind_index("login", "admin"),
            key.blind_index("phone", "admin")
        );
    }
}
