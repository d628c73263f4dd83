//! One cell as a reader hands it over, and the parsers that turn its text into numbers, years,
//! reporting periods and flags the way people write them in Chinese spreadsheets.
//!
//! Every parser is total: any input gives a value or a [`CellError`] that says what was expected;
//! none panics (the fuzz target `cells` checks that).

use model::{FIRST_YEAR, LAST_YEAR, Period};

/// A cell as read from a file. CSV gives only [`Cell::Empty`] and [`Cell::Text`]; XLSX keeps the
/// type the workbook stored.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell<'a> {
    Empty,
    Text(&'a str),
    Number(f64),
    Bool(bool),
    /// A date or date-time cell (Excel stores a serial; the reader resolves it).
    Date {
        year: u16,
        month: u8,
        day: u8,
    },
    /// An Excel error value such as `#DIV/0!`.
    Error(&'a str),
    /// A formula whose value was never saved (written by a program, not by Excel or WPS).
    FormulaWithoutValue,
}

impl Cell<'_> {
    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(text) => text.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as the user sees it, for reports.
    pub fn display(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(text) => (*text).to_owned(),
            Cell::Number(n) => format_number(*n),
            Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
            Cell::Date { year, month, day } => format!("{year:04}-{month:02}-{day:02}"),
            Cell::Error(e) => (*e).to_owned(),
            Cell::FormulaWithoutValue => "=…".to_owned(),
        }
    }
}

/// Shortest text that reads back as `n` (integers without a trailing `.0`).
pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// Why a cell's text is not the value its column wants. Messages exist in Chinese and English.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CellError {
    #[error("not a number")]
    NotANumber,
    #[error(
        "a comma followed by {digits} digits is not a thousands separator; write the decimal point as '.'"
    )]
    DecimalComma { digits: usize },
    #[error("a percentage is not allowed here")]
    Percent,
    #[error("not a year between {FIRST_YEAR} and {LAST_YEAR}")]
    Year,
    #[error(
        "not a reporting period; write 2025-03, 2025/3, 2025年3月, 202503, 2025.3 or 2025年1-2月"
    )]
    PeriodFormat,
    #[error("the period has no year; write 2025年3月, or give the year of the file")]
    PeriodWithoutYear,
    #[error(
        "{text} is ambiguous: Excel turns 2025.10 into 2025.1; write 2025-10 or 2025-01, or format the column as text"
    )]
    AmbiguousPeriod { text: String },
    #[error("a year alone is not a reporting period; add the month (2025-03)")]
    YearAlone,
    #[error("not yes/no (accepted: 是/否, Y/N, true/false, 1/0)")]
    NotAFlag,
    #[error("not a date; write 2025-03-31")]
    Date,
    #[error("a spreadsheet error value ({text}) where a value was expected")]
    ExcelError { text: String },
    #[error("a formula without a saved value: open the file in Excel or WPS and save it again")]
    FormulaWithoutValue,
}

impl CellError {
    pub fn message_zh(&self) -> String {
        match self {
            CellError::NotANumber => "不是数字".into(),
            CellError::DecimalComma { digits } => {
                format!("逗号后跟{digits}位数字，不是千分位分隔符；小数点请用“.”")
            }
            CellError::Percent => "此处不能填写百分数".into(),
            CellError::Year => format!("不是{FIRST_YEAR}—{LAST_YEAR}之间的年份"),
            CellError::PeriodFormat => {
                "不是报告期；请写成2025-03、2025/3、2025年3月、202503、2025.3或2025年1-2月".into()
            }
            CellError::PeriodWithoutYear => {
                "报告期缺少年份；请写成2025年3月，或指定文件所属年份".into()
            }
            CellError::AmbiguousPeriod { text } => format!(
                "{text}有歧义：Excel会把2025.10变成2025.1；请写成2025-10或2025-01，或把该列设为文本格式"
            ),
            CellError::YearAlone => "只有年份不是报告期；请加上月份（如2025-03）".into(),
            CellError::NotAFlag => "不是“是/否”（可填：是/否、Y/N、true/false、1/0）".into(),
            CellError::Date => "不是日期；请写成2025-03-31".into(),
            CellError::ExcelError { text } => format!("单元格是错误值（{text}），应为数值"),
            CellError::FormulaWithoutValue => {
                "公式没有保存计算结果：请用Excel或WPS打开文件并重新保存".into()
            }
        }
    }
}

