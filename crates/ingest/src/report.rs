//! The import report: every bad row with its row number as Excel shows it, its column (name and
//! letter), the value and a message in Chinese and English; a one-screen summary; XLSX and CSV
//! renderings through the same [`crate::table`] writer exports use.

use std::collections::BTreeMap;

use model::{IndustryError, PeriodError, RegionError, UsccError};
use serde::Serialize;

use crate::cell::CellError;
use crate::kind::Kind;
use crate::refusal::Refusal;
use crate::source::{Notice, SourceInfo, column_letter};
use crate::table::{Column, ColumnFormat, Table, Value};
use crate::unit::UnitError;

/// Whether an issue rejects the batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Error,
    Warning,
}

/// What is wrong with one value.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Problem {
    #[error("required value is blank")]
    Missing,
    #[error("{0}")]
    Cell(#[from] CellError),
    #[error("{0}")]
    Uscc(#[from] UsccError),
    #[error("{0}")]
    Region(#[from] RegionError),
    #[error("{0}")]
    Industry(#[from] IndustryError),
    #[error("{0}")]
    Period(#[from] PeriodError),
    #[error("{0}")]
    Unit(#[from] UnitError),
    #[error("not one of: {allowed}")]
    Choice { allowed: String, allowed_zh: String },
    #[error("must not be negative")]
    Negative,
    #[error("must be between {min} and {max}")]
    Range { min: i64, max: i64 },
    #[error("{what} {key:?} appears twice in the file (first in row {first_row})")]
    Duplicate {
        what: &'static str,
        what_zh: &'static str,
        key: String,
        first_row: u64,
    },
    #[error("{what} {key:?} does not exist (neither in the database nor earlier in this file)")]
    Unknown {
        what: &'static str,
        what_zh: &'static str,
        key: String,
    },
    #[error("{what} refers to itself")]
    SelfReference {
        what: &'static str,
        what_zh: &'static str,
    },
    #[error("parent nodes form a cycle: {path}")]
    Cycle { path: String },
    /// A rule that spans cells: (Chinese, English).
    #[error("{1}")]
    Rule(String, String),
    #[error("this row repeats the header; it was skipped")]
    RepeatedHeader,
    #[error("column is not used by this import and was ignored")]
    IgnoredColumn,
}

impl Problem {
    /// A stable code used to count issues by reason.
    pub fn reason(&self) -> &'static str {
        match self {
            Problem::Missing => "missing",
            Problem::Cell(CellError::NotANumber | CellError::DecimalComma { .. }) => "number",
            Problem::Cell(CellError::Percent) => "percent",
            Problem::Cell(
                CellError::PeriodFormat
                | CellError::PeriodWithoutYear
                | CellError::AmbiguousPeriod { .. }
                | CellError::YearAlone,
            ) => "period",
            Problem::Cell(CellError::Year) => "year",
            Problem::Cell(CellError::NotAFlag) => "flag",
            Problem::Cell(CellError::Date) => "date",
            Problem::Cell(CellError::ExcelError { .. }) => "excel_error",
            Problem::Cell(CellError::FormulaWithoutValue) => "formula_without_value",
            Problem::Uscc(_) => "uscc",
            Problem::Region(_) => "region",
            Problem::Industry(_) => "industry",
            Problem::Period(PeriodError::JanuaryAlone { .. }) => "january_alone",
            Problem::Period(_) => "period",
            Problem::Unit(_) => "unit",
            Problem::Choice { .. } => "choice",
            Problem::Negative => "negative",
            Problem::Range { .. } => "range",
            Problem::Duplicate { .. } => "duplicate",
            Problem::Unknown { .. } => "unknown_reference",
            Problem::SelfReference { .. } => "self_reference",
            Problem::Cycle { .. } => "cycle",
            Problem::Rule(..) => "rule",
            Problem::RepeatedHeader => "repeated_header",
            Problem::IgnoredColumn => "ignored_column",
        }
    }

    /// The reason in a few words, for the summary.
    pub fn reason_label(reason: &str) -> (&'static str, &'static str) {
        match reason {
            "missing" => ("必填项为空", "required value blank"),
            "number" => ("数字格式错误", "not a number"),
            "percent" => ("不应为百分数", "percentage not allowed"),
            "period" => ("报告期错误", "bad period"),
            "january_alone" => (
                "1月单独报告（国家统计局1-2月合并）",
                "January alone (NBS reports 1–2月)",
            ),
            "year" => ("年份错误", "bad year"),
            "flag" => ("是/否错误", "bad yes/no"),
            "date" => ("日期错误", "bad date"),
            "excel_error" => ("单元格错误值", "spreadsheet error value"),
            "formula_without_value" => ("公式无计算结果", "formula without saved value"),
            "uscc" => ("统一社会信用代码无效", "invalid USCC"),
            "region" => ("行政区划代码无效", "invalid region code"),
            "industry" => ("行业代码无效", "invalid industry code"),
            "unit" => ("计量单位错误", "bad unit"),
            "choice" => ("取值不在可选范围", "value not allowed"),
            "negative" => ("不能为负数", "negative value"),
            "range" => ("超出范围", "out of range"),
            "duplicate" => ("文件内重复", "duplicate in file"),
            "unknown_reference" => ("引用的对象不存在", "unknown reference"),
            "self_reference" => ("引用自身", "refers to itself"),
            "cycle" => ("上级环节成环", "parent cycle"),
            "rule" => ("不符合规则", "rule broken"),
            "repeated_header" => ("重复的表头行（已跳过）", "repeated header row (skipped)"),
            "ignored_column" => ("未使用的列（已忽略）", "unused column (ignored)"),
            _ => ("其他", "other"),
        }
    }

    pub fn message_en(&self) -> String {
        self.to_string()
    }

    pub fn message_zh(&self) -> String {
        match self {
            Problem::Missing => "必填项为空".into(),
            Problem::Cell(e) => e.message_zh(),
            Problem::Uscc(e) => uscc_zh(e),
            Problem::Region(RegionError::Format { value }) => {
                format!("“{value}”不是6位行政区划代码（GB/T 2260）")
            }
            Problem::Region(RegionError::Unknown { value }) => {
                format!("行政区划代码{value}不在GB/T 2260代码表中")
            }
            Problem::Industry(IndustryError::Format { value }) => {
                format!("“{value}”不是国民经济行业代码（GB/T 4754-2017，如3670或C3670）")
            }
            Problem::Industry(IndustryError::Unknown { value }) => {
                format!("行业代码{value}不在GB/T 4754-2017中")
            }
            Problem::Industry(IndustryError::Section {
                value,
                given,
                actual,
                ..
            }) => format!("行业代码{value}的门类字母{given}与代码所属门类{actual}不符"),
            Problem::Period(PeriodError::JanuaryAlone { value, year }) => format!(
                "{value}：国家统计局1月不单独报告，1月和2月合并为“{year}年1-2月”（写作{year}-02）；\
                 若文件分别列出1月和2月的数值，可用 --combine-jan-feb 将两月相加"
            ),
            Problem::Period(PeriodError::Year { year, .. }) => {
                format!("年份{year}超出{}—{}", model::FIRST_YEAR, model::LAST_YEAR)
            }
            Problem::Period(PeriodError::Month { month, .. }) => format!("不存在{month}月"),
            Problem::Period(PeriodError::Format { value }) => format!("“{value}”不是报告期"),
            Problem::Unit(e) => e.message_zh(),
            Problem::Choice { allowed_zh, .. } => format!("取值应为：{allowed_zh}"),
            Problem::Negative => "不能为负数".into(),
            Problem::Range { min, max } => format!("应在{min}到{max}之间"),
            Problem::Duplicate {
                what_zh,
                key,
                first_row,
                ..
            } => format!("{what_zh}“{key}”在文件中重复出现（首次出现在第{first_row}行）"),
            Problem::Unknown { what_zh, key, .. } => {
                format!("{what_zh}“{key}”不存在（数据库和本文件前面的行中都没有）")
            }
            Problem::SelfReference { what_zh, .. } => format!("{what_zh}不能引用自身"),
            Problem::Cycle { path } => format!("上级环节形成循环：{path}"),
            Problem::Rule(zh, _) => zh.clone(),
            Problem::RepeatedHeader => "该行重复了表头，已跳过".into(),
            Problem::IgnoredColumn => "本次导入不使用该列，已忽略".into(),
        }
    }
}

fn uscc_zh(e: &UsccError) -> String {
    match e {
        UsccError::Length { found, .. } => format!("统一社会信用代码应为18位，实为{found}位"),
        UsccError::Character {
            position, found, ..
        } => format!(
            "统一社会信用代码第{position}位“{found}”不是允许的字符（0-9及除I、O、S、V、Z外的大写字母）"
        ),
        UsccError::Authority { found, .. } => {
            format!("登记管理部门代码（第1位）“{found}”无效，应为1-9、A、N、Y")
        }
        UsccError::Division { found, .. } => {
            format!("登记管理机关行政区划码（第3-8位）应为数字，实为“{found}”")
        }
        UsccError::OrganisationCheck {
            expected, found, ..
        } => format!("组织机构代码校验位（第17位）应为{expected}，实为{found}（GB 11714）"),
        UsccError::CheckCharacter {
            expected, found, ..
        } => format!("校验码（第18位）应为{expected}，实为{found}（GB 32100）"),
    }
}

/// One problem in one cell (or row, when `column` is `None`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Issue {
    /// Row number as the spreadsheet shows it (header row = 1 when it is the first row).
    pub row: u64,
    /// 0-based column index.
    pub column: Option<usize>,
    /// The header of the column, as written in the file.
    pub column_name: String,
    pub value: String,
    #[serde(skip)]
    pub problem: Problem,
    pub severity: Severity,
}

impl Issue {
    pub fn column_letter(&self) -> String {
        self.column.map(column_letter).unwrap_or_default()
    }

    pub fn reason(&self) -> &'static str {
        self.problem.reason()
    }

    pub fn message_zh(&self) -> String {
        self.problem.message_zh()
    }

    pub fn message_en(&self) -> String {
        self.problem.message_en()
    }
}

/// Rows and values the commit wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Written {
    pub inserted: u64,
    pub updated: u64,
    /// Rows inserted or updated where the store does not tell which (memberships, links).
    pub upserted: u64,
    /// Observations whose value changed (the old one is kept in the revision history).
    pub revised: u64,
    pub unchanged: u64,
}

/// Everything an import found, whether it committed or not.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    pub kind: Option<Kind>,
    pub file_name: String,
    pub sha256: String,
    pub source: SourceInfo,
    /// The row the header was found in.
    pub header_row: Option<u64>,
    /// Why the file was not read at all.
    #[serde(serialize_with = "serialize_refusal")]
    pub refusal: Option<Refusal>,
    /// Data rows read (blank rows and repeated headers not counted).
    pub rows_read: u64,
    pub rows_accepted: u64,
    pub rows_rejected: u64,
    pub rows_blank: u64,
    /// Values (observations, links…) the accepted rows carry.
    pub values: u64,
    /// Blank cells of wide layouts: no value, which is not zero.
    pub values_blank: u64,
    /// Errors first, then warnings, each in row order; at most `Limits::max_listed_issues`.
    pub issues: Vec<Issue>,
    /// Issues counted but not listed (beyond the limit).
    pub issues_not_listed: u64,
    /// Error count by reason code.
    pub errors_by_reason: BTreeMap<&'static str, u64>,
    pub warnings: u64,
    pub notices: Vec<Notice>,
    /// What the commit wrote (committed batches only).
    pub written: Option<Written>,
    /// The database refused the batch after validation passed (constraint or lost reference).
    pub database_error: Option<String>,
}

