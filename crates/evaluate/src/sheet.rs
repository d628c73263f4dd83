//! Frameworks as spreadsheets, for offices that keep their assessment schemes in Excel or WPS:
//! an indicator sheet laid out like COINr's iMeta (one row per indicator or aggregate with its
//! parent, direction, weight, unit and source), a settings sheet of `key, value` rows (id,
//! version, names, basis, the method of each step) and an optional grades sheet. The caller reads
//! the workbook (cells as text, first row the header); this module turns the rows into a
//! [`Framework`] and back.
//!
//! Method cells take the command-line syntax (`minmax:0,100`, `goalposts:0,1,200`, `coinr`) or,
//! for what that syntax cannot say (explicit or budget weights, treatment thresholds), the TOML
//! inline table of the framework file (`{ method = "explicit", weights = { a = 2 } }`).

use std::str::FromStr;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::{EvalError, Result};
use crate::framework::{AggregateSpec, Framework, IndicatorSpec, Rollup, Source};
use crate::grade::{Band, GradeBasis, Grading};
use crate::pipeline::Methods;
use crate::table::{is_na, number};

/// The three sheets as rows of cell text, header row first.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FrameworkSheets {
    /// One row per indicator or aggregate, columns named as in [`INDICATOR_COLUMNS`] (any
    /// order; optional ones may be absent; COINr's `Level` is accepted and checked).
    pub indicators: Vec<Vec<String>>,
    /// `key, value` rows (a `key, value` header is optional); keys in [`SETTING_KEYS`].
    pub settings: Vec<Vec<String>>,
    /// `label, label_en, min, share` (header first); empty when the framework has no grades.
    pub grades: Vec<Vec<String>>,
}

/// Sheet names a workbook uses (English, then Chinese).
pub const SHEET_NAMES: [(&str, &str); 3] = [
    ("indicators", "指标"),
    ("settings", "设置"),
    ("grades", "等级"),
];

/// Columns of the indicator sheet; `iCode`, `iName`, `Parent` and `Type` are required, and an
/// indicator row needs `Unit`, `source`, `rollup` and `source_description`.
pub const INDICATOR_COLUMNS: [&str; 19] = [
    "iCode",
    "iName",
    "iName_en",
    "Parent",
    "Type",
    "Direction",
    "Weight",
    "Unit",
    "Target",
    "goalpost_lower",
    "goalpost_upper",
    "source",
    "rollup",
    "per",
    "per_rollup",
    "scale",
    "source_description",
    "not_in_store",
    "required",
];

/// Keys of the settings sheet; the methods and `id`, `version`, `name_zh`, `unit_kind`, `basis`
/// are required.
pub const SETTING_KEYS: [&str; 14] = [
    "id",
    "version",
    "name_zh",
    "name_en",
    "unit_kind",
    "unit_set",
    "basis",
    "notes",
    "impute",
    "treat",
    "normalise",
    "weights",
    "aggregate",
    "grades_by",
];

const GRADE_COLUMNS: [&str; 4] = ["label", "label_en", "min", "share"];

fn error(sheet: &str, row: usize, column: &str, reason: impl Into<String>) -> EvalError {
    EvalError::Sheet {
        sheet: sheet.to_owned(),
        row,
        column: column.to_owned(),
        reason: reason.into(),
    }
}

/// A sheet's header and its data rows with 1-based row numbers; blank rows are skipped.
struct Rows<'a> {
    sheet: &'static str,
    header: &'a [String],
    rows: Vec<(usize, &'a [String])>,
}

impl<'a> Rows<'a> {
    fn new(sheet: &'static str, rows: &'a [Vec<String>]) -> Result<Self> {
        let header = rows
            .first()
            .ok_or_else(|| error(sheet, 1, "", "the sheet is empty"))?;
        let data = rows
            .iter()
            .enumerate()
            .skip(1)
            .filter(|(_, r)| r.iter().any(|c| !c.trim().is_empty()))
            .map(|(i, r)| (i + 1, r.as_slice()))
            .collect();
        Ok(Rows {
            sheet,
            header,
            rows: data,
        })
    }

