//! CSV reader, header finder and every kind's row reader on arbitrary bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    let parsed = ingest::parse(
        common::kind(selector >> 2),
        "fuzz.csv",
        bytes,
        &common::keys(),
        &common::options(selector),
    );
    // The report renders whatever the file was.
    let _ = parsed.report.summary();
    let _ = parsed.report.to_csv();
});
