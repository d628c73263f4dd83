//! A compact text syntax for methods and assumptions, for command lines and query strings:
//!
//! - treatment: `none`, `coinr`, `coinr:WINMAX`
//! - normalisation: `none`, `minmax[:L,U]`, `zscore[:MEAN,SD]`, `dist-target[:cap]`, `dist-max`,
//!   `frac-max`, `rank`, `borda`, `prank`, `goalposts:L,U,SCALE`
//! - imputation: `none`, `mean`, `median`, `group-mean:COLUMN`, `group-median:COLUMN`
//! - weights: `meta`, `equal`, `pca`, `entropy`
//! - aggregation: `amean`, `gmean`, `hmean`, `copeland`, `topsis`
//! - assumption: `treat=A|B…`, `normalise=A|B…`, `impute=…`, `weights=…`, `aggregate=…`,
//!   `exclude=none|CODE|CODE+CODE…`, `noise=LEVEL:FACTOR[,LEVEL:FACTOR…]/SETS`,
//!   `weight:CODE=LOWER..UPPER`

use std::str::FromStr;

use crate::aggregate::Aggregation;
use crate::error::EvalError;
use crate::impute::Imputation;
use crate::normalise::Normalisation;
use crate::sensitivity::{Assumption, AssumptionKind, LevelNoise};
use crate::treat::Treatment;
use crate::weights::Weighting;

fn syntax(what: &'static str, text: &str, reason: impl Into<String>) -> EvalError {
    EvalError::Syntax {
        what,
        text: text.to_owned(),
        reason: reason.into(),
    }
}

fn numbers<const N: usize>(
    what: &'static str,
    text: &str,
    args: &str,
) -> Result<[f64; N], EvalError> {
    let parts: Vec<&str> = args.split(',').map(str::trim).collect();
    if parts.len() != N {
        return Err(syntax(
            what,
            text,
            format!("expected {N} comma-separated numbers after `:`"),
        ));
    }
    let mut out = [0.0; N];
    for (o, p) in out.iter_mut().zip(parts) {
        *o = p
            .parse()
            .map_err(|_| syntax(what, text, format!("`{p}` is not a number")))?;
    }
    Ok(out)
}

impl FromStr for Treatment {
    type Err = EvalError;
    fn from_str(s: &str) -> Result<Self, EvalError> {
        match s.split_once(':') {
            None if s == "none" => Ok(Self::None),
            None if s == "coinr" => Ok(Self::coinr()),
            Some(("coinr", w)) => {
                let winmax = w
                    .trim()
                    .parse()
                    .map_err(|_| syntax("treatment", s, "winmax must be a whole number"))?;
                Ok(Self::Coinr {
                    winmax,
                    skew_threshold: 2.0,
                    kurt_threshold: 3.5,
                })
            }
            _ => Err(syntax(
                "treatment",
                s,
                "expected none, coinr or coinr:WINMAX",
            )),
        }
    }
}

impl FromStr for Normalisation {
    type Err = EvalError;
    fn from_str(s: &str) -> Result<Self, EvalError> {
        let w = "normalisation";
        let (name, args) = match s.split_once(':') {
            Some((n, a)) => (n, Some(a)),
            None => (s, None),
        };
        Ok(match (name, args) {
            ("none", None) => Self::None,
            ("minmax", None) => Self::coinr(),
            ("minmax", Some(a)) => {
                let [lower, upper] = numbers(w, s, a)?;
                Self::Minmax { lower, upper }
            }
            ("zscore", None) => Self::Zscore { mean: 0.0, sd: 1.0 },
            ("zscore", Some(a)) => {
                let [mean, sd] = numbers(w, s, a)?;
                Self::Zscore { mean, sd }
            }
            ("dist-target", None) => Self::DistTarget { cap: false },
            ("dist-target", Some("cap")) => Self::DistTarget { cap: true },
            ("dist-max", None) => Self::DistMax,
            ("frac-max", None) => Self::FracMax,
            ("rank", None) => Self::Rank,
            ("borda", None) => Self::Borda,
            ("prank", None) => Self::PercentileRank,
            ("goalposts", Some(a)) => {
                let [lower, upper, scale] = numbers(w, s, a)?;
                Self::Goalposts {
                    lower,
                    upper,
                    scale,
                }
            }
            _ => {
                return Err(syntax(
                    w,
                    s,
                    "expected none, minmax[:L,U], zscore[:M,S], dist-target[:cap], dist-max, frac-max, rank, borda, prank or goalposts:L,U,S",
                ));
            }
        })
    }
}

