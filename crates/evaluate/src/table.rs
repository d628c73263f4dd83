//! COINr's table layout as text in and out (the caller reads and writes the files): `iData`
//! (one row per unit: `uCode`, optional `uName`, group columns, indicator columns, `NA` for
//! missing) and `iMeta` (`iCode`, `Parent`, `Level`, `Weight`, `Direction`, `Type`, optional
//! `Target`, `goalpost_lower`, `goalpost_upper`), as in COINr's ASEM example; results go out wide,
//! `uCode` then one column per code, numbers with 17 significant digits.

use csv::StringRecord;

use crate::dataset::{Dataset, Matrix};
use crate::error::{EvalError, Result};
use crate::hierarchy::{Hierarchy, Node};

/// What an iMeta table declares: the tree and which data columns are groups.
#[derive(Debug, Clone, PartialEq)]
pub struct Meta {
    pub hierarchy: Hierarchy,
    /// Codes of rows of `Type` `Group`.
    pub groups: Vec<String>,
}

fn reader(text: &str) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .flexible(false)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes())
}

fn header(rdr: &mut csv::Reader<&[u8]>) -> Result<StringRecord> {
    rdr.headers().cloned().map_err(|e| EvalError::Table {
        row: 1,
        column: String::new(),
        reason: e.to_string(),
    })
}

/// The data rows with their 1-based line numbers (the header is line 1).
fn records(rdr: &mut csv::Reader<&[u8]>) -> Result<Vec<(usize, StringRecord)>> {
    rdr.records()
        .enumerate()
        .map(|(k, rec)| {
            let row = k + 2;
            rec.map(|r| (row, r)).map_err(|e| EvalError::Table {
                row,
                column: String::new(),
                reason: e.to_string(),
            })
        })
        .collect()
}

pub(crate) fn is_na(cell: &str) -> bool {
    cell.is_empty() || cell == "NA" || cell == "NaN"
}

pub(crate) fn number(cell: &str, row: usize, column: &str) -> Result<f64> {
    if is_na(cell) {
        return Ok(f64::NAN);
    }
    cell.parse::<f64>().map_err(|_| EvalError::Table {
        row,
        column: column.to_owned(),
        reason: format!("`{cell}` is not a number"),
    })
}

/// Parses an iMeta table (COINr layout).
pub fn parse_meta(text: &str) -> Result<Meta> {
    let mut rdr = reader(text);
    let head = header(&mut rdr)?;
    let col = |name: &str| head.iter().position(|h| h == name);
    let need = |name: &str| {
        col(name).ok_or_else(|| EvalError::Table {
            row: 1,
            column: name.to_owned(),
            reason: "column is missing".into(),
        })
    };
    let (c_code, c_type) = (need("iCode")?, need("Type")?);
    let (c_parent, c_weight, c_dir, c_level) = (
        need("Parent")?,
        need("Weight")?,
        need("Direction")?,
        need("Level")?,
    );
    let (c_name, c_target) = (col("iName"), col("Target"));
    let (c_gl, c_gu) = (col("goalpost_lower"), col("goalpost_upper"));
    let mut indicators = Vec::new();
    let mut aggregates = Vec::new();
    let mut declared_levels = Vec::new();
    let mut groups = Vec::new();
    for (row, rec) in records(&mut rdr)? {
        let get = |c: usize| rec.get(c).unwrap_or("");
        let code = get(c_code).to_owned();
        let kind = get(c_type);
        if kind == "Group" {
            groups.push(code);
            continue;
        }
        if kind != "Indicator" && kind != "Aggregate" {
            continue;
        }
        let parent = get(c_parent);
        let weight = number(get(c_weight), row, "Weight")?;
        let direction = number(get(c_dir), row, "Direction")?;
        let level = number(get(c_level), row, "Level")?;
        let opt = |c: Option<usize>, name: &str| -> Result<Option<f64>> {
            let v = c.map_or(Ok(f64::NAN), |c| number(get(c), row, name))?;
            Ok((!v.is_nan()).then_some(v))
        };
        let goalposts = match (opt(c_gl, "goalpost_lower")?, opt(c_gu, "goalpost_upper")?) {
            (Some(l), Some(u)) => Some([l, u]),
            _ => None,
        };
        let node = Node {
            name: c_name.map(|c| get(c).to_owned()).unwrap_or_default(),
            parent: (!is_na(parent)).then(|| parent.to_owned()),
            weight: if weight.is_nan() { 1.0 } else { weight },
            direction: if direction.is_nan() { 1.0 } else { direction },
            target: opt(c_target, "Target")?,
            goalposts,
            code,
        };
        declared_levels.push((node.code.clone(), level));
        if kind == "Indicator" {
            indicators.push(node)
        } else {
            aggregates.push(node)
        }
    }
    let hierarchy = Hierarchy::new(indicators, aggregates)?;
    for (code, level) in declared_levels {
        let i = hierarchy
            .index_of(&code)
            .ok_or_else(|| EvalError::UnknownCode(code.clone()))?;
        if !level.is_nan() && level != hierarchy.level(i) as f64 {
            return Err(EvalError::Framework(format!(
                "`{code}` declares Level {level} but its place in the tree makes it level {}",
                hierarchy.level(i)
            )));
        }
    }
    Ok(Meta { hierarchy, groups })
}

