//! Hard limits that keep a hostile or broken file from exhausting memory or time. Each one, when
//! crossed, is a [`crate::Refusal`] naming the limit.

/// The limits a file must stay within. [`Limits::default`] suits government spreadsheets and
/// statistics extracts of a province (millions of rows); tests and the HTTP layer may lower them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Size of the file as uploaded.
    pub max_file_bytes: u64,
    /// Sum of the uncompressed sizes of a workbook's parts, as measured while inflating them (the
    /// sizes a zip declares can lie).
    pub max_uncompressed_bytes: u64,
    /// Compression ratio beyond which a workbook part of more than [`Self::ratio_floor_bytes`] is
    /// a zip bomb. Real sheets compress 5–20:1; a sheet of one repeated value reaches ~100:1.
    pub max_compression_ratio: u64,
    /// Parts below this size are not held to the ratio (tiny XML files compress very well).
    pub ratio_floor_bytes: u64,
    /// Parts in a workbook.
    pub max_zip_entries: usize,
    /// Data rows, counted as the spreadsheet numbers them.
    pub max_rows: u64,
    /// Columns in any row (16,384 is Excel's own limit).
    pub max_columns: u64,
    /// Characters in one cell (32,767 is Excel's own limit).
    pub max_cell_chars: usize,
    /// Cells one merged region may cover.
    pub max_merged_cells: u64,
    /// Row issues kept in a report; further ones are counted but not listed.
    pub max_listed_issues: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 512 << 20,
            max_uncompressed_bytes: 2 << 30,
            max_compression_ratio: 200,
            ratio_floor_bytes: 1 << 20,
            max_zip_entries: 10_000,
            max_rows: 20_000_000,
            max_columns: 16_384,
            max_cell_chars: 32_767,
            max_merged_cells: 1_000_000,
            max_listed_issues: 1_000_000,
        }
    }
}
