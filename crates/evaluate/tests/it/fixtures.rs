//! Access to the shared COINr fixtures (../shared/fixtures/composite), skipping when absent.

use evaluate::table::{self, Meta};
use evaluate::{Dataset, Matrix};

pub const DIR: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/fixtures/composite/"
);

/// The text of a fixture, or `None` (after printing which file the test needs) when absent.
pub fn read(name: &str) -> Option<String> {
    let path = format!("{DIR}{name}");
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(_) => {
            println!("skipped: needs the fixture {path}");
            None
        }
    }
}

/// COINr's ASEM example: the tree and the data.
pub fn asem() -> Option<(Meta, Dataset)> {
    let (meta, data) = (read("asem_imeta.csv")?, read("asem_idata.csv")?);
    Some(table::parse_coinr(&meta, &data).expect("the ASEM tables parse"))
}

/// A COINr output table: units, codes, values.
pub fn coinr(name: &str) -> Option<(Vec<String>, Vec<String>, Matrix)> {
    Some(table::parse_wide(&read(name)?).expect("COINr table parses"))
}
