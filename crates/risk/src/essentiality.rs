//! Industry × industry essentiality of inputs (Pichler et al. 2021 survey layout): how much an
//! industry's production suffers when inputs from another industry are missing.

use std::collections::HashMap;

/// Importance of inputs from a supplying industry for a producing industry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum Essentiality {
    /// 0: the input does not matter for production.
    Irrelevant = 0,
    /// 1: production falls in proportion to the missing input (linear production function).
    Linear = 1,
    /// 2: production stops without it (Leontief production function).
    Essential = 2,
}

impl Essentiality {
    /// From the survey's 0/1/2 coding.
    pub fn from_code(code: u8) -> Option<Self> {
        match code {
            0 => Some(Essentiality::Irrelevant),
            1 => Some(Essentiality::Linear),
            2 => Some(Essentiality::Essential),
            _ => None,
        }
    }

    pub fn code(self) -> u8 {
        self as u8
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EssentialityError {
    #[error("essentiality matrix: {codes} industry codes but {values} values (expected codes²)")]
    Shape { codes: usize, values: usize },
    #[error("essentiality matrix: industry code {code:?} appears twice")]
    DuplicateCode { code: String },
}

/// A square matrix `E[k][l]`: importance of inputs from industry `k` (row, supplier) for
/// producing in industry `l` (column, customer), over caller-chosen industry codes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EssentialityMatrix {
    codes: Vec<String>,
    index: HashMap<String, usize>,
    values: Vec<Essentiality>,
}

impl EssentialityMatrix {
    /// `values` is row-major: `values[k * codes.len() + l]`.
    pub fn new(codes: Vec<String>, values: Vec<Essentiality>) -> Result<Self, EssentialityError> {
        if values.len() != codes.len() * codes.len() {
            return Err(EssentialityError::Shape {
                codes: codes.len(),
                values: values.len(),
            });
        }
        let mut index = HashMap::with_capacity(codes.len());
        for (position, code) in codes.iter().enumerate() {
            if index.insert(code.clone(), position).is_some() {
                return Err(EssentialityError::DuplicateCode { code: code.clone() });
            }
        }
        Ok(EssentialityMatrix {
            codes,
            index,
            values,
        })
    }

    /// The same value for every pair (the "all linear" and "all essential" settings).
    pub fn uniform(codes: Vec<String>, value: Essentiality) -> Result<Self, EssentialityError> {
        let values = vec![value; codes.len() * codes.len()];
        Self::new(codes, values)
    }

    /// Number of industries `m`.
    pub fn len(&self) -> usize {
        self.codes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }

    pub fn codes(&self) -> &[String] {
        &self.codes
    }

    /// Position of `code` in the matrix.
    pub fn index_of(&self, code: &str) -> Option<usize> {
        self.index.get(code).copied()
    }

    /// `E[supplier][customer]` by industry index.
    pub fn get(&self, supplier: usize, customer: usize) -> Essentiality {
        self.values[supplier * self.codes.len() + customer]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shape_and_duplicates_are_checked() {
        let codes = vec!["a".to_owned(), "b".to_owned()];
        assert!(matches!(
            EssentialityMatrix::new(codes.clone(), vec![Essentiality::Linear; 3]),
            Err(EssentialityError::Shape {
                codes: 2,
                values: 3
            })
        ));
        assert!(matches!(
            EssentialityMatrix::uniform(vec!["a".into(), "a".into()], Essentiality::Linear),
            Err(EssentialityError::DuplicateCode { .. })
        ));
        let values = vec![
            Essentiality::Essential,
            Essentiality::Linear,
            Essentiality::Irrelevant,
            Essentiality::Linear,
        ];
        let matrix = EssentialityMatrix::new(codes, values).unwrap();
        assert_eq!(matrix.get(0, 1), Essentiality::Linear);
        assert_eq!(matrix.get(1, 0), Essentiality::Irrelevant);
        assert_eq!(matrix.index_of("b"), Some(1));
        assert_eq!(Essentiality::from_code(2), Some(Essentiality::Essential));
        assert_eq!(Essentiality::from_code(3), None);
    }
}
