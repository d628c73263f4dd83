//! Three-valued (Kleene) logic: a condition holds, fails, or cannot be told from the data given.
//!
//! A missing fact does not make a verdict unknown when the rest already decides it: `No AND ?` is
//! `No`, `Yes OR ?` is `Yes`.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tri {
    Yes,
    No,
    Unknown,
}

impl Tri {
    pub fn from_bool(value: bool) -> Tri {
        if value { Tri::Yes } else { Tri::No }
    }

    pub fn and(self, other: Tri) -> Tri {
        match (self, other) {
            (Tri::No, _) | (_, Tri::No) => Tri::No,
            (Tri::Yes, Tri::Yes) => Tri::Yes,
            _ => Tri::Unknown,
        }
    }

    pub fn or(self, other: Tri) -> Tri {
        match (self, other) {
            (Tri::Yes, _) | (_, Tri::Yes) => Tri::Yes,
            (Tri::No, Tri::No) => Tri::No,
            _ => Tri::Unknown,
        }
    }

    /// Conjunction of many (`Yes` for none).
    pub fn all(values: impl IntoIterator<Item = Tri>) -> Tri {
        values.into_iter().fold(Tri::Yes, Tri::and)
    }

    /// Disjunction of many (`No` for none).
    pub fn any(values: impl IntoIterator<Item = Tri>) -> Tri {
        values.into_iter().fold(Tri::No, Tri::or)
    }
}

#[cfg(test)]
mod tests {
    use super::Tri::{self, No, Unknown, Yes};

    #[test]
    fn kleene_tables() {
        assert_eq!(No.and(Unknown), No);
        assert_eq!(Yes.and(Unknown), Unknown);
        assert_eq!(Yes.or(Unknown), Yes);
        assert_eq!(No.or(Unknown), Unknown);
        assert_eq!(Tri::all([]), Yes);
        assert_eq!(Tri::any([]), No);
        assert_eq!(Tri::any([No, Unknown, Yes]), Yes);
    }
}