/// Full-width ASCII (`０-９`, `Ａ-Ｚ`, `，`, `．`, `（`…) to half-width, the ideographic space to a
/// space, then trimmed. Borrowed when nothing changes, which is the common case.
pub fn half_width(text: &str) -> std::borrow::Cow<'_, str> {
    let trimmed = text.trim();
    if trimmed.is_ascii() {
        return std::borrow::Cow::Borrowed(trimmed);
    }
    let converted: String = trimmed
        .chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            '\u{2212}' | '\u{2013}' | '\u{2014}' | '\u{FE63}' => '-',
            '\u{3002}' => '.',
            _ => c,
        })
        .collect();
    std::borrow::Cow::Owned(converted.trim().to_owned())
}

/// A number as written in a cell, before any unit is applied.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Written {
    pub value: f64,
    /// Written with a trailing `%` (the value is already divided by 100).
    pub percent: bool,
}

/// Texts that mean "no value" in Chinese statistical tables (NBS prints `-` or `—` for "no data").
fn means_blank(text: &str) -> bool {
    matches!(
        text,
        "" | "-" | "--" | "/" | "无" | "空" | "N/A" | "n/a" | "NA" | "null" | "NULL"
    )
}

/// Parses a number: full-width digits, thousands separators (`,` and `，`, groups of three),
/// a leading `¥`/`￥` or `+`, a trailing `%`, scientific notation. Blank (and the NBS "no data"
/// dashes) is `Ok(None)`, which is not zero. Returns the text after the number (a unit suffix
/// such as `万元`), trimmed, for the caller to interpret.
pub fn parse_number_with_suffix(text: &str) -> Result<Option<(Written, String)>, CellError> {
    let text = half_width(text);
    let text = text.as_ref();
    if means_blank(text) {
        return Ok(None);
    }
    // Fast path: plain ASCII numbers (what statistics extracts contain).
    if let Ok(value) = text.parse::<f64>()
        && value.is_finite()
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || b"+-.eE".contains(&b))
    {
        return Ok(Some((
            Written {
                value,
                percent: false,
            },
            String::new(),
        )));
    }
    let body = text
        .trim_start_matches(['¥', '￥', '$'])
        .trim_start_matches('+')
        .trim();
    let end = body
        .char_indices()
        .find(|&(_, c)| !(c.is_ascii_digit() || matches!(c, '.' | ',' | '-' | 'e' | 'E' | ' ')))
        .map_or(body.len(), |(i, _)| i);
    let (number, rest) = body.split_at(end);
    let number = number.trim();
    let mut rest = rest.trim();
    let percent = if let Some(r) = rest.strip_prefix('%') {
        rest = r.trim();
        true
    } else {
        false
    };
    if number.is_empty() {
        return Err(CellError::NotANumber);
    }
    let plain = strip_thousands(number)?;
    let value: f64 = plain.parse().map_err(|_| CellError::NotANumber)?;
    if !value.is_finite() {
        return Err(CellError::NotANumber);
    }
    Ok(Some((
        Written {
            value: if percent { value / 100.0 } else { value },
            percent,
        },
        rest.to_owned(),
    )))
}

/// Parses a number that must not carry a unit suffix.
pub fn parse_number(text: &str) -> Result<Option<Written>, CellError> {
    match parse_number_with_suffix(text)? {
        None => Ok(None),
        Some((written, rest)) if rest.is_empty() => Ok(Some(written)),
        Some(_) => Err(CellError::NotANumber),
    }
}

/// Removes thousands separators, refusing a comma that cannot be one (`1,5` is a decimal comma
/// somewhere else in the world: reading it as 15 would be a silent error).
fn strip_thousands(number: &str) -> Result<String, CellError> {
    let number = number.replace(' ', "");
    if !number.contains(',') {
        return Ok(number);
    }
    let (integer, fraction) = match number.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (number.as_str(), None),
    };
    if fraction.is_some_and(|f| f.contains(',')) {
        return Err(CellError::NotANumber);
    }
    let mut groups = integer.split(',');
    let head = groups.next().unwrap_or_default();
    let head_digits = head.trim_start_matches('-');
    if head_digits.is_empty() || head_digits.len() > 3 {
        return Err(CellError::NotANumber);
    }
    for group in groups {
        if group.len() != 3 || !group.bytes().all(|b| b.is_ascii_digit()) {
            return Err(CellError::DecimalComma {
                digits: group.len(),
            });
        }
    }
    Ok(number.replace(',', ""))
}