    fn column(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h.trim() == name)
    }

    fn require(&self, name: &str) -> Result<usize> {
        self.column(name)
            .ok_or_else(|| error(self.sheet, 1, name, "column is missing"))
    }
}

/// One row's cells by column name.
struct Cells<'a> {
    sheet: &'static str,
    row: usize,
    cells: &'a [String],
    rows: &'a Rows<'a>,
}

impl Cells<'_> {
    fn text(&self, name: &str) -> Option<String> {
        let c = self.rows.column(name)?;
        let v = self.cells.get(c).map_or("", |s| s.trim());
        (!is_na(v)).then(|| v.to_owned())
    }

    fn required(&self, name: &str) -> Result<String> {
        self.text(name)
            .ok_or_else(|| error(self.sheet, self.row, name, "a value is required"))
    }

    fn number(&self, name: &str) -> Result<Option<f64>> {
        let Some(text) = self.text(name) else {
            return Ok(None);
        };
        let v = number(&text, self.row, name).map_err(|_| {
            error(
                self.sheet,
                self.row,
                name,
                format!("`{text}` is not a number"),
            )
        })?;
        Ok(Some(v))
    }

    fn rollup(&self, name: &str) -> Result<Option<Rollup>> {
        self.text(name)
            .map(|t| {
                t.parse::<Rollup>()
                    .map_err(|e| error(self.sheet, self.row, name, e.to_string()))
            })
            .transpose()
    }
}

/// A method cell: the command-line syntax, or a TOML inline table.
fn method<T>(text: &str, row: usize, key: &str) -> Result<T>
where
    T: FromStr<Err = EvalError> + DeserializeOwned,
{
    let t = text.trim();
    if t.starts_with('{') {
        #[derive(serde::Deserialize)]
        struct Wrapped<T> {
            v: T,
        }
        toml::from_str::<Wrapped<T>>(&format!("v = {t}"))
            .map(|w| w.v)
            .map_err(|e| error("settings", row, key, e.to_string().trim().to_owned()))
    } else {
        t.parse::<T>()
            .map_err(|e| error("settings", row, key, e.to_string()))
    }
}

/// A value as a TOML inline table (or scalar), the form [`method`] reads back.
fn inline<T: Serialize>(value: &T) -> Result<String> {
    toml::Value::try_from(value)
        .map(|v| v.to_string())
        .map_err(|e| EvalError::Framework(e.to_string()))
}

fn indicator(
    cells: &Cells,
    code: String,
    name_zh: String,
    parent: String,
) -> Result<IndicatorSpec> {
    let direction = cells.number("Direction")?.unwrap_or(1.0);
    if direction != 1.0 && direction != -1.0 {
        return Err(error(
            cells.sheet,
            cells.row,
            "Direction",
            format!("must be 1 or -1, found {direction}"),
        ));
    }
    let goalposts = match (
        cells.number("goalpost_lower")?,
        cells.number("goalpost_upper")?,
    ) {
        (Some(l), Some(u)) => Some([l, u]),
        (None, None) => None,
        _ => {
            return Err(error(
                cells.sheet,
                cells.row,
                "goalpost_upper",
                "give both goalposts or neither",
            ));
        }
    };
    Ok(IndicatorSpec {
        name_en: cells.text("iName_en").unwrap_or_default(),
        direction: if direction > 0.0 { 1 } else { -1 },
        weight: cells.number("Weight")?.unwrap_or(1.0),
        unit: cells.required("Unit")?,
        source: Source {
            indicator: cells.required("source")?,
            rollup: cells
                .rollup("rollup")?
                .ok_or_else(|| error(cells.sheet, cells.row, "rollup", "a value is required"))?,
            per: cells.text("per"),
            per_rollup: cells.rollup("per_rollup")?,
            scale: cells.number("scale")?.unwrap_or(1.0),
            description: cells.required("source_description")?,
            not_in_store: cells.text("not_in_store"),
        },
        target: cells.number("Target")?,
        goalposts,
        required: match cells.text("required").as_deref() {
            None | Some("no" | "false" | "0" | "否") => false,
            Some("yes" | "true" | "1" | "是") => true,
            Some(other) => {
                return Err(error(
                    cells.sheet,
                    cells.row,
                    "required",
                    format!("`{other}`: expected yes or no"),
                ));
            }
        },
        code,
        name_zh,
        parent,
    })
}

