//! Random secrets (session ids, anti-forgery and access tokens, one-time passwords) and password
//! hashing.
//!
//! Secrets are 256 bits from the OS-seeded CSPRNG, base64url-encoded; the store keeps only their
//! SHA-256, so a copy of the database lets nobody in. Passwords are hashed with argon2id at OWASP's
//! parameters (19 MiB, t=2, p=1), ~20 ms each, on the blocking pool and never more than one per
//! core at a time, so that a burst of logins cannot starve the async runtime.

use std::sync::{Arc, OnceLock};

use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};
use tokio::sync::Semaphore;

/// A fresh 256-bit random secret, base64url.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::fill(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// What the store keeps of a secret.
pub fn digest(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// A one-time password that is easy to type from a terminal: 4 groups of 5 letters and digits,
/// without look-alikes (0/O, 1/l/I). About 100 bits.
pub fn one_time_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut bytes = [0u8; 20];
    rand::fill(&mut bytes);
    let chars: Vec<char> = bytes
        .iter()
        .map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]))
        .collect();
    chars
        .chunks(5)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

/// Hashes and verifies passwords off the async runtime, a bounded number at a time.
#[derive(Clone, Debug)]
pub struct PasswordHashing {
    permits: Arc<Semaphore>,
}

impl PasswordHashing {
    pub fn new() -> PasswordHashing {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        PasswordHashing {
            permits: Arc::new(Semaphore::new(cores)),
        }
    }

    pub async fn hash(&self, password: String) -> anyhow::Result<String> {
        let _permit = self.permits.acquire().await?;
        tokio::task::spawn_blocking(move || hash_now(&password)).await?
    }

    /// Checks a password against a stored hash; with `None` (no such user) it checks against a
    /// dummy hash so that the answer takes as long either way.
    pub async fn verify(&self, password: String, hash: Option<String>) -> anyhow::Result<bool> {
        let _permit = self.permits.acquire().await?;
        tokio::task::spawn_blocking(move || {
            let hash = match hash {
                Some(h) => h,
                None => dummy_hash()?.to_owned(),
            };
            let ok = Argon2::default()
                .verify_password(password.as_bytes(), hash.as_str())
                .is_ok();
            Ok(ok)
        })
        .await?
    }
}

impl Default for PasswordHashing {
    fn default() -> Self {
        PasswordHashing::new()
    }
}

fn hash_now(password: &str) -> anyhow::Result<String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("password hashing failed: {e}"))
}

fn dummy_hash() -> anyhow::Result<&'static str> {
    static DUMMY: OnceLock<String> = OnceLock::new();
    if let Some(h) = DUMMY.get() {
        return Ok(h);
    }
    let h = hash_now(&random_token())?;
    Ok(DUMMY.get_or_init(|| h))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_time_passwords_are_long_and_never_repeat() {
        let a = one_time_password();
        assert_eq!(a.len(), 23);
        assert_ne!(a, one_time_password());
    }

    #[tokio::test]
    async fn a_hashed_password_verifies_and_a_wrong_one_does_not() {
        let hashing = PasswordHashing::new();
        let hash = hashing.hash("correct horse battery".into()).await.expect("hash");
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{hash}");
        assert!(
            hashing
                .verify("correct horse battery".into(), Some(hash.clone()))
                .await
                .expect("verify")
        );
        assert!(!hashing.verify("wrong".into(), Some(hash)).await.expect("verify"));
        assert!(!hashing.verify("anything".into(), None).await.expect("verify"));
    }
}