impl FromStr for Imputation {
    type Err = EvalError;
    fn from_str(s: &str) -> Result<Self, EvalError> {
        Ok(match s.split_once(':') {
            None if s == "none" => Self::None,
            None if s == "mean" => Self::Mean,
            None if s == "median" => Self::Median,
            Some(("group-mean", g)) if !g.is_empty() => Self::GroupMean {
                group: g.to_owned(),
            },
            Some(("group-median", g)) if !g.is_empty() => Self::GroupMedian {
                group: g.to_owned(),
            },
            _ => {
                return Err(syntax(
                    "imputation",
                    s,
                    "expected none, mean, median, group-mean:COLUMN or group-median:COLUMN",
                ));
            }
        })
    }
}

impl FromStr for Weighting {
    type Err = EvalError;
    fn from_str(s: &str) -> Result<Self, EvalError> {
        Ok(match s {
            "meta" => Self::Meta,
            "equal" => Self::Equal,
            "pca" => Self::Pca,
            "entropy" => Self::Entropy,
            _ => return Err(syntax("weights", s, "expected meta, equal, pca or entropy")),
        })
    }
}

impl FromStr for Aggregation {
    type Err = EvalError;
    fn from_str(s: &str) -> Result<Self, EvalError> {
        Ok(match s {
            "amean" => Self::Amean,
            "gmean" => Self::Gmean,
            "hmean" => Self::Hmean,
            "copeland" => Self::Copeland,
            "topsis" => Self::Topsis,
            _ => {
                return Err(syntax(
                    "aggregation",
                    s,
                    "expected amean, gmean, hmean, copeland or topsis",
                ));
            }
        })
    }
}

fn alternatives<T: FromStr<Err = EvalError>>(list: &str) -> Result<Vec<T>, EvalError> {
    list.split('|').map(|a| a.trim().parse()).collect()
}

