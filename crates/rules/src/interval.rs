//! Band edges as rule files state them: interval notation with explicit open/closed ends.
//!
//! `[3%, 5%)` is 3 % inclusive to 5 % exclusive; `(-inf, 55%]` is "55 % 以下" (inclusive, Civil
//! Code art. 1259); `(1000万, inf)` is "more than 10 million". Numbers take the suffixes `%`
//! (÷100), `万` (×10⁴) and `亿` (×10⁸); ordinal measures also accept their level names
//! (`[provincial, inf)`).

use serde::Serialize;

use crate::text::parse_scaled;
use crate::tri::Tri;

/// Values this close to an edge (relative, or absolute below 1) count as on the edge: derived
/// ratios such as `sqrt(1.21) − 1` carry floating-point noise that must not move a firm across a
/// band edge.
const EDGE_TOLERANCE: f64 = 1e-12;

/// One interval of the real line.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Interval {
    pub lo: f64,
    pub lo_closed: bool,
    pub hi: f64,
    pub hi_closed: bool,
}

/// Why interval text was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("interval `{text}`: {reason}")]
pub struct IntervalError {
    pub text: String,
    pub reason: String,
}

/// Which way a value must move to enter an interval, and to which edge.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Edge {
    pub value: f64,
    /// The edge itself is inside (`≥`/`≤`), or only values beyond it (`>`/`<`).
    pub closed: bool,
    /// `true` when the value must rise to the edge, `false` when it must fall.
    pub raise: bool,
}

fn near(x: f64, edge: f64) -> bool {
    edge.is_finite() && (x - edge).abs() <= EDGE_TOLERANCE * edge.abs().max(1.0)
}

impl Interval {
    /// Parses interval notation; `levels` names the values 0, 1, 2 … of an ordinal measure.
    pub fn parse(text: &str, levels: &[&str]) -> Result<Interval, IntervalError> {
        let error = |reason: &str| IntervalError {
            text: text.to_owned(),
            reason: reason.to_owned(),
        };
        let trimmed = text.trim();
        let lo_closed = match trimmed.chars().next() {
            Some('[') => true,
            Some('(') => false,
            _ => return Err(error("must start with `[` (inclusive) or `(` (exclusive)")),
        };
        let hi_closed = match trimmed.chars().last() {
            Some(']') => true,
            Some(')') => false,
            _ => return Err(error("must end with `]` (inclusive) or `)` (exclusive)")),
        };
        let inner = &trimmed[1..trimmed.len() - 1];
        let Some((lo_text, hi_text)) = inner.split_once(',') else {
            return Err(error("needs two bounds separated by a comma"));
        };
        let lo = parse_bound(lo_text.trim(), levels).map_err(|reason| error(&reason))?;
        let hi = parse_bound(hi_text.trim(), levels).map_err(|reason| error(&reason))?;
        if (lo.is_infinite() && lo_closed) || (hi.is_infinite() && hi_closed) {
            return Err(error(
                "an infinite bound is always open: write `(-inf` or `inf)`",
            ));
        }
        if lo == f64::INFINITY || hi == f64::NEG_INFINITY {
            return Err(error("the lower bound must be below the upper bound"));
        }
        if lo > hi || (lo == hi && !(lo_closed && hi_closed)) {
            return Err(error("the interval is empty"));
        }
        Ok(Interval {
            lo,
            lo_closed,
            hi,
            hi_closed,
        })
    }

    /// Whether `x` lies inside, with edge tolerance.
    pub fn contains(&self, x: f64) -> bool {
        if x.is_nan() {
            return false;
        }
        let above_lo = if near(x, self.lo) {
            self.lo_closed
        } else {
            x > self.lo
        };
        let below_hi = if near(x, self.hi) {
            self.hi_closed
        } else {
            x < self.hi
        };
        above_lo && below_hi
    }

    /// Whether a value known only to lie in `[lo, hi]` is inside: `Yes` when the whole range is,
    /// `No` when none of it is, `Unknown` otherwise.
    pub fn test_range(&self, lo: f64, hi: f64) -> Tri {
        if lo == hi {
            return Tri::from_bool(self.contains(lo));
        }
        // An unbounded reading lies inside an interval unbounded on the same side: its values
        // are finite, however large.
        let lo_inside = self.contains(lo) || (lo == f64::NEG_INFINITY && self.lo == lo);
        let hi_inside = self.contains(hi) || (hi == f64::INFINITY && self.hi == hi);
        if lo_inside && hi_inside {
            return Tri::Yes;
        }
        let entirely_below = hi < self.lo || (near(hi, self.lo) && !self.lo_closed);
        let entirely_above = lo > self.hi || (near(lo, self.hi) && !self.hi_closed);
        if entirely_below || entirely_above {
            Tri::No
        } else {
            Tri::Unknown
        }
    }

