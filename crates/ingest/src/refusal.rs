//! Refusals: a file the importer will not read at all (too big, a zip bomb, not a spreadsheet,
//! no header it recognises). Row-level problems are [`crate::report::Issue`]s instead.

use crate::limits::Limits;

/// Why a whole file was refused, with the limit or the fact that decided it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("the file is empty")]
    Empty,
    #[error("the file has {bytes} bytes; the limit is {limit}")]
    FileTooLarge { bytes: u64, limit: u64 },
    #[error("the file is not text (it contains binary data); save it as CSV (UTF-8) or XLSX")]
    Binary,
    #[error("the file is neither UTF-8 nor GBK/GB18030 text; save it as CSV UTF-8 or XLSX")]
    Encoding,
    #[error(
        "this is an old Excel 97-2003 .xls file; save it as .xlsx (Excel workbook) and import that"
    )]
    LegacyXls,
    #[error("the file is not an Excel workbook (.xlsx): {detail}")]
    NotXlsx { detail: String },
    #[error("the workbook is damaged or truncated: {detail}")]
    Damaged { detail: String },
    #[error(
        "the workbook expands to more than {limit} bytes (a zip bomb, or far more data than one import takes)"
    )]
    Uncompressed { limit: u64 },
    #[error(
        "part {entry:?} of the workbook is compressed {ratio}:1, beyond the {limit}:1 a real spreadsheet reaches (zip bomb)"
    )]
    CompressionRatio {
        entry: String,
        ratio: u64,
        limit: u64,
    },
    #[error("the workbook has {entries} parts; the limit is {limit}")]
    TooManyEntries { entries: usize, limit: usize },
    #[error("there is no sheet named {sheet:?}; the workbook has: {available}")]
    NoSuchSheet { sheet: String, available: String },
    #[error("the workbook has no visible worksheet")]
    NoVisibleSheet,
    #[error("row {row} is beyond the limit of {limit} rows")]
    TooManyRows { row: u64, limit: u64 },
    #[error("row {row} has {columns} columns; the limit is {limit}")]
    TooManyColumns { row: u64, columns: u64, limit: u64 },
    #[error("cell {cell} has {chars} characters; the limit is {limit}")]
    CellTooLong {
        cell: String,
        chars: usize,
        limit: usize,
    },
    #[error("merged cells {range} cover {cells} cells; the limit is {limit}")]
    MergedTooLarge {
        range: String,
        cells: u64,
        limit: u64,
    },
    #[error(
        "no header row found in the first {searched} rows; expected columns such as {expected}"
    )]
    NoHeader { searched: u32, expected: String },
    #[error("required columns are missing from the header (row {row}): {missing}")]
    MissingColumns { row: u32, missing: String },
    #[error("columns {columns} of the header (row {row}) all mean {field}; keep one")]
    DuplicateColumns {
        row: u32,
        field: String,
        columns: String,
    },
    #[error(
        "the file ends inside a quoted cell that starts in row {row}: it was cut short, or a closing quote is missing"
    )]
    UnclosedQuote { row: u64 },
    #[error("{what}")]
    Layout { what: String, what_zh: String },
    #[error("the file has a header but no data rows")]
    NoData,
}

