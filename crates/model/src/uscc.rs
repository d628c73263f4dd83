//! Unified social credit code (统一社会信用代码, GB 32100-2015).
//!
//! 18 characters: registration authority (1), entity category (1), administrative division (6),
//! organisation code (9, GB 11714-1997, with its own check digit), check character (1).

use std::fmt;
use std::str::FromStr;

/// The 31 characters a USCC may contain, in value order (GB 32100 table 2: no I, O, S, V, Z).
const ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";

/// `W_i = 3^(i-1) mod 31` for positions 1..=17 (GB 32100 §5.3).
const WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// Weights of the organisation code's first eight characters (GB 11714-1997).
const ORG_WEIGHTS: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];

/// Registration authorities (登记管理部门) allowed in position 1: 1–9, A, N, Y.
const AUTHORITIES: &[u8] = b"123456789ANY";

pub const USCC_LEN: usize = 18;

/// A validated unified social credit code, stored in upper case.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Uscc([u8; USCC_LEN]);

/// Why a text is not a valid USCC. Positions are 1-based, as in the standard.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UsccError {
    #[error("a unified social credit code has 18 characters, found {found} in {value:?}")]
    Length { value: String, found: usize },
    #[error(
        "character {position} of {value:?} is {found:?}, which GB 32100 does not allow \
         (only 0-9 and A-Y without I, O, S, V, Z)"
    )]
    Character {
        value: String,
        position: usize,
        found: char,
    },
    #[error(
        "registration authority (character 1) of {value:?} is {found:?}; GB 32100 allows 1-9, A, N, Y"
    )]
    Authority { value: String, found: char },
    #[error(
        "administrative division (characters 3-8) of {value:?} must be digits, found {found:?}"
    )]
    Division { value: String, found: String },
    #[error(
        "organisation code check digit (character 17) of {value:?} should be {expected}, found {found} \
         (GB 11714)"
    )]
    OrganisationCheck {
        value: String,
        expected: char,
        found: char,
    },
    #[error("check character of {value:?} should be {expected}, found {found} (GB 32100)")]
    CheckCharacter {
        value: String,
        expected: char,
        found: char,
    },
}

fn alphabet_value(c: u8) -> Option<u32> {
    ALPHABET.iter().position(|&a| a == c).map(|v| v as u32)
}

/// Value of a character in the organisation code: digits 0–9, letters A–Z = 10–35.
fn org_value(c: u8) -> u32 {
    match c {
        b'0'..=b'9' => u32::from(c - b'0'),
        _ => u32::from(c - b'A') + 10,
    }
}

/// The check character for the first 17 characters (which must be in the alphabet).
fn check_character(first17: &[u8]) -> u8 {
    let sum: u32 = first17
        .iter()
        .zip(WEIGHTS)
        .map(|(&c, w)| alphabet_value(c).unwrap_or(0) * w)
        .sum();
    ALPHABET[((31 - sum % 31) % 31) as usize]
}

/// The check digit of an organisation code's first eight characters: `11 − (Σ mod 11)`,
/// where 10 is written X and 11 is written 0.
fn organisation_check(first8: &[u8]) -> u8 {
    let sum: u32 = first8
        .iter()
        .zip(ORG_WEIGHTS)
        .map(|(&c, w)| org_value(c) * w)
        .sum();
    match 11 - sum % 11 {
        10 => b'X',
        11 => b'0',
        d => b'0' + d as u8,
    }
}

impl Uscc {
    /// Parses a code, accepting surrounding whitespace and lower-case letters.
    pub fn parse(text: &str) -> Result<Self, UsccError> {
        let value = text.trim().to_ascii_uppercase();
        let bytes = value.as_bytes();
        if bytes.len() != USCC_LEN || value.chars().count() != USCC_LEN {
            return Err(UsccError::Length {
                found: value.chars().count(),
                value,
            });
        }
        if let Some(position) = bytes.iter().position(|&c| alphabet_value(c).is_none()) {
            return Err(UsccError::Character {
                position: position + 1,
                found: char::from(bytes[position]),
                value,
            });
        }
        if !AUTHORITIES.contains(&bytes[0]) {
            return Err(UsccError::Authority {
                found: char::from(bytes[0]),
                value,
            });
        }
        if !bytes[2..8].iter().all(u8::is_ascii_digit) {
            return Err(UsccError::Division {
                found: value[2..8].to_owned(),
                value,
            });
        }
        let org_expected = organisation_check(&bytes[8..16]);
        if bytes[16] != org_expected {
            return Err(UsccError::OrganisationCheck {
                expected: char::from(org_expected),
                found: char::from(bytes[16]),
                value,
            });
        }
        let expected = check_character(&bytes[..17]);
        if bytes[17] != expected {
            return Err(UsccError::CheckCharacter {
                expected: char::from(expected),
                found: char::from(bytes[17]),
                value,
            });
        }
        let mut code = [0u8; USCC_LEN];
        code.copy_from_slice(bytes);
        Ok(Uscc(code))
    }

    /// Builds a valid code from its parts by computing both check characters. Used by the demo
    /// generator; `authority`, `category` and `organisation` must be in the USCC alphabet and
    /// `division` six digits, otherwise `None`.
    pub fn assemble(
        authority: u8,
        category: u8,
        division: &str,
        organisation: &[u8; 8],
    ) -> Option<Self> {
        let mut code = [0u8; USCC_LEN];
        code[0] = authority;
        code[1] = category;
        if division.len() != 6 || !division.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        code[2..8].copy_from_slice(division.as_bytes());
        code[8..16].copy_from_slice(organisation);
        code[16] = organisation_check(organisation);
        code[17] = check_character(&code[..17]);
        let text = std::str::from_utf8(&code).ok()?;
        Uscc::parse(text).ok()
    }