fn serialize_refusal<S: serde::Serializer>(
    refusal: &Option<Refusal>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    #[derive(Serialize)]
    struct Shown {
        code: &'static str,
        message_zh: String,
        message_en: String,
    }
    refusal
        .as_ref()
        .map(|r| Shown {
            code: r.code(),
            message_zh: r.message_zh(),
            message_en: r.message_en(),
        })
        .serialize(serializer)
}

impl Report {
    pub fn errors(&self) -> u64 {
        self.errors_by_reason.values().sum()
    }

    /// True when nothing may be written: refused, a row error, or the database said no.
    pub fn is_rejected(&self) -> bool {
        self.refusal.is_some() || self.errors() > 0 || self.database_error.is_some()
    }

    /// Issues of one severity.
    pub fn issues_of(&self, severity: Severity) -> impl Iterator<Item = &Issue> {
        self.issues.iter().filter(move |i| i.severity == severity)
    }

    /// The outcome in one line, stored with the batch.
    pub fn detail(&self) -> String {
        if let Some(refusal) = &self.refusal {
            return format!("refused: {}", refusal.message_en());
        }
        if let Some(error) = &self.database_error {
            return format!("refused by the database: {error}");
        }
        if self.errors() > 0 {
            let reasons: Vec<String> = self
                .errors_by_reason
                .iter()
                .map(|(reason, n)| format!("{reason} {n}"))
                .collect();
            return format!(
                "{} of {} rows rejected ({})",
                self.rows_rejected,
                self.rows_read,
                reasons.join(", ")
            );
        }
        match self.written {
            Some(w) => format!(
                "{} rows: {} inserted, {} updated, {} upserted, {} revised, {} unchanged",
                self.rows_read, w.inserted, w.updated, w.upserted, w.revised, w.unchanged
            ),
            None => format!("{} rows valid", self.rows_read),
        }
    }