/// The framework the sheets describe, validated.
pub fn from_sheets(sheets: &FrameworkSheets) -> Result<Framework> {
    let ind = Rows::new("indicators", &sheets.indicators)?;
    for name in ["iCode", "iName", "Parent", "Type"] {
        ind.require(name)?;
    }
    if let Some(unknown) = ind
        .header
        .iter()
        .map(|h| h.trim())
        .find(|h| !h.is_empty() && *h != "Level" && !INDICATOR_COLUMNS.contains(h))
    {
        return Err(error(ind.sheet, 1, unknown, "unknown column"));
    }
    let mut indicators = Vec::new();
    let mut aggregates = Vec::new();
    let mut levels = Vec::new();
    for &(row, cells) in &ind.rows {
        let c = Cells {
            sheet: ind.sheet,
            row,
            cells,
            rows: &ind,
        };
        let code = c.required("iCode")?;
        let name_zh = c.required("iName")?;
        if let Some(level) = c.number("Level")? {
            levels.push((row, code.clone(), level));
        }
        match c.required("Type")?.as_str() {
            "Indicator" => {
                let parent = c.required("Parent")?;
                indicators.push(indicator(&c, code, name_zh, parent)?);
            }
            "Aggregate" => aggregates.push(AggregateSpec {
                name_en: c.text("iName_en").unwrap_or_default(),
                parent: c.text("Parent"),
                weight: c.number("Weight")?.unwrap_or(1.0),
                code,
                name_zh,
            }),
            other => {
                return Err(error(
                    ind.sheet,
                    row,
                    "Type",
                    format!("`{other}`: expected Indicator or Aggregate"),
                ));
            }
        }
    }

    let settings = settings(&sheets.settings)?;
    let get = |key: &str| settings.iter().find(|(_, k, _)| k == key);
    let need = |key: &str| {
        get(key)
            .map(|(_, _, v)| v.clone())
            .ok_or_else(|| error("settings", 1, key, "the setting is missing"))
    };
    let method_of = |key: &str| -> Result<(usize, String)> {
        get(key)
            .map(|(row, _, v)| (*row, v.clone()))
            .ok_or_else(|| error("settings", 1, key, "the setting is missing"))
    };
    let (r, t) = method_of("treat")?;
    let treat = method(&t, r, "treat")?;
    let (r, t) = method_of("normalise")?;
    let normalise = method(&t, r, "normalise")?;
    let (r, t) = method_of("weights")?;
    let weights = method(&t, r, "weights")?;
    let (r, t) = method_of("aggregate")?;
    let aggregate = method(&t, r, "aggregate")?;
    let impute = match get("impute") {
        Some((r, _, t)) => method(t, *r, "impute")?,
        None => crate::Imputation::None,
    };
    let grades = grading(&sheets.grades, get("grades_by").map(|(r, _, v)| (*r, v)))?;
    let fw = Framework {
        id: need("id")?,
        version: need("version")?,
        name_zh: need("name_zh")?,
        name_en: get("name_en").map(|s| s.2.clone()).unwrap_or_default(),
        unit_kind: need("unit_kind")?,
        unit_set: get("unit_set").map(|s| s.2.clone()),
        basis: need("basis")?,
        notes: get("notes").map(|s| s.2.clone()),
        methods: Methods {
            impute,
            treat,
            normalise,
            weights,
            aggregate,
        },
        grades,
        aggregates,
        indicators,
    };
    fw.validate()?;
    let h = fw.hierarchy()?;
    for (row, code, level) in levels {
        let i = h.index_of(&code).ok_or(EvalError::UnknownCode(code))?;
        if level != h.level(i) as f64 {
            return Err(error(
                "indicators",
                row,
                "Level",
                format!(
                    "declares {level} but its place in the tree makes it level {}",
                    h.level(i)
                ),
            ));
        }
    }
    Ok(fw)
}