impl Refusal {
    /// A stable code for APIs and tests.
    pub fn code(&self) -> &'static str {
        match self {
            Refusal::Empty => "empty",
            Refusal::FileTooLarge { .. } => "file_too_large",
            Refusal::Binary => "binary",
            Refusal::Encoding => "encoding",
            Refusal::LegacyXls => "legacy_xls",
            Refusal::NotXlsx { .. } => "not_xlsx",
            Refusal::Damaged { .. } => "damaged",
            Refusal::Uncompressed { .. } => "uncompressed_too_large",
            Refusal::CompressionRatio { .. } => "zip_bomb",
            Refusal::TooManyEntries { .. } => "too_many_entries",
            Refusal::NoSuchSheet { .. } => "no_such_sheet",
            Refusal::NoVisibleSheet => "no_visible_sheet",
            Refusal::TooManyRows { .. } => "too_many_rows",
            Refusal::TooManyColumns { .. } => "too_many_columns",
            Refusal::CellTooLong { .. } => "cell_too_long",
            Refusal::MergedTooLarge { .. } => "merged_too_large",
            Refusal::NoHeader { .. } => "no_header",
            Refusal::MissingColumns { .. } => "missing_columns",
            Refusal::DuplicateColumns { .. } => "duplicate_columns",
            Refusal::UnclosedQuote { .. } => "unclosed_quote",
            Refusal::Layout { .. } => "layout",
            Refusal::NoData => "no_data",
        }
    }

    pub fn message_en(&self) -> String {
        self.to_string()
    }

    pub fn message_zh(&self) -> String {
        match self {
            Refusal::Empty => "文件是空的".into(),
            Refusal::FileTooLarge { bytes, limit } => {
                format!("文件大小为{bytes}字节，超过上限{limit}字节")
            }
            Refusal::Binary => "文件不是文本（含有二进制数据）；请另存为CSV（UTF-8）或XLSX".into(),
            Refusal::Encoding => {
                "文件既不是UTF-8也不是GBK/GB18030编码；请另存为“CSV UTF-8”或XLSX".into()
            }
            Refusal::LegacyXls => {
                "这是旧版Excel 97-2003（.xls）文件；请另存为.xlsx（Excel工作簿）后再导入".into()
            }
            Refusal::NotXlsx { detail } => format!("文件不是Excel工作簿（.xlsx）：{detail}"),
            Refusal::Damaged { detail } => format!("工作簿已损坏或不完整：{detail}"),
            Refusal::Uncompressed { limit } => {
                format!("工作簿解压后超过{limit}字节（疑似压缩炸弹，或数据量远超单次导入上限）")
            }
            Refusal::CompressionRatio {
                entry,
                ratio,
                limit,
            } => format!(
                "工作簿中的“{entry}”压缩比为{ratio}:1，超过正常表格可能达到的{limit}:1（疑似压缩炸弹）"
            ),
            Refusal::TooManyEntries { entries, limit } => {
                format!("工作簿包含{entries}个部件，超过上限{limit}")
            }
            Refusal::NoSuchSheet { sheet, available } => {
                format!("没有名为“{sheet}”的工作表；工作簿中有：{available}")
            }
            Refusal::NoVisibleSheet => "工作簿中没有可见的工作表".into(),
            Refusal::TooManyRows { row, limit } => format!("第{row}行超过了{limit}行的上限"),
            Refusal::TooManyColumns {
                row,
                columns,
                limit,
            } => format!("第{row}行有{columns}列，超过上限{limit}列"),
            Refusal::CellTooLong { cell, chars, limit } => {
                format!("单元格{cell}有{chars}个字符，超过上限{limit}")
            }
            Refusal::MergedTooLarge {
                range,
                cells,
                limit,
            } => format!("合并单元格{range}覆盖{cells}个单元格，超过上限{limit}"),
            Refusal::NoHeader { searched, expected } => {
                format!("前{searched}行中找不到表头；应包含如下列：{expected}")
            }
            Refusal::MissingColumns { row, missing } => {
                format!("表头（第{row}行）缺少必填列：{missing}")
            }
            Refusal::DuplicateColumns {
                row,
                field,
                columns,
            } => format!("表头（第{row}行）中{columns}列都表示“{field}”；请只保留一列"),
            Refusal::UnclosedQuote { row } => {
                format!("文件在第{row}行开始的带引号单元格中结束：文件不完整，或缺少右引号")
            }
            Refusal::Layout { what_zh, .. } => what_zh.clone(),
            Refusal::NoData => "文件有表头但没有数据行".into(),
        }
    }

    pub(crate) fn file_too_large(bytes: usize, limits: &Limits) -> Option<Refusal> {
        let bytes = bytes as u64;
        (bytes > limits.max_file_bytes).then_some(Refusal::FileTooLarge {
            bytes,
            limit: limits.max_file_bytes,
        })
    }
}