impl Meta {
    /// The indicator codes, in the order the data must supply them.
    pub fn indicator_codes(&self) -> Vec<String> {
        self.hierarchy
            .indicators()
            .iter()
            .map(|n| n.code.clone())
            .collect()
    }
}

/// Parses an iMeta table and the iData table it describes.
pub fn parse_coinr(meta: &str, data: &str) -> Result<(Meta, Dataset)> {
    let meta = parse_meta(meta)?;
    let data = parse_data(data, &meta.indicator_codes(), &meta.groups)?;
    Ok((meta, data))
}

/// Parses an iData table: `uCode`, the `indicators` columns and the `groups` columns are read;
/// any other column (names, denominators, time) is ignored.
pub fn parse_data(text: &str, indicators: &[String], groups: &[String]) -> Result<Dataset> {
    let mut rdr = reader(text);
    let head = header(&mut rdr)?;
    let col = |name: &str| {
        head.iter()
            .position(|h| h == name)
            .ok_or_else(|| EvalError::Table {
                row: 1,
                column: name.to_owned(),
                reason: "column is missing".into(),
            })
    };
    let c_unit = col("uCode")?;
    let c_ind: Vec<usize> = indicators.iter().map(|c| col(c)).collect::<Result<_>>()?;
    let c_grp: Vec<usize> = groups.iter().map(|c| col(c)).collect::<Result<_>>()?;
    let mut units = Vec::new();
    let mut rows = Vec::new();
    let mut labels: Vec<Vec<Option<String>>> = vec![Vec::new(); groups.len()];
    for (row, rec) in records(&mut rdr)? {
        let get = |c: usize| rec.get(c).unwrap_or("");
        units.push(get(c_unit).to_owned());
        rows.push(
            c_ind
                .iter()
                .zip(indicators)
                .map(|(&c, name)| number(get(c), row, name))
                .collect::<Result<Vec<f64>>>()?,
        );
        for (g, &c) in labels.iter_mut().zip(&c_grp) {
            let v = get(c);
            g.push((!is_na(v)).then(|| v.to_owned()));
        }
    }
    let mut data = Dataset::from_rows(units, indicators.to_vec(), &rows)?;
    for (name, l) in groups.iter().zip(labels) {
        data = data.with_group(name.clone(), l)?;
    }
    Ok(data)
}

/// Formats a number with 17 significant digits (`NA` for missing).
pub fn format_number(x: f64) -> String {
    if x.is_nan() {
        "NA".to_owned()
    } else {
        format!("{x:.16e}")
    }
}

