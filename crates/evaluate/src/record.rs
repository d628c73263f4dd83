//! Reproducible runs: every evaluation returns a [`RunRecord`] naming the framework (id, version
//! and a digest of its content), the methods used, a digest of the input snapshot and of the
//! results, and the engine version. Storing the record with the framework and the input snapshot
//! lets [`reproduce`] re-run a published score later and compare it bit for bit.
//!
//! Digests are SHA-256 over canonical bytes: a type tag, then every code as (length, UTF-8 bytes)
//! and every number as its IEEE-754 bits, little-endian, with all NaNs written as one quiet NaN.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::dataset::{Dataset, Matrix};
use crate::error::{EvalError, Result};
use crate::explain::{self, Explanation};
use crate::framework::Framework;
use crate::pipeline::{self, Methods, Results};

/// This engine's name and version, as recorded with each run.
pub const ENGINE: &str = concat!("evaluate ", env!("CARGO_PKG_VERSION"));

/// What a stored run needs to be reproduced and checked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunRecord {
    pub engine: String,
    pub framework_id: String,
    pub framework_version: String,
    /// SHA-256 of the framework's canonical TOML (catches edits that kept the version).
    pub framework_digest: String,
    /// The methods actually used (the framework's, or an analyst's override).
    pub methods: Methods,
    pub units: usize,
    pub indicators: usize,
    /// SHA-256 of the input snapshot (codes, values, group labels).
    pub input_digest: String,
    /// SHA-256 of every stage's values and the weights used.
    pub result_digest: String,
}

/// A framework run: results, per-unit explanations and the record.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    pub results: Results,
    pub explanations: Vec<Explanation>,
    pub record: RunRecord,
}

/// The outcome of re-running a record.
#[derive(Debug, Clone, PartialEq)]
pub struct Reproduction {
    /// Same engine, framework content, input and results, bit for bit.
    pub identical: bool,
    pub engine_matches: bool,
    pub framework_matches: bool,
    pub input_matches: bool,
    /// The new run's record and results (compare `results` with stored values if they differ).
    pub record: RunRecord,
    pub results: Results,
}

struct Canonical(Sha256);

impl Canonical {
    fn new(tag: &str) -> Self {
        let mut c = Self(Sha256::new());
        c.text(tag);
        c
    }
    fn len(&mut self, n: usize) {
        self.0.update((n as u64).to_le_bytes());
    }
    fn text(&mut self, s: &str) {
        self.len(s.len());
        self.0.update(s.as_bytes());
    }
    fn number(&mut self, x: f64) {
        let bits = if x.is_nan() {
            0x7FF8_0000_0000_0000
        } else {
            x.to_bits()
        };
        self.0.update(bits.to_le_bytes());
    }
    fn numbers(&mut self, xs: &[f64]) {
        self.len(xs.len());
        xs.iter().for_each(|x| self.number(*x));
    }
    fn hex(self) -> String {
        self.0
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

/// Digest of an input snapshot.
pub fn dataset_digest(data: &Dataset) -> String {
    let mut c = Canonical::new("evaluate.dataset.v1");
    c.len(data.units().len());
    data.units().iter().for_each(|u| c.text(u));
    c.len(data.indicators().len());
    data.indicators().iter().for_each(|i| c.text(i));
    c.numbers(data.values());
    c.len(data.groups().len());
    for g in data.groups() {
        c.text(&g.name);
        for l in &g.labels {
            match l {
                Some(l) => {
                    c.0.update([1u8]);
                    c.text(l);
                }
                None => c.0.update([0u8]),
            }
        }
    }
    c.hex()
}

/// Digest of a framework's content.
pub fn framework_digest(fw: &Framework) -> Result<String> {
    let mut c = Canonical::new("evaluate.framework.v1");
    c.text(&fw.to_toml()?);
    Ok(c.hex())
}

/// Digest of a run's results.
pub fn results_digest(r: &Results) -> String {
    let mut c = Canonical::new("evaluate.results.v1");
    c.len(r.units.len());
    r.units.iter().for_each(|u| c.text(u));
    c.len(r.codes.len());
    r.codes.iter().for_each(|u| c.text(u));
    for m in [&r.imputed, &r.treated, &r.scores] {
        let Matrix { data, .. } = m;
        c.numbers(data);
    }
    c.numbers(&r.weights);
    c.hex()
}

/// Runs a framework on loaded data (columns named by the framework's indicator codes) with the
/// given methods (usually `&fw.methods`).
pub fn run_framework(fw: &Framework, data: &Dataset, methods: &Methods) -> Result<Evaluation> {
    let h = fw.hierarchy()?;
    let results = pipeline::run(data, &h, methods)?;
    let explanations = explain::explain(&results, &h, fw.grades.as_ref())?;
    let record = RunRecord {
        engine: ENGINE.to_owned(),
        framework_id: fw.id.clone(),
        framework_version: fw.version.clone(),
        framework_digest: framework_digest(fw)?,
        methods: methods.clone(),
        units: data.n_units(),
        indicators: h.n_indicators(),
        input_digest: dataset_digest(data),
        result_digest: results_digest(&results),
    };
    Ok(Evaluation {
        results,
        explanations,
        record,
    })
}

/// Re-runs a stored record on the stored framework and input snapshot and says whether
/// everything matches bit for bit. A framework whose id or version differs is refused.
pub fn reproduce(record: &RunRecord, fw: &Framework, data: &Dataset) -> Result<Reproduction> {
    if fw.id != record.framework_id || fw.version != record.framework_version {
        return Err(EvalError::Framework(format!(
            "record is for {} {}, got {} {}",
            record.framework_id, record.framework_version, fw.id, fw.version
        )));
    }
    let again = run_framework(fw, data, &record.methods)?;
    let engine_matches = again.record.engine == record.engine;
    let framework_matches = again.record.framework_digest == record.framework_digest;
    let input_matches = again.record.input_digest == record.input_digest;
    let identical = engine_matches
        && framework_matches
        && input_matches
        && again.record.result_digest == record.result_digest;
    Ok(Reproduction {
        identical,
        engine_matches,
        framework_matches,
        input_matches,
        record: again.record,
        results: again.results,
    })
}