    pub fn as_str(&self) -> &str {
        // Only alphabet bytes are ever stored.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }

    /// Registration authority (登记管理部门代码), character 1.
    pub fn authority(&self) -> char {
        char::from(self.0[0])
    }

    /// Entity category (机构类别代码), character 2.
    pub fn category(&self) -> char {
        char::from(self.0[1])
    }

    /// The administrative division the code was issued in (characters 3–8). It records where the
    /// entity was first registered, which need not be where it is now.
    pub fn division(&self) -> &str {
        &self.as_str()[2..8]
    }

    /// The embedded 9-character organisation code (组织机构代码, characters 9–17).
    pub fn organisation_code(&self) -> &str {
        &self.as_str()[8..17]
    }
}

impl FromStr for Uscc {
    type Err = UsccError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Uscc::parse(s)
    }
}

impl fmt::Display for Uscc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Uscc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Uscc({})", self.as_str())
    }
}

crate::serde_as_text!(Uscc);

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn published_examples_are_valid() {
        for code in ["91110108551385082Q", "91110000600037341L"] {
            assert_eq!(Uscc::parse(code).unwrap().as_str(), code);
        }
    }

    #[test]
    fn lower_case_and_whitespace_are_normalised() {
        let code = Uscc::parse(" 91110108551385082q ").unwrap();
        assert_eq!(code.to_string(), "91110108551385082Q");
        assert_eq!(code.division(), "110108");
        assert_eq!(code.organisation_code(), "551385082");
    }

    #[test]
    fn wrong_check_character_names_the_expected_one() {
        let err = Uscc::parse("911101085513850823").unwrap_err();
        assert_eq!(
            err,
            UsccError::CheckCharacter {
                value: "911101085513850823".into(),
                expected: 'Q',
                found: '3'
            }
        );
        assert!(err.to_string().contains("should be Q, found 3"), "{err}");
    }

    #[test]
    fn codes_from_authorities_a_n_and_y_are_valid() {
        for authority in [b'A', b'N', b'Y'] {
            let code = Uscc::assemble(authority, b'1', "140100", b"MA0K3X2P").unwrap();
            assert_eq!(code.authority(), char::from(authority));
            assert!(Uscc::parse(code.as_str()).is_ok());
        }
    }

    #[test]
    fn each_rule_is_reported() {
        assert!(matches!(
            Uscc::parse("9111010855138508"),
            Err(UsccError::Length { found: 16, .. })
        ));
        assert!(matches!(
            Uscc::parse("91110108551385O82Q"),
            Err(UsccError::Character {
                position: 15,
                found: 'O',
                ..
            })
        ));
        assert!(matches!(
            Uscc::parse("B1110108551385082Q"),
            Err(UsccError::Authority { found: 'B', .. })
        ));
        assert!(matches!(
            Uscc::parse("9111A108551385082Q"),
            Err(UsccError::Division { .. })
        ));
        assert!(matches!(
            Uscc::parse("91110108551385080Q"),
            Err(UsccError::OrganisationCheck {
                expected: '2',
                found: '0',
                ..
            })
        ));
        assert!(matches!(
            Uscc::parse("九1110108551385082Q"),
            Err(UsccError::Length { .. })
        ));
    }

    #[test]
    fn organisation_check_digit_x_and_zero() {
        // 11 − (Σ mod 11) = 10 is written X; = 11 is written 0. Find one of each by search.
        let mut seen = (false, false);
        for n in 0..10_000u32 {
            let org = format!("{n:08}");
            match organisation_check(org.as_bytes()) {
                b'X' => seen.0 = true,
                b'0' => seen.1 = true,
                _ => {}
            }
        }
        assert_eq!(seen, (true, true));
    }

    fn valid_code() -> impl Strategy<Value = Uscc> {
        let authority = prop::sample::select(AUTHORITIES.to_vec());
        let category = prop::sample::select(ALPHABET.to_vec());
        let division = "[0-9]{6}";
        let org_char = prop::sample::select(ALPHABET.to_vec());
        (
            authority,
            category,
            division,
            prop::array::uniform8(org_char),
        )
            .prop_filter_map("assembled", |(a, c, d, o)| Uscc::assemble(a, c, &d, &o))
    }

    proptest! {
        #[test]
        fn valid_codes_round_trip(code in valid_code()) {
            let text = code.to_string();
            prop_assert_eq!(Uscc::parse(&text).unwrap(), code);
            prop_assert_eq!(text.parse::<Uscc>().unwrap(), code);
        }

        #[test]
        fn every_single_character_change_is_caught(
            code in valid_code(),
            position in 0usize..USCC_LEN,
            replacement in prop::sample::select((b'0'..=b'9').chain(b'A'..=b'Z').collect::<Vec<u8>>()),
        ) {
            let mut bytes = code.0;
            prop_assume!(bytes[position] != replacement);
            bytes[position] = replacement;
            let text = String::from_utf8(bytes.to_vec()).unwrap();
            prop_assert!(Uscc::parse(&text).is_err(), "{} accepted", text);
        }
    }
}