/// Writes a wide table: `uCode`, then one column per code; `values` are column-major.
pub fn write_wide(units: &[String], codes: &[String], values: &[f64]) -> String {
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    let mut head = vec!["uCode".to_owned()];
    head.extend(codes.iter().cloned());
    // Writing to a Vec cannot fail; the results are ignored deliberately.
    let _ = w.write_record(&head);
    for (i, u) in units.iter().enumerate() {
        let mut rec = vec![u.clone()];
        rec.extend((0..codes.len()).map(|j| format_number(values[j * units.len() + i])));
        let _ = w.write_record(&rec);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// Parses a wide table written by COINr or by [`write_wide`]: unit codes, column codes and the
/// values (column-major).
pub fn parse_wide(text: &str) -> Result<(Vec<String>, Vec<String>, Matrix)> {
    let mut rdr = reader(text);
    let head = header(&mut rdr)?;
    let codes: Vec<String> = head.iter().skip(1).map(str::to_owned).collect();
    let mut units = Vec::new();
    let mut rows = Vec::new();
    for (row, rec) in records(&mut rdr)? {
        units.push(rec.get(0).unwrap_or("").to_owned());
        rows.push(
            codes
                .iter()
                .enumerate()
                .map(|(j, c)| number(rec.get(j + 1).unwrap_or(""), row, c))
                .collect::<Result<Vec<f64>>>()?,
        );
    }
    let data = Dataset::from_rows(units.clone(), codes.clone(), &rows)?;
    Ok((
        units,
        codes,
        Matrix {
            n_rows: data.n_units(),
            data: data.values().to_vec(),
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const META: &str = "\"Level\",\"iCode\",\"iName\",\"Direction\",\"Weight\",\"Type\",\"Parent\",\"Target\"\n\
        1,\"a\",\"A\",1,1,\"Indicator\",\"T\",NA\n\
        1,\"b\",\"B\",-1,2,\"Indicator\",\"T\",4\n\
        2,\"T\",\"Top\",1,1,\"Aggregate\",NA,NA\n\
        NA,\"g\",\"Group\",NA,NA,\"Group\",NA,NA\n";

    #[test]
    fn meta_and_data_round_trip() {
        let meta = parse_meta(META).expect("meta");
        assert_eq!(meta.groups, vec!["g".to_owned()]);
        let b = &meta.hierarchy.nodes()[1];
        assert_eq!((b.direction, b.weight, b.target), (-1.0, 2.0, Some(4.0)));
        let data = "uCode,uName,g,a,b\nX,Ex,one,1.5,NA\nY,Why,NA,2,3\n";
        let codes = meta.indicator_codes();
        let d = parse_data(data, &codes, &meta.groups).expect("data");
        assert_eq!(d.column(0), &[1.5, 2.0]);
        assert!(d.column(1)[0].is_nan());
        assert_eq!(
            d.group("g").expect("group"),
            &[Some("one".to_owned()), None]
        );
        let text = write_wide(d.units(), d.indicators(), d.values());
        assert!(
            text.starts_with("uCode,a,b\nX,1.5000000000000000e0,NA\n"),
            "{text}"
        );
        let (units, cols, m) = parse_wide(&text).expect("wide");
        assert_eq!((units.len(), cols.len(), m.get(1, 1)), (2, 2, 3.0));
    }

    #[test]
    fn errors_name_row_and_column() {
        let meta = parse_meta(META).expect("meta");
        let codes = meta.indicator_codes();
        let err =
            parse_data("uCode,a,b,g\nX,1,oops,z\n", &codes, &meta.groups).expect_err("bad number");
        assert_eq!(
            err,
            EvalError::Table {
                row: 2,
                column: "b".into(),
                reason: "`oops` is not a number".into()
            }
        );
        assert!(
            matches!(parse_data("uCode,a\nX,1\n", &codes, &[]), Err(EvalError::Table { column, .. }) if column == "b")
        );
        let bad_level = META.replace("2,\"T\"", "3,\"T\"");
        assert!(matches!(
            parse_meta(&bad_level),
            Err(EvalError::Framework(_))
        ));
    }
}