    /// The one-screen summary: what was read, what was accepted and rejected, and why.
    pub fn summary(&self) -> String {
        let mut out = String::new();
        let mut line = |text: String| {
            out.push_str(&text);
            out.push('\n');
        };
        line(format!(
            "{} — {} ({})",
            self.file_name,
            self.kind.map_or("?", Kind::label_zh),
            self.kind.map_or("?", Kind::as_str)
        ));
        if !self.source.format.is_empty() {
            let sheet = self
                .source
                .sheet
                .as_ref()
                .map(|s| format!(", 工作表 sheet {s:?}"))
                .unwrap_or_default();
            let header = self
                .header_row
                .map(|r| format!(", 表头 header row {r}"))
                .unwrap_or_default();
            line(format!("  {}{sheet}{header}", self.source.format));
        }
        if let Some(refusal) = &self.refusal {
            line(format!("  拒绝导入：{}", refusal.message_zh()));
            line(format!("  refused: {}", refusal.message_en()));
            return out;
        }
        line(format!(
            "  读取 read {} 行 rows · 通过 accepted {} · 拒绝 rejected {} · 空行 blank {}",
            self.rows_read, self.rows_accepted, self.rows_rejected, self.rows_blank
        ));
        if self.values_blank > 0 {
            line(format!(
                "  空白数值 blank values (no data, not zero): {}",
                self.values_blank
            ));
        }
        for (reason, count) in &self.errors_by_reason {
            let (zh, en) = Problem::reason_label(reason);
            line(format!("    {count:>8}  {zh} / {en}"));
        }
        for issue in self.issues_of(Severity::Error).take(5) {
            line(format!(
                "    第{}行 row {} {}{}: {} / {}",
                issue.row,
                issue.row,
                issue.column_letter(),
                if issue.column_name.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", issue.column_name)
                },
                issue.message_zh(),
                issue.message_en()
            ));
        }
        if self.warnings > 0 {
            line(format!("  提示 warnings: {}", self.warnings));
        }
        for notice in &self.notices {
            line(format!("  注意：{} / {}", notice.zh, notice.en));
        }
        if let Some(error) = &self.database_error {
            line(format!(
                "  数据库拒绝了该批次 database refused the batch: {error}"
            ));
        }
        if let Some(w) = self.written {
            line(format!(
                "  写入 written: 新增 inserted {} · 更新 updated {} · 新增或更新 upserted {} · 修订 revised {} · 未变 unchanged {}",
                w.inserted, w.updated, w.upserted, w.revised, w.unchanged
            ));
        }
        out
    }

    /// The issues as a table: row, column letter, column name, value, message zh/en, reason,
    /// severity.
    pub fn issues_table(&self) -> Table {
        let columns = vec![
            Column::new("行号", "Row", ColumnFormat::Integer),
            Column::new("列", "Column", ColumnFormat::Text),
            Column::new("列名", "Column name", ColumnFormat::Text),
            Column::new("值", "Value", ColumnFormat::Text),
            Column::new("问题说明", "Message (zh)", ColumnFormat::Text),
            Column::new("Message", "Message (en)", ColumnFormat::Text),
            Column::new("原因代码", "Reason", ColumnFormat::Text),
            Column::new("级别", "Severity", ColumnFormat::Text),
        ];
        let rows = self
            .issues
            .iter()
            .map(|i| {
                vec![
                    Value::Number(i.row as f64),
                    Value::Text(i.column_letter()),
                    Value::Text(i.column_name.clone()),
                    Value::Text(i.value.clone()),
                    Value::Text(i.message_zh()),
                    Value::Text(i.message_en()),
                    Value::Text(i.reason().to_owned()),
                    Value::Text(
                        match i.severity {
                            Severity::Error => "错误 error",
                            Severity::Warning => "提示 warning",
                        }
                        .to_owned(),
                    ),
                ]
            })
            .collect();
        Table {
            name_zh: "问题".into(),
            name_en: "issues".into(),
            columns,
            rows,
        }
    }

    /// The summary as a two-column table (item, value).
    pub fn summary_table(&self) -> Table {
        let mut rows = Vec::new();
        let mut push = |zh: &str, en: &str, value: Value| {
            rows.push(vec![Value::Text(format!("{zh} {en}")), value]);
        };
        push("文件", "file", Value::Text(self.file_name.clone()));
        push("SHA-256", "", Value::Text(self.sha256.clone()));
        push(
            "类型",
            "kind",
            Value::Text(self.kind.map(Kind::as_str).unwrap_or_default().to_owned()),
        );
        push("格式", "format", Value::Text(self.source.format.clone()));
        if let Some(refusal) = &self.refusal {
            push("拒绝导入", "refused", Value::Text(refusal.message_zh()));
            push("", "refused", Value::Text(refusal.message_en()));
        }
        push(
            "读取行数",
            "rows read",
            Value::Number(self.rows_read as f64),
        );
        push(
            "通过行数",
            "rows accepted",
            Value::Number(self.rows_accepted as f64),
        );
        push(
            "拒绝行数",
            "rows rejected",
            Value::Number(self.rows_rejected as f64),
        );
        for (reason, count) in &self.errors_by_reason {
            let (zh, en) = Problem::reason_label(reason);
            push(zh, en, Value::Number(*count as f64));
        }
        if self.issues_not_listed > 0 {
            push(
                "未列出的问题",
                "issues not listed",
                Value::Number(self.issues_not_listed as f64),
            );
        }
        for notice in &self.notices {
            push(
                "注意",
                "notice",
                Value::Text(format!("{} / {}", notice.zh, notice.en)),
            );
        }
        Table {
            name_zh: "汇总".into(),
            name_en: "summary".into(),
            columns: vec![
                Column::new("项目", "Item", ColumnFormat::Text),
                Column::new("值", "Value", ColumnFormat::Text),
            ],
            rows,
        }
    }

    /// The report as an XLSX workbook: the issues sheet first, then the summary.
    pub fn to_xlsx(&self) -> Result<Vec<u8>, crate::table::ExportError> {
        crate::table::workbook(
            &[&self.issues_table(), &self.summary_table()],
            crate::table::Headers::Zh,
        )
    }

    /// The issues as CSV (UTF-8 with a BOM so that Excel opens it right), headers in both
    /// languages.
    pub fn to_csv(&self) -> Result<Vec<u8>, crate::table::ExportError> {
        let mut out = Vec::new();
        self.issues_table()
            .write_csv(&mut out, crate::table::Headers::Both)?;
        Ok(out)
    }
}