/// A number cell: numeric cells as they are, text through [`parse_number_with_suffix`].
pub fn number_of(cell: &Cell<'_>) -> Result<Option<(Written, String)>, CellError> {
    match cell {
        Cell::Empty => Ok(None),
        Cell::Number(n) if n.is_finite() => Ok(Some((
            Written {
                value: *n,
                percent: false,
            },
            String::new(),
        ))),
        Cell::Number(_) => Err(CellError::NotANumber),
        Cell::Text(text) => parse_number_with_suffix(text),
        Cell::Error(text) => Err(CellError::ExcelError {
            text: (*text).to_owned(),
        }),
        Cell::FormulaWithoutValue => Err(CellError::FormulaWithoutValue),
        Cell::Bool(_) | Cell::Date { .. } => Err(CellError::NotANumber),
    }
}

/// A yes/no cell: 是/否, 有/无, Y/N, true/false, 1/0, and 规上/规下 for the NBS size flag.
pub fn flag_of(cell: &Cell<'_>) -> Result<Option<bool>, CellError> {
    match cell {
        Cell::Empty => Ok(None),
        Cell::Bool(b) => Ok(Some(*b)),
        Cell::Number(n) if *n == 1.0 => Ok(Some(true)),
        Cell::Number(n) if *n == 0.0 => Ok(Some(false)),
        Cell::Text(text) => {
            let text = half_width(text).to_lowercase();
            match text.as_str() {
                "" => Ok(None),
                "是" | "有" | "y" | "yes" | "true" | "t" | "1" | "规上" | "√" => {
                    Ok(Some(true))
                }
                "否" | "无" | "n" | "no" | "false" | "f" | "0" | "规下" | "×" => {
                    Ok(Some(false))
                }
                _ => Err(CellError::NotAFlag),
            }
        }
        Cell::Error(text) => Err(CellError::ExcelError {
            text: (*text).to_owned(),
        }),
        Cell::FormulaWithoutValue => Err(CellError::FormulaWithoutValue),
        _ => Err(CellError::NotAFlag),
    }
}

fn year_in_range(year: i64) -> Result<u16, CellError> {
    if (i64::from(FIRST_YEAR)..=i64::from(LAST_YEAR)).contains(&year) {
        Ok(year as u16)
    } else {
        Err(CellError::Year)
    }
}

/// A year: `2025`, `2025年`, a number, or a date cell (its year).
pub fn year_of(cell: &Cell<'_>) -> Result<Option<u16>, CellError> {
    match cell {
        Cell::Empty => Ok(None),
        Cell::Number(n) if n.fract() == 0.0 && n.is_finite() => year_in_range(*n as i64).map(Some),
        Cell::Date { year, .. } => year_in_range(i64::from(*year)).map(Some),
        Cell::Text(text) => {
            let text = half_width(text);
            let digits = text.trim_end_matches('年').trim_end_matches("年度").trim();
            if digits.is_empty() {
                return Ok(None);
            }
            if digits.len() == 4 && digits.bytes().all(|b| b.is_ascii_digit()) {
                year_in_range(digits.parse().map_err(|_| CellError::Year)?).map(Some)
            } else {
                Err(CellError::Year)
            }
        }
        Cell::Error(text) => Err(CellError::ExcelError {
            text: (*text).to_owned(),
        }),
        Cell::FormulaWithoutValue => Err(CellError::FormulaWithoutValue),
        _ => Err(CellError::Year),
    }
}

/// The Gregorian date of an Excel serial in the 1900 date system (serial 1 = 1900-01-01; Excel's
/// fictitious 1900-02-29 is serial 60, so later serials count from 1899-12-30).
pub fn excel_serial_date(serial: f64) -> Option<(u16, u8, u8)> {
    if !serial.is_finite() || !(61.0..=2_958_465.0).contains(&serial) {
        return None;
    }
    let days = serial.floor() as i64 - 25_569;
    let (year, month, day) = model::time::civil_from_days(days);
    Some((u16::try_from(year).ok()?, month as u8, day as u8))
}

/// Excel serials of 1949-01-01 and 2100-12-31: numbers in this range in a period column are
/// dates, numbers outside it are something else (YYYYMM, a year…).
const SERIAL_FIRST: f64 = 17_899.0;
const SERIAL_LAST: f64 = 73_415.0;

