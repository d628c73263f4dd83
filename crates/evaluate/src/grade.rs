//! Grades from scores: cut-offs by score (e.g. chain-master evaluation 优秀 ≥ 90 / 良好 ≥ 80 / 合格 ≥
//! 60 / 不合格) or by rank share (e.g. per-mu benefit classes A = top 20 %, B = next 40 % …).
//! Score cut-offs include the stated number (以上 includes itself: Civil Code art. 1259).

use serde::{Deserialize, Serialize};

use crate::error::{EvalError, Result};
use crate::stats;

/// How units are put into bands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum GradeBasis {
    /// A unit takes the first band whose `min` its score reaches.
    Score,
    /// Bands take shares of the units from the top, in order.
    RankShare,
}

/// One band, listed from the best down.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Band {
    pub label: String,
    #[serde(default)]
    pub label_en: Option<String>,
    /// Score basis: the lowest score in the band (inclusive). The last band may omit it to take
    /// every remaining unit.
    #[serde(default)]
    pub min: Option<f64>,
    /// Rank-share basis: the share of units in the band (0–1). The last band may omit it to take
    /// the rest.
    #[serde(default)]
    pub share: Option<f64>,
}

/// Cut-offs of a framework.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Grading {
    pub by: GradeBasis,
    pub bands: Vec<Band>,
}

impl Grading {
    /// Checks the bands make sense for their basis.
    pub fn validate(&self) -> Result<()> {
        let err = |m: String| Err(EvalError::Grades(m));
        if self.bands.is_empty() {
            return err("no bands".into());
        }
        let last = self.bands.len() - 1;
        match self.by {
            GradeBasis::Score => {
                let mut prev = f64::INFINITY;
                for (k, b) in self.bands.iter().enumerate() {
                    match b.min {
                        Some(m) if m.is_finite() && m < prev => prev = m,
                        Some(m) => {
                            return err(format!(
                                "band `{}`: min {m} must be below the band above ({prev})",
                                b.label
                            ));
                        }
                        None if k == last => {}
                        None => {
                            return err(format!(
                                "band `{}` needs a min (only the last band may omit it)",
                                b.label
                            ));
                        }
                    }
                }
            }
            GradeBasis::RankShare => {
                let mut total = 0.0;
                for (k, b) in self.bands.iter().enumerate() {
                    match b.share {
                        Some(s) if s > 0.0 && s <= 1.0 => total += s,
                        Some(s) => {
                            return err(format!("band `{}`: share {s} must be in (0, 1]", b.label));
                        }
                        None if k == last => {}
                        None => {
                            return err(format!(
                                "band `{}` needs a share (only the last band may omit it)",
                                b.label
                            ));
                        }
                    }
                }
                if total > 1.0 + 1e-9 {
                    return err(format!("shares add up to {total} > 1"));
                }
            }
        }
        Ok(())
    }

    /// The band of each unit (`None`: no score, or below the last cut-off).
    pub fn assign(&self, scores: &[f64]) -> Result<Vec<Option<usize>>> {
        self.validate()?;
        Ok(match self.by {
            GradeBasis::Score => scores
                .iter()
                .map(|s| {
                    if s.is_nan() {
                        return None;
                    }
                    self.bands
                        .iter()
                        .position(|b| b.min.is_none_or(|m| *s >= m))
                })
                .collect(),
            GradeBasis::RankShare => {
                // "位列前 20 %": a unit is in band k when rank/n is at most the cumulative share of
                // bands 1..k (rank ≤ 0.2·n for the top 20 %); tied units share the better band.
                let ranks = stats::rank_descending(scores);
                let n = stats::count(scores) as f64;
                let mut cumulative = Vec::with_capacity(self.bands.len());
                let mut total = 0.0;
                for b in &self.bands {
                    total += b.share.unwrap_or(f64::INFINITY);
                    cumulative.push(total);
                }
                ranks
                    .iter()
                    .map(|r| {
                        if r.is_nan() {
                            return None;
                        }
                        cumulative.iter().position(|c| r / n <= c + 1e-12)
                    })
                    .collect()
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn band(label: &str, min: Option<f64>, share: Option<f64>) -> Band {
        Band {
            label: label.into(),
            label_en: None,
            min,
            share,
        }
    }

    #[test]
    fn score_cut_offs_include_the_stated_number() {
        let g = Grading {
            by: GradeBasis::Score,
            bands: vec![
                band("优秀", Some(90.0), None),
                band("良好", Some(80.0), None),
                band("合格", Some(60.0), None),
                band("不合格", None, None),
            ],
        };
        let got = g
            .assign(&[95.0, 90.0, 89.9, 60.0, 12.0, f64::NAN])
            .expect("valid");
        assert_eq!(got, vec![Some(0), Some(0), Some(1), Some(2), Some(3), None]);
        let open_bottom = Grading {
            by: GradeBasis::Score,
            bands: vec![band("pass", Some(60.0), None)],
        };
        assert_eq!(open_bottom.assign(&[59.0]).expect("valid"), vec![None]);
    }

    #[test]
    fn rank_shares_split_from_the_top() {
        // Ten units, A 20 % / B 40 % / C 35 % / D rest (Huai'an's per-mu classes): by hand
        // rank/n ≤ 0.2 → ranks 1–2 A, ≤ 0.6 → 3–6 B, ≤ 0.95 → 7–9 C, rank 10 → D.
        let g = Grading {
            by: GradeBasis::RankShare,
            bands: vec![
                band("A", None, Some(0.2)),
                band("B", None, Some(0.4)),
                band("C", None, Some(0.35)),
                band("D", None, None),
            ],
        };
        let scores: Vec<f64> = (1..=10).rev().map(f64::from).collect();
        let got: Vec<usize> = g
            .assign(&scores)
            .expect("valid")
            .into_iter()
            .flatten()
            .collect();
        assert_eq!(got, vec![0, 0, 1, 1, 1, 1, 2, 2, 2, 3]);
        // Ties share the better band: two units tied for 2nd of 10 are both A.
        let tied = g
            .assign(&[10.0, 9.0, 9.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.0])
            .expect("valid");
        assert_eq!(tied[..3], [Some(0), Some(0), Some(0)]);
    }

    #[test]
    fn inconsistent_bands_are_refused() {
        let rising = Grading {
            by: GradeBasis::Score,
            bands: vec![band("a", Some(60.0), None), band("b", Some(80.0), None)],
        };
        assert!(matches!(rising.validate(), Err(EvalError::Grades(_))));
        let over = Grading {
            by: GradeBasis::RankShare,
            bands: vec![band("a", None, Some(0.7)), band("b", None, Some(0.5))],
        };
        assert!(over.validate().is_err());
        let missing = Grading {
            by: GradeBasis::Score,
            bands: vec![band("a", None, None), band("b", Some(1.0), None)],
        };
        assert!(missing.validate().is_err());
    }
}
