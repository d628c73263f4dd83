//! XLSX reader: arbitrary bytes as a workbook, and arbitrary sheet XML inside a valid workbook
//! (so that calamine's XML parsing, merged cells, formulas and dates are reached).
#![no_main]

use std::io::Write;

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

const PARTS: &[(&str, &str)] = &[
    ("[Content_Types].xml", r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#),
    ("_rels/.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#),
    ("xl/workbook.xml", r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#),
    ("xl/_rels/workbook.xml.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#),
];

fn workbook(sheet: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(&mut out));
    let options = zip::write::SimpleFileOptions::default();
    for (name, text) in PARTS {
        if zip.start_file(*name, options).is_err() || zip.write_all(text.as_bytes()).is_err() {
            return Vec::new();
        }
    }
    if zip.start_file("xl/worksheets/sheet1.xml", options).is_err() || zip.write_all(sheet).is_err() {
        return Vec::new();
    }
    if zip.finish().is_err() {
        return Vec::new();
    }
    out
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let bytes = if selector & 0x80 == 0 {
        let mut sheet = br#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#.to_vec();
        sheet.extend_from_slice(rest);
        workbook(&sheet)
    } else {
        rest.to_vec()
    };
    let parsed = ingest::parse(
        common::kind(selector >> 2),
        "fuzz.xlsx",
        &bytes,
        &common::keys(),
        &common::options(selector),
    );
    let _ = parsed.report.summary();
});