/// A month as the file states it, before the NBS calendar is applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum StatedMonth {
    /// One calendar month (`2025-03`, `2025年1月`, a date).
    Month { year: u16, month: u8 },
    /// The combined period written as such (`2025年1-2月`, `1-2月`).
    JanFeb { year: u16 },
}

impl StatedMonth {
    /// The NBS reporting period: January alone is refused (see [`Period::new`]); February stands
    /// for 1–2月, as in the canonical `YYYY-02`.
    pub fn period(self) -> Result<Period, model::PeriodError> {
        match self {
            StatedMonth::Month { year, month } => Period::new(year, month),
            StatedMonth::JanFeb { year } => Period::jan_feb(year),
        }
    }
}

fn month(year: u16, month: u32) -> Result<StatedMonth, CellError> {
    if (1..=12).contains(&month) {
        Ok(StatedMonth::Month {
            year,
            month: month as u8,
        })
    } else {
        Err(CellError::PeriodFormat)
    }
}

fn digits(text: &str) -> Option<u32> {
    (!text.is_empty() && text.len() <= 4 && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

/// A reporting month or the 1–2月 period, as people write them: `2025-03`, `2025-3`, `2025/3`,
/// `2025.3`, `2025.03`, `2025年3月`, `2025年3月份`, `202503`, `2025M03`, dates (`2025-03-31`,
/// `2025/3/1`, `2025年3月1日`, date cells, Excel serials), `2025年1-2月` (also `1—2月`, `1~2月`,
/// `1至2月`), and without a year (`3月`, `1-2月`) when `default_year` is given.
pub fn period_of(
    cell: &Cell<'_>,
    default_year: Option<u16>,
) -> Result<Option<StatedMonth>, CellError> {
    match cell {
        Cell::Empty => Ok(None),
        Cell::Date { year, month: m, .. } => {
            month(year_in_range(i64::from(*year))?, u32::from(*m)).map(Some)
        }
        Cell::Number(n) => period_of_number(*n).map(Some),
        Cell::Text(text) => period_of_text(text, default_year),
        Cell::Error(text) => Err(CellError::ExcelError {
            text: (*text).to_owned(),
        }),
        Cell::FormulaWithoutValue => Err(CellError::FormulaWithoutValue),
        Cell::Bool(_) => Err(CellError::PeriodFormat),
    }
}

fn period_of_number(n: f64) -> Result<StatedMonth, CellError> {
    if !n.is_finite() || n <= 0.0 {
        return Err(CellError::PeriodFormat);
    }
    if n.fract() == 0.0 {
        let whole = n as i64;
        if (100_000..=999_999).contains(&whole) {
            // YYYYMM
            let year = year_in_range(whole / 100)?;
            return month(year, (whole % 100) as u32);
        }
        if (i64::from(FIRST_YEAR)..=i64::from(LAST_YEAR)).contains(&whole) {
            return Err(CellError::YearAlone);
        }
        if (SERIAL_FIRST..=SERIAL_LAST).contains(&n)
            && let Some((year, m, _)) = excel_serial_date(n)
        {
            return month(year, u32::from(m));
        }
        return Err(CellError::PeriodFormat);
    }
    // 2025.03 was typed as a number: the month is in the decimals. 2025.1 is 2025.10 as well.
    let text = format!("{n}");
    match text.split_once('.') {
        Some((y, "1")) if y.len() == 4 => Err(CellError::AmbiguousPeriod { text }),
        Some((y, m)) if y.len() == 4 && m.len() <= 2 => {
            let year = year_in_range(i64::from(digits(y).ok_or(CellError::PeriodFormat)?))?;
            month(year, digits(m).ok_or(CellError::PeriodFormat)?)
        }
        _ if (SERIAL_FIRST..=SERIAL_LAST).contains(&n) => match excel_serial_date(n) {
            Some((year, m, _)) => month(year, u32::from(m)),
            None => Err(CellError::PeriodFormat),
        },
        _ => Err(CellError::PeriodFormat),
    }
}

fn period_of_text(text: &str, default_year: Option<u16>) -> Result<Option<StatedMonth>, CellError> {
    let text = half_width(text);
    let compact: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '—' | '~' | '～' | '至' | '–' => '-',
            _ => c,
        })
        .collect();
    if compact.is_empty() {
        return Ok(None);
    }
    let compact = compact
        .trim_end_matches("份")
        .trim_end_matches("止")
        .to_owned();
    // Chinese: [YYYY年]M月[D日] or [YYYY年]1-2月.
    if let Some((year_part, rest)) = compact
        .split_once('年')
        .or_else(|| compact.ends_with('月').then_some(("", compact.as_str())))
    {
        let year = if year_part.is_empty() {
            default_year.ok_or(CellError::PeriodWithoutYear)?
        } else {
            year_in_range(i64::from(digits(year_part).ok_or(CellError::PeriodFormat)?))?
        };
        let rest = rest.trim_end_matches(|c: char| c == '日' || c.is_ascii_digit());
        let rest = match rest.strip_suffix('月') {
            Some(r) => r,
            None if rest.is_empty() => return Err(CellError::YearAlone),
            None => return Err(CellError::PeriodFormat),
        };
        // `3月1日` leaves `3`, `1-2月` leaves `1-2`.
        return stated_month(year, rest).map(Some);
    }
    if let Some(value) = digits(&compact).filter(|_| compact.len() == 4) {
        year_in_range(i64::from(value))?;
        return Err(CellError::YearAlone);
    }
    if compact.len() == 6 && compact.bytes().all(|b| b.is_ascii_digit()) {
        let (y, m) = compact.split_at(4);
        let year = year_in_range(i64::from(digits(y).ok_or(CellError::PeriodFormat)?))?;
        return month(year, digits(m).ok_or(CellError::PeriodFormat)?).map(Some);
    }
    if let Some((y, m)) = compact.split_once(['M', 'm']) {
        let year = year_in_range(i64::from(digits(y).ok_or(CellError::PeriodFormat)?))?;
        return month(year, digits(m).ok_or(CellError::PeriodFormat)?).map(Some);
    }
    // 2025-03, 2025/3, 2025.3, 2025-03-31, 2025/3/1, 2025-1-2 (1–2月 needs the 年/月 form).
    let parts: Vec<&str> = compact.split(['-', '/', '.']).collect();
    match parts.as_slice() {
        [y, m] | [y, m, _] if y.len() == 4 => {
            let year = year_in_range(i64::from(digits(y).ok_or(CellError::PeriodFormat)?))?;
            if parts.len() == 3 && digits(parts[2]).is_none() {
                return Err(CellError::PeriodFormat);
            }
            month(year, digits(m).ok_or(CellError::PeriodFormat)?).map(Some)
        }
        // Dates written day-first are not Chinese practice; month/day/year (US Excel) is.
        [m, _, y] if y.len() == 4 => {
            let year = year_in_range(i64::from(digits(y).ok_or(CellError::PeriodFormat)?))?;
            month(year, digits(m).ok_or(CellError::PeriodFormat)?).map(Some)
        }
        _ => {
            // A serial typed as text ("45748").
            match compact.parse::<f64>() {
                Ok(n) if (SERIAL_FIRST..=SERIAL_LAST).contains(&n) => period_of_number(n).map(Some),
                _ => Err(CellError::PeriodFormat),
            }
        }
    }
}