/// `(row, key, value)` of the settings sheet, keys checked.
fn settings(rows: &[Vec<String>]) -> Result<Vec<(usize, String, String)>> {
    let mut out: Vec<(usize, String, String)> = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        let cell = |c: usize| r.get(c).map_or("", |s| s.trim());
        let (key, value) = (cell(0), cell(1));
        if key.is_empty() || (i == 0 && key == "key") {
            continue;
        }
        if !SETTING_KEYS.contains(&key) {
            return Err(error("settings", i + 1, key, "unknown setting"));
        }
        if out.iter().any(|(_, k, _)| k == key) {
            return Err(error("settings", i + 1, key, "the setting is given twice"));
        }
        if !value.is_empty() {
            out.push((i + 1, key.to_owned(), value.to_owned()));
        }
    }
    Ok(out)
}

fn grading(rows: &[Vec<String>], by: Option<(usize, &String)>) -> Result<Option<Grading>> {
    if rows
        .iter()
        .skip(1)
        .all(|r| r.iter().all(|c| c.trim().is_empty()))
    {
        return Ok(None);
    }
    let g = Rows::new("grades", rows)?;
    g.require("label")?;
    let by = match by {
        None => GradeBasis::Score,
        Some((_, v)) if v == "score" => GradeBasis::Score,
        Some((_, v)) if v == "rank-share" => GradeBasis::RankShare,
        Some((row, v)) => {
            return Err(error(
                "settings",
                row,
                "grades_by",
                format!("`{v}`: expected score or rank-share"),
            ));
        }
    };
    let mut bands = Vec::new();
    for &(row, cells) in &g.rows {
        let c = Cells {
            sheet: g.sheet,
            row,
            cells,
            rows: &g,
        };
        bands.push(Band {
            label: c.required("label")?,
            label_en: c.text("label_en"),
            min: c.number("min")?,
            share: c.number("share")?,
        });
    }
    Ok(Some(Grading { by, bands }))
}

fn number_cell(x: f64) -> String {
    x.to_string()
}

fn opt(x: Option<f64>) -> String {
    x.map(number_cell).unwrap_or_default()
}