    /// Whether the two intervals share a point (used to reject overlapping bands).
    pub fn overlaps(&self, other: &Interval) -> bool {
        let lo_ok = |a: &Interval, b: &Interval| {
            // a's upper end is above b's lower end.
            a.hi > b.lo || (a.hi == b.lo && a.hi_closed && b.lo_closed)
        };
        lo_ok(self, other) && lo_ok(other, self)
    }

    /// The edge a value outside must reach, or `None` when it is inside.
    pub fn edge_to_reach(&self, x: f64) -> Option<Edge> {
        if self.contains(x) {
            return None;
        }
        if x <= self.lo || near(x, self.lo) {
            Some(Edge {
                value: self.lo,
                closed: self.lo_closed,
                raise: true,
            })
        } else {
            Some(Edge {
                value: self.hi,
                closed: self.hi_closed,
                raise: false,
            })
        }
    }
}

fn parse_bound(text: &str, levels: &[&str]) -> Result<f64, String> {
    match text {
        "-inf" | "-∞" => return Ok(f64::NEG_INFINITY),
        "inf" | "+inf" | "∞" => return Ok(f64::INFINITY),
        _ => {}
    }
    if let Some(index) = levels.iter().position(|level| *level == text) {
        return Ok(index as f64);
    }
    parse_scaled(text).ok_or_else(|| {
        if levels.is_empty() {
            format!("`{text}` is not a number")
        } else {
            format!(
                "`{text}` is neither a number nor one of {}",
                levels.join(", ")
            )
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iv(text: &str) -> Interval {
        Interval::parse(text, &[]).unwrap()
    }

    #[test]
    fn parses_suffixes_exactly() {
        assert_eq!(iv("[3%, 5%)").lo, 0.03);
        assert_eq!(iv("[3%, 5%)").lo, 300_000.0 / 10_000_000.0);
        assert_eq!(iv("[500万, inf)").lo, 5_000_000.0);
        assert_eq!(iv("[1.5亿, inf)").lo, 150_000_000.0);
        assert_eq!(iv("(-inf, 1_000)").hi, 1000.0);
        let levels = ["none", "city", "provincial"];
        assert_eq!(
            Interval::parse("[provincial, inf)", &levels).unwrap().lo,
            2.0
        );
    }

    #[test]
    fn rejects_malformed_text() {
        for bad in [
            "3%, 5%",
            "[3%; 5%)",
            "[5%, 3%)",
            "[5%, 5%)",
            "[x, 1]",
            "[1, inf]",
            "[inf, inf)",
            "[1e3, 2)",
        ] {
            assert!(Interval::parse(bad, &[]).is_err(), "{bad}");
        }
    }

    #[test]
    fn edges_follow_the_brackets() {
        let band = iv("(55%, 75%]");
        assert!(!band.contains(0.55));
        assert!(band.contains(0.550_001));
        assert!(band.contains(0.75));
        assert!(!band.contains(0.750_001));
        // Floating-point noise at an edge counts as the edge.
        assert!(iv("[10%, inf)").contains(1.21f64.sqrt() - 1.0 - 1e-15));
    }

    #[test]
    fn ranges_of_uncertain_values() {
        let at_least_two = iv("[2, inf)");
        assert_eq!(at_least_two.test_range(2.0, 4.0), Tri::Yes);
        assert_eq!(at_least_two.test_range(0.0, 1.0), Tri::No);
        assert_eq!(at_least_two.test_range(1.0, 3.0), Tri::Unknown);
        assert_eq!(iv("(2, inf)").test_range(0.0, 2.0), Tri::No);
        assert_eq!(at_least_two.test_range(3.0, f64::INFINITY), Tri::Yes);
        assert_eq!(iv("[2, 9)").test_range(3.0, f64::INFINITY), Tri::Unknown);
    }

    #[test]
    fn overlap_and_edges() {
        assert!(!iv("[1%, 2%)").overlaps(&iv("[2%, 3%)")));
        assert!(iv("[1%, 2%]").overlaps(&iv("[2%, 3%)")));
        assert!(!iv("(-inf, 55%]").overlaps(&iv("(55%, 75%]")));
        let edge = iv("[3%, inf)").edge_to_reach(0.024).unwrap();
        assert!(edge.raise && edge.closed && edge.value == 0.03);
        let edge = iv("(-inf, 70%]").edge_to_reach(0.8).unwrap();
        assert!(!edge.raise && edge.value == 0.7);
        assert_eq!(iv("[3%, inf)").edge_to_reach(0.05), None);
    }
}