/// `3` → March, `1-2` → 1–2月, `01` → January.
fn stated_month(year: u16, text: &str) -> Result<StatedMonth, CellError> {
    match text.split_once('-') {
        Some((first, last)) => match (digits(first), digits(last)) {
            (Some(1), Some(2)) => Ok(StatedMonth::JanFeb { year }),
            _ => Err(CellError::PeriodFormat),
        },
        None => month(year, digits(text).ok_or(CellError::PeriodFormat)?),
    }
}

/// A date cell or text `2025-03-31`, `2025/3/31`, `2025年3月31日`, as ISO `YYYY-MM-DD`.
pub fn date_of(cell: &Cell<'_>) -> Result<Option<String>, CellError> {
    match cell {
        Cell::Empty => Ok(None),
        Cell::Date { year, month, day } => Ok(Some(format!("{year:04}-{month:02}-{day:02}"))),
        Cell::Number(n) => match excel_serial_date(*n) {
            Some((y, m, d)) if (SERIAL_FIRST..=SERIAL_LAST).contains(n) => {
                Ok(Some(format!("{y:04}-{m:02}-{d:02}")))
            }
            _ => Err(CellError::Date),
        },
        Cell::Text(text) => {
            let text = half_width(text);
            if text.is_empty() {
                return Ok(None);
            }
            let unified: String = text
                .chars()
                .map(|c| match c {
                    '年' | '月' | '/' | '.' => '-',
                    _ => c,
                })
                .filter(|&c| c != '日')
                .collect();
            let parts: Vec<&str> = unified.split('-').collect();
            let [y, m, d] = parts.as_slice() else {
                return Err(CellError::Date);
            };
            let (Some(y), Some(m), Some(d)) = (digits(y), digits(m), digits(d)) else {
                return Err(CellError::Date);
            };
            let year = year_in_range(i64::from(y)).map_err(|_| CellError::Date)?;
            let days_in_month = match m {
                1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
                4 | 6 | 9 | 11 => 30,
                2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
                2 => 28,
                _ => return Err(CellError::Date),
            };
            if d == 0 || d > days_in_month {
                return Err(CellError::Date);
            }
            Ok(Some(format!("{year:04}-{m:02}-{d:02}")))
        }
        Cell::Error(text) => Err(CellError::ExcelError {
            text: (*text).to_owned(),
        }),
        Cell::FormulaWithoutValue => Err(CellError::FormulaWithoutValue),
        Cell::Bool(_) => Err(CellError::Date),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn number(text: &str) -> Option<f64> {
        parse_number(text).unwrap().map(|w| w.value)
    }

    fn stated(text: &str) -> StatedMonth {
        period_of(&Cell::Text(text), None).unwrap().unwrap()
    }

    fn m(year: u16, month: u8) -> StatedMonth {
        StatedMonth::Month { year, month }
    }

    #[test]
    fn numbers_as_people_write_them() {
        assert_eq!(number("1234.5"), Some(1234.5));
        assert_eq!(number("1,234,567.25"), Some(1_234_567.25));
        assert_eq!(number("1，234"), Some(1234.0));
        assert_eq!(number("１２３４．５"), Some(1234.5));
        assert_eq!(number(" -12 "), Some(-12.0));
        assert_eq!(number("－12"), Some(-12.0));
        assert_eq!(number("￥1,000"), Some(1000.0));
        assert_eq!(number("1.5e3"), Some(1500.0));
        assert_eq!(number("0"), Some(0.0));
        let percent = parse_number("12.5%").unwrap().unwrap();
        assert!(percent.percent && (percent.value - 0.125).abs() < 1e-15);
        assert!(parse_number("１２．５％").unwrap().unwrap().percent);
    }

    #[test]
    fn blank_is_not_zero_and_nbs_dashes_are_blank() {
        for blank in ["", "  ", "-", "—", "／", "无"] {
            assert_eq!(parse_number(blank), Ok(None), "{blank:?}");
        }
    }

    #[test]
    fn malformed_numbers_are_refused_with_a_reason() {
        assert_eq!(
            parse_number("1,5"),
            Err(CellError::DecimalComma { digits: 1 })
        );
        assert_eq!(
            parse_number("12,34"),
            Err(CellError::DecimalComma { digits: 2 })
        );
        for bad in [
            "abc", "1.2.3", "NaN", "inf", "1e999", "12元", "1,2.3,4", "1234,567",
        ] {
            assert!(parse_number(bad).is_err(), "{bad:?}");
        }
        let (value, unit) = parse_number_with_suffix("12.5万元").unwrap().unwrap();
        assert_eq!((value.value, unit.as_str()), (12.5, "万元"));
    }

    #[test]
    fn periods_in_every_common_spelling() {
        for text in [
            "2025-03",
            "2025-3",
            "2025/3",
            "2025/03",
            "2025.3",
            "2025.03",
            "2025年3月",
            "2025年03月",
            "2025 年 3 月",
            "2025年3月份",
            "202503",
            "2025M03",
            "2025-03-31",
            "2025/3/1",
            "2025年3月1日",
            "3/31/2025",
            "２０２５年３月",
        ] {
            assert_eq!(stated(text), m(2025, 3), "{text}");
        }
        for text in ["2025年1-2月", "2025年1—2月", "2025年1~2月", "2025年1至2月"] {
            assert_eq!(stated(text), StatedMonth::JanFeb { year: 2025 }, "{text}");
        }
        assert_eq!(
            period_of(&Cell::Text("1-2月"), Some(2024)).unwrap(),
            Some(StatedMonth::JanFeb { year: 2024 })
        );
        assert_eq!(
            period_of(&Cell::Text("3月"), None),
            Err(CellError::PeriodWithoutYear)
        );
    }

    #[test]
    fn numeric_periods_serials_and_dates() {
        let n = |x: f64| period_of(&Cell::Number(x), None);
        assert_eq!(n(202503.0), Ok(Some(m(2025, 3))));
        assert_eq!(n(2025.03), Ok(Some(m(2025, 3))));
        assert_eq!(n(2025.12), Ok(Some(m(2025, 12))));
        assert!(matches!(n(2025.1), Err(CellError::AmbiguousPeriod { .. })));
        // 45717 = 2025-03-01 in Excel's 1900 date system.
        assert_eq!(n(45717.0), Ok(Some(m(2025, 3))));
        assert_eq!(excel_serial_date(45717.0), Some((2025, 3, 1)));
        assert_eq!(excel_serial_date(61.0), Some((1900, 3, 1)));
        assert_eq!(n(2025.0), Err(CellError::YearAlone));
        assert_eq!(
            period_of(
                &Cell::Date {
                    year: 2025,
                    month: 4,
                    day: 30
                },
                None
            ),
            Ok(Some(m(2025, 4)))
        );
        assert_eq!(period_of(&Cell::Text("45717"), None), Ok(Some(m(2025, 3))));
    }

    #[test]
    fn impossible_periods_are_refused() {
        for bad in [
            "2025-13",
            "2025-00",
            "1800-03",
            "2025",
            "2025年",
            "March",
            "2025-03-xx",
            "25-03",
        ] {
            assert!(period_of(&Cell::Text(bad), None).is_err(), "{bad}");
        }
        assert!(period_of(&Cell::Number(f64::NAN), None).is_err());
        assert!(period_of(&Cell::Number(-3.0), None).is_err());
    }

    #[test]
    fn january_alone_follows_the_nbs_rule() {
        let january = stated("2025-01");
        assert_eq!(january, m(2025, 1));
        let error = january.period().unwrap_err();
        assert!(error.to_string().contains("1–2月"), "{error}");
        assert!(
            StatedMonth::JanFeb { year: 2025 }
                .period()
                .unwrap()
                .is_jan_feb()
        );
    }

    #[test]
    fn flags_years_and_dates() {
        assert_eq!(flag_of(&Cell::Text("是")), Ok(Some(true)));
        assert_eq!(flag_of(&Cell::Text("FALSE")), Ok(Some(false)));
        assert_eq!(flag_of(&Cell::Text("规上")), Ok(Some(true)));
        assert!(flag_of(&Cell::Text("maybe")).is_err());
        assert_eq!(year_of(&Cell::Text("2019年")), Ok(Some(2019)));
        assert_eq!(year_of(&Cell::Number(2019.0)), Ok(Some(2019)));
        assert!(year_of(&Cell::Text("19")).is_err());
        assert_eq!(
            date_of(&Cell::Text("2025年3月1日")),
            Ok(Some("2025-03-01".to_owned()))
        );
        assert!(date_of(&Cell::Text("2025-02-30")).is_err());
        assert_eq!(
            date_of(&Cell::Number(45717.0)),
            Ok(Some("2025-03-01".to_owned()))
        );
    }

    proptest::proptest! {
        #[test]
        fn no_text_makes_a_parser_panic(text in "\\PC{0,24}") {
            let cell = Cell::Text(&text);
            let _ = parse_number_with_suffix(&text);
            let _ = period_of(&cell, Some(2025));
            let _ = year_of(&cell);
            let _ = date_of(&cell);
            let _ = flag_of(&cell);
        }

        #[test]
        fn written_numbers_read_back(value in -1e12f64..1e12) {
            let text = format!("{value}");
            proptest::prop_assert_eq!(parse_number(&text).unwrap().unwrap().value, value);
        }

        #[test]
        fn canonical_periods_read_back(year in FIRST_YEAR..=LAST_YEAR, month in 2u8..=12) {
            let period = Period::new(year, month).unwrap();
            for text in [period.to_string(), period.label_zh(), format!("{}", period.key())] {
                let stated = period_of(&Cell::Text(&text), None).unwrap().unwrap();
                proptest::prop_assert_eq!(stated.period().unwrap(), period);
            }
        }
    }
}
