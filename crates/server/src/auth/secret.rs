//! Secrets: random values for session cookies, CSRF and bearer tokens, their SHA-256 for storage,
//! and argon2id password hashes (RustCrypto `argon2`, default parameters: 19 MiB, 2 passes).

use argon2::{Argon2, PasswordHasher, PasswordVerifier};
use sha2::{Digest, Sha256};

use crate::ApiError;

/// `bytes` random bytes from the operating system, as lowercase hex.
pub fn random_hex(bytes: usize) -> Result<String, ApiError> {
    let mut buffer = vec![0u8; bytes];
    getrandom::fill(&mut buffer).map_err(|e| {
        tracing::error!(%e, "no randomness from the operating system");
        ApiError::internal()
    })?;
    Ok(hex(&buffer))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// SHA-256 of a secret as lowercase hex: what the database stores instead of the secret. The
/// secrets are 256-bit random values, so a fast hash is enough (no dictionary to guess from).
pub fn digest(secret: &str) -> String {
    hex(&Sha256::digest(secret.as_bytes()))
}

/// Compares two strings in time that depends only on their lengths.
pub fn constant_time_eq(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// A password of 20 characters from an alphabet without look-alikes (about 115 bits).
pub fn generate_password() -> Result<String, ApiError> {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    let mut buffer = [0u8; 20];
    getrandom::fill(&mut buffer).map_err(|_| ApiError::internal())?;
    // 256 is not a multiple of 56: the bias (at most 1/256 per character) is immaterial here.
    Ok(buffer
        .iter()
        .map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char)
        .collect())
}

/// argon2id PHC string for `password` with a fresh salt.
pub fn hash_password(password: &str) -> Result<String, ApiError> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|hash| hash.to_string())
        .map_err(|e| {
            tracing::error!(%e, "password hashing failed");
            ApiError::internal()
        })
}

/// True when `password` matches the stored PHC string.
pub fn verify_password(password: &str, stored: &str) -> bool {
    Argon2::default()
        .verify_password(password.as_bytes(), stored)
        .is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_verify_only_themselves_and_secrets_differ() {
        let hash = hash_password("correct horse").unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("correct horse", &hash));
        assert!(!verify_password("correct hors", &hash));
        assert!(!verify_password("x", "not a phc string"));
        assert_ne!(random_hex(32).unwrap(), random_hex(32).unwrap());
        assert_eq!(random_hex(32).unwrap().len(), 64);
        assert_eq!(generate_password().unwrap().len(), 20);
        assert_eq!(digest("abc").len(), 64);
        assert!(constant_time_eq("abc", "abc") && !constant_time_eq("abc", "abd"));
    }
}