impl FromStr for Assumption {
    type Err = EvalError;
    fn from_str(s: &str) -> Result<Self, EvalError> {
        let w = "assumption";
        let (name, value) = s
            .split_once('=')
            .ok_or_else(|| syntax(w, s, "expected NAME=VALUES"))?;
        let kind = match name {
            "treat" => AssumptionKind::Treatment {
                alternatives: alternatives(value)?,
            },
            "normalise" => AssumptionKind::Normalisation {
                alternatives: alternatives(value)?,
            },
            "impute" => AssumptionKind::Imputation {
                alternatives: alternatives(value)?,
            },
            "weights" => AssumptionKind::Weighting {
                alternatives: alternatives(value)?,
            },
            "aggregate" => AssumptionKind::Aggregation {
                alternatives: alternatives(value)?,
            },
            "exclude" => AssumptionKind::Exclusion {
                alternatives: value
                    .split('|')
                    .map(|set| match set.trim() {
                        "none" => Vec::new(),
                        codes => codes.split('+').map(|c| c.trim().to_owned()).collect(),
                    })
                    .collect(),
            },
            "noise" => {
                let (levels, sets) = value
                    .split_once('/')
                    .ok_or_else(|| syntax(w, s, "expected noise=LEVEL:FACTOR,…/SETS"))?;
                let sets = sets
                    .trim()
                    .parse()
                    .map_err(|_| syntax(w, s, "SETS must be a whole number"))?;
                let levels = levels
                    .split(',')
                    .map(|lf| {
                        let (l, f) = lf
                            .split_once(':')
                            .ok_or_else(|| syntax(w, s, "expected LEVEL:FACTOR"))?;
                        Ok(LevelNoise {
                            level: l
                                .trim()
                                .parse()
                                .map_err(|_| syntax(w, s, "LEVEL must be a whole number"))?,
                            factor: f
                                .trim()
                                .parse()
                                .map_err(|_| syntax(w, s, "FACTOR must be a number"))?,
                        })
                    })
                    .collect::<Result<_, EvalError>>()?;
                AssumptionKind::WeightNoise { levels, sets }
            }
            other => match other.split_once(':') {
                Some(("weight", code)) => {
                    let (lo, hi) = value
                        .split_once("..")
                        .ok_or_else(|| syntax(w, s, "expected weight:CODE=LOWER..UPPER"))?;
                    let parse = |x: &str| {
                        x.trim()
                            .parse::<f64>()
                            .map_err(|_| syntax(w, s, format!("`{x}` is not a number")))
                    };
                    AssumptionKind::Weight {
                        code: code.to_owned(),
                        lower: parse(lo)?,
                        upper: parse(hi)?,
                    }
                }
                _ => {
                    return Err(syntax(
                        w,
                        s,
                        "NAME is one of treat, normalise, impute, weights, aggregate, exclude, noise, weight:CODE",
                    ));
                }
            },
        };
        Ok(Assumption {
            name: name.to_owned(),
            kind,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn methods_parse() {
        assert_eq!(
            "minmax:1,100".parse(),
            Ok(Normalisation::Minmax {
                lower: 1.0,
                upper: 100.0
            })
        );
        assert_eq!(
            "goalposts:0,10,100".parse(),
            Ok(Normalisation::Goalposts {
                lower: 0.0,
                upper: 10.0,
                scale: 100.0
            })
        );
        assert_eq!(
            "dist-target:cap".parse(),
            Ok(Normalisation::DistTarget { cap: true })
        );
        assert_eq!(
            "coinr:3".parse(),
            Ok(Treatment::Coinr {
                winmax: 3,
                skew_threshold: 2.0,
                kurt_threshold: 3.5
            })
        );
        assert_eq!(
            "group-median:GDP_group".parse(),
            Ok(Imputation::GroupMedian {
                group: "GDP_group".into()
            })
        );
        assert_eq!("copeland".parse(), Ok(Aggregation::Copeland));
        assert_eq!("entropy".parse(), Ok(Weighting::Entropy));
        assert!("minmax:1".parse::<Normalisation>().is_err());
        assert!("geomean".parse::<Aggregation>().is_err());
    }

    #[test]
    fn assumptions_parse() {
        let a: Assumption = "aggregate=amean|gmean".parse().expect("parses");
        assert_eq!(
            a.kind,
            AssumptionKind::Aggregation {
                alternatives: vec![Aggregation::Amean, Aggregation::Gmean]
            }
        );
        let e: Assumption = "exclude=none|Flights|Goods+CO2".parse().expect("parses");
        assert_eq!(
            e.kind,
            AssumptionKind::Exclusion {
                alternatives: vec![
                    vec![],
                    vec!["Flights".into()],
                    vec!["Goods".into(), "CO2".into()]
                ]
            }
        );
        let n: Assumption = "noise=2:0.25,3:0.1/100".parse().expect("parses");
        assert_eq!(
            n.kind,
            AssumptionKind::WeightNoise {
                levels: vec![
                    LevelNoise {
                        level: 2,
                        factor: 0.25
                    },
                    LevelNoise {
                        level: 3,
                        factor: 0.1
                    }
                ],
                sets: 100
            }
        );
        let w: Assumption = "weight:Conn=0.5..1.5".parse().expect("parses");
        assert_eq!(
            w.kind,
            AssumptionKind::Weight {
                code: "Conn".into(),
                lower: 0.5,
                upper: 1.5
            }
        );
        assert!("colour=red".parse::<Assumption>().is_err());
    }
}
