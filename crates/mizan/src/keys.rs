//! The master key: a 256-bit secret kept outside the database, from which keyed digests (blind
//! indexes) and, later, field encryption derive. A copy of the store alone reveals nothing keyed.
//!
//! Where it comes from, first found wins: `MIZAN_KEY` (64 hex digits), the file named by
//! `MIZAN_KEY_FILE`, or `<data dir>/mizan.key`, created with mode 0600 on first start.

use std::io::Write;
use std::path::{Path, PathBuf};

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

#[derive(Clone)]
pub struct MasterKey([u8; 32]);

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

impl MasterKey {
    /// Finds the key, creating the default key file if there is none anywhere.
    pub fn load_or_create(data_dir: &Path) -> anyhow::Result<(MasterKey, KeySource)> {
        if let Ok(text) = std::env::var("MIZAN_KEY") {
            return Ok((MasterKey(parse_hex(&text)?), KeySource::Environment));
        }
        let path = std::env::var("MIZAN_KEY_FILE").map_or_else(|_| default_path(data_dir), PathBuf::from);
        if path.exists() {
            let text = std::fs::read_to_string(&path)?;
            return Ok((MasterKey(parse_hex(&text)?), KeySource::File(path)));
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
        Ok((MasterKey(key), KeySource::File(path)))
    }

    /// A keyed digest of `value` for `purpose`: equal inputs give equal digests, and nobody
    /// without the key can test a guess against them.
    pub fn blind_index(&self, purpose: &str, value: &str) -> String {
        #[expect(clippy::expect_used, reason = "HMAC accepts keys of any length")]
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&self.0).expect("any key length");
        mac.update(purpose.as_bytes());
        mac.update(&[0]);
        mac.update(value.as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }

    #[cfg(test)]
    pub fn for_tests() -> MasterKey {
        MasterKey([7; 32])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
