//! `chainchief evaluate framework …`: the shipped frameworks, and importing one from an Excel
//! workbook (an iMeta-like indicator sheet, a settings sheet and an optional grades sheet; see
//! `evaluate::sheet`) into a framework file.

use std::path::{Path, PathBuf};

use analytics::table::{Cell, Column, Format, Table};
use anyhow::{Context, Result, bail};
use calamine::{Data, Reader, open_workbook_auto};
use clap::{Args, Subcommand};
use evaluate::sheet::{self, FrameworkSheets, SHEET_NAMES};

use super::super::shared::TableOutput;
use super::write;

#[derive(Debug, Subcommand)]
pub enum FrameworkCommand {
    /// The shipped frameworks: id, version, units, indicators, grades.
    List(ListArgs),
    /// Read a framework from an Excel workbook (sheets `indicators`/`指标`, `settings`/`设置`,
    /// optional `grades`/`等级`) and write it as a framework file.
    Import(ImportArgs),
}

#[derive(Debug, Args)]
pub struct ListArgs {
    #[command(flatten)]
    output: TableOutput,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The workbook (.xlsx, .xls or .ods).
    file: PathBuf,
    /// The framework file to write (TOML), for `evaluate run --framework FILE`.
    #[arg(long)]
    out: PathBuf,
}

pub fn run(command: FrameworkCommand) -> Result<()> {
    match command {
        FrameworkCommand::List(args) => list(&args),
        FrameworkCommand::Import(args) => import(&args),
    }
}

fn list(args: &ListArgs) -> Result<()> {
    let chinese = args.output.chinese();
    let columns = vec![
        Column::new("id", "编号", "id", Format::Text),
        Column::new("version", "版本", "version", Format::Text),
        Column::new("name", "名称", "name", Format::Text),
        Column::new("units", "评价对象", "units", Format::Text),
        Column::new("indicators", "指标数", "indicators", Format::Integer),
        Column::new(
            "not_in_store",
            "暂无数据指标",
            "not in the store yet",
            Format::Integer,
        ),
        Column::new("grades", "等级", "grades", Format::Text),
    ];
    let rows = evaluate::framework::defaults()?
        .into_iter()
        .map(|f| {
            let missing = f
                .indicators
                .iter()
                .filter(|i| i.source.not_in_store.is_some())
                .count();
            let grades = f.grades.as_ref().map_or_else(String::new, |g| {
                g.bands
                    .iter()
                    .map(|b| {
                        if chinese {
                            b.label.clone()
                        } else {
                            b.label_en.clone().unwrap_or_else(|| b.label.clone())
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(" / ")
            });
            vec![
                Cell::text(f.id.clone()),
                Cell::text(f.version.clone()),
                Cell::text(if chinese { f.name_zh } else { f.name_en }),
                Cell::text(match &f.unit_set {
                    Some(set) => format!("{} ({set})", f.unit_kind),
                    None => f.unit_kind.clone(),
                }),
                Cell::Number(f.indicators.len() as f64),
                Cell::Number(missing as f64),
                Cell::text(grades),
            ]
        })
        .collect();
    args.output.emit(&Table { columns, rows })
}

/// A sheet's cells as text, padded so that row and column numbers are the workbook's own.
fn rows(
    path: &Path,
    workbook: &mut calamine::Sheets<std::io::BufReader<std::fs::File>>,
    name: &str,
) -> Result<Vec<Vec<String>>> {
    let range = workbook
        .worksheet_range(name)
        .with_context(|| format!("{}: sheet `{name}`", path.display()))?;
    let (top, left) = range.start().unwrap_or((0, 0));
    let mut out = vec![Vec::new(); top as usize];
    for row in range.rows() {
        let mut cells = vec![String::new(); left as usize];
        cells.extend(row.iter().map(|c| match c {
            Data::Empty => String::new(),
            other => other.to_string(),
        }));
        out.push(cells);
    }
    Ok(out)
}

fn import(args: &ImportArgs) -> Result<()> {
    let path = &args.file;
    let mut workbook =
        open_workbook_auto(path).with_context(|| format!("could not open {}", path.display()))?;
    let names = workbook.sheet_names();
    let find = |(en, zh): (&str, &str)| {
        names
            .iter()
            .find(|n| n.trim().eq_ignore_ascii_case(en) || n.trim() == zh)
            .cloned()
    };
    let [indicators, settings, grades] = SHEET_NAMES.map(find);
    let (Some(indicators), Some(settings)) = (indicators, settings) else {
        bail!(
            "{}: needs the sheets `indicators` (指标) and `settings` (设置); it has {}",
            path.display(),
            names.join(", ")
        );
    };
    let sheets = FrameworkSheets {
        indicators: rows(path, &mut workbook, &indicators)?,
        settings: rows(path, &mut workbook, &settings)?,
        grades: match grades {
            Some(g) => rows(path, &mut workbook, &g)?,
            None => Vec::new(),
        },
    };
    let fw = sheet::from_sheets(&sheets).with_context(|| path.display().to_string())?;
    let text = format!(
        "# {} — {}\n# Imported from {}; edit freely, and bump `version` when a change alters scores.\n\n{}",
        fw.name_zh,
        fw.name_en,
        path.file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
        fw.to_toml()?
    );
    write(&args.out, &text)?;
    eprintln!(
        "wrote framework {} {} ({} indicators) to {}",
        fw.id,
        fw.version,
        fw.indicators.len(),
        args.out.display()
    );
    Ok(())
}
