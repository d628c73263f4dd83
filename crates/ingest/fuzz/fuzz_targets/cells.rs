//! The cell parsers, header normalisation and unit conversion on arbitrary text and numbers.
#![no_main]

use ingest::cell::{self, Cell};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let number = data
        .get(..8)
        .and_then(|b| <[u8; 8]>::try_from(b).ok())
        .map(f64::from_le_bytes)
        .unwrap_or(0.0);
    for c in [Cell::Text(&text), Cell::Number(number)] {
        let _ = cell::number_of(&c);
        let _ = cell::period_of(&c, Some(2025)).map(|p| p.map(|p| p.period()));
        let _ = cell::period_of(&c, None);
        let _ = cell::year_of(&c);
        let _ = cell::date_of(&c);
        let _ = cell::flag_of(&c);
        let _ = c.display();
    }
    let _ = cell::excel_serial_date(number);
    let _ = ingest::header::split_unit(&text);
    let _ = ingest::header::normalise(&text);
    if let Some((unit, stored)) = text.split_once('|') {
        let _ = ingest::unit::convert(number, unit, stored);
    }
});