/// The sheets of a framework (a template to edit, or the round trip of an import).
pub fn to_sheets(fw: &Framework) -> Result<FrameworkSheets> {
    let h = fw.hierarchy()?;
    let level = |code: &str| h.index_of(code).map_or(0, |i| h.level(i)).to_string();
    let mut header: Vec<String> = INDICATOR_COLUMNS.iter().map(|s| (*s).to_owned()).collect();
    header.insert(5, "Level".to_owned());
    let mut indicators = vec![header];
    for a in &fw.aggregates {
        let mut row = vec![String::new(); INDICATOR_COLUMNS.len() + 1];
        row[0] = a.code.clone();
        row[1] = a.name_zh.clone();
        row[2] = a.name_en.clone();
        row[3] = a.parent.clone().unwrap_or_default();
        row[4] = "Aggregate".to_owned();
        row[5] = level(&a.code);
        row[7] = number_cell(a.weight);
        indicators.push(row);
    }
    for i in &fw.indicators {
        let s = &i.source;
        indicators.push(vec![
            i.code.clone(),
            i.name_zh.clone(),
            i.name_en.clone(),
            i.parent.clone(),
            "Indicator".to_owned(),
            level(&i.code),
            i.direction.to_string(),
            number_cell(i.weight),
            i.unit.clone(),
            opt(i.target),
            opt(i.goalposts.map(|g| g[0])),
            opt(i.goalposts.map(|g| g[1])),
            s.indicator.clone(),
            s.rollup.as_str().to_owned(),
            s.per.clone().unwrap_or_default(),
            s.per_rollup
                .map(|r| r.as_str().to_owned())
                .unwrap_or_default(),
            number_cell(s.scale),
            s.description.clone(),
            s.not_in_store.clone().unwrap_or_default(),
            if i.required { "yes" } else { "" }.to_owned(),
        ]);
    }
    let m = &fw.methods;
    let mut settings = vec![vec!["key".to_owned(), "value".to_owned()]];
    let mut set = |k: &str, v: String| settings.push(vec![k.to_owned(), v]);
    set("id", fw.id.clone());
    set("version", fw.version.clone());
    set("name_zh", fw.name_zh.clone());
    set("name_en", fw.name_en.clone());
    set("unit_kind", fw.unit_kind.clone());
    if let Some(u) = &fw.unit_set {
        set("unit_set", u.clone());
    }
    set("basis", fw.basis.clone());
    if let Some(n) = &fw.notes {
        set("notes", n.clone());
    }
    set("impute", inline(&m.impute)?);
    set("treat", inline(&m.treat)?);
    set("normalise", inline(&m.normalise)?);
    set("weights", inline(&m.weights)?);
    set("aggregate", inline(&m.aggregate)?);
    let mut grades = Vec::new();
    if let Some(g) = &fw.grades {
        set(
            "grades_by",
            match g.by {
                GradeBasis::Score => "score",
                GradeBasis::RankShare => "rank-share",
            }
            .to_owned(),
        );
        grades.push(GRADE_COLUMNS.iter().map(|s| (*s).to_owned()).collect());
        for b in &g.bands {
            grades.push(vec![
                b.label.clone(),
                b.label_en.clone().unwrap_or_default(),
                opt(b.min),
                opt(b.share),
            ]);
        }
    }
    Ok(FrameworkSheets {
        indicators,
        settings,
        grades,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framework::defaults;

    #[test]
    fn every_default_framework_survives_the_sheets() {
        for fw in defaults().expect("defaults") {
            let sheets = to_sheets(&fw).expect("writes");
            assert_eq!(from_sheets(&sheets).expect("reads back"), fw, "{}", fw.id);
        }
    }

    #[test]
    fn method_cells_take_the_command_line_syntax_or_toml() {
        let fw = &defaults().expect("defaults")[0];
        let mut sheets = to_sheets(fw).expect("writes");
        let set = |sheets: &mut FrameworkSheets, key: &str, value: &str| {
            let row = sheets
                .settings
                .iter_mut()
                .find(|r| r[0] == key)
                .expect("key");
            row[1] = value.to_owned();
        };
        set(&mut sheets, "normalise", "goalposts:0,1,100");
        set(&mut sheets, "weights", "{ method = \"equal\" }");
        let read = from_sheets(&sheets).expect("reads");
        assert_eq!(
            read.methods.normalise,
            crate::Normalisation::Goalposts {
                lower: 0.0,
                upper: 1.0,
                scale: 100.0
            }
        );
        assert_eq!(read.methods.weights, crate::Weighting::Equal);
        set(&mut sheets, "aggregate", "median");
        let row = sheets
            .settings
            .iter()
            .position(|r| r[0] == "aggregate")
            .expect("row")
            + 1;
        let err = from_sheets(&sheets).expect_err("unknown method");
        assert!(
            err.to_string()
                .starts_with(&format!("sheet `settings`, row {row}, column `aggregate`")),
            "{err}"
        );
    }

    #[test]
    fn mistakes_name_the_sheet_row_and_column() {
        let fw = &defaults().expect("defaults")[4];
        let good = to_sheets(fw).expect("writes");
        let weight = good.indicators[0]
            .iter()
            .position(|h| h == "Weight")
            .expect("column");
        let mut bad = good.clone();
        bad.indicators[3][weight] = "thirty".into();
        assert_eq!(
            from_sheets(&bad).expect_err("not a number").to_string(),
            "sheet `indicators`, row 4, column `Weight`: `thirty` is not a number"
        );
        let mut bad = good.clone();
        bad.indicators[0].push("Colour".into());
        assert!(
            from_sheets(&bad)
                .expect_err("unknown column")
                .to_string()
                .contains("`Colour`: unknown column")
        );
        let mut bad = good.clone();
        let rollup = good.indicators[0]
            .iter()
            .position(|h| h == "rollup")
            .expect("column");
        bad.indicators[2][rollup] = "monthly".into();
        assert!(
            from_sheets(&bad)
                .expect_err("rollup")
                .to_string()
                .starts_with("sheet `indicators`, row 3, column `rollup`")
        );
        let mut bad = good;
        bad.settings.retain(|r| r[0] != "version");
        assert!(
            from_sheets(&bad)
                .expect_err("version")
                .to_string()
                .contains("`version`: the setting is missing")
        );
    }
}
