//! Screening and cultivation pipelines over loaded facts, as tables with Chinese and English
//! headers (cell texts in the language asked for).

use model::TitleKind;
use rules::{
    EnterpriseFacts, Evaluator, Lang, PipelineOptions, SCREEN_COLUMNS, ScreenRow, Stage, Verdict,
    cultivation, pipeline_counts, screen_with,
};
use serde::Serialize;

use crate::AnalyticsError;
use crate::table::{Cell, Column, Format, Table};

/// The titles with a rule set in force for the evaluator's date and authority, in
/// [`TitleKind::ALL`] order ("all titles").
pub fn titles_in_force(evaluator: &Evaluator<'_>) -> Vec<TitleKind> {
    evaluator
        .book()
        .titles_in_force(evaluator.date(), evaluator.region())
}

/// How many enterprises got each verdict for one title.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct VerdictCounts {
    pub title: TitleKind,
    pub qualifies: usize,
    pub does_not_qualify: usize,
    pub cannot_tell: usize,
}

/// A screening: the rows asked for and the verdict counts of every row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Screening {
    /// One row per enterprise and title, in enterprise order then title order; the columns are
    /// [`rules::SCREEN_COLUMNS`] (the layout `chainchief rules screen --input` writes).
    pub table: Table,
    /// Per title, over all enterprises screened (whatever verdict the rows were limited to).
    pub counts: Vec<VerdictCounts>,
}

fn cell(cell: rules::Cell) -> Cell {
    match cell {
        rules::Cell::Text(text) => Cell::Text(text),
        rules::Cell::Number(number) => Cell::Number(number),
        rules::Cell::Empty => Cell::Empty,
    }
}

fn screen_column(column: &rules::Column) -> Column {
    let format = match column.key {
        "score" | "pass_mark" => Format::Number,
        _ => Format::Text,
    };
    Column::new(column.key, column.zh, column.en, format)
}

/// Screens every enterprise (the loaded `EligibilityData::facts`, or a facts table read from a
/// file) for `titles` (rayon), keeping the rows of one verdict when
/// `verdict` is given. Fails when a title has no rule set in force.
pub fn screen(
    facts: &[EnterpriseFacts],
    evaluator: &Evaluator<'_>,
    titles: &[TitleKind],
    verdict: Option<Verdict>,
    lang: Lang,
) -> Result<Screening, AnalyticsError> {
    let results = screen_with(evaluator, facts, titles, |evaluation| {
        let row = verdict
            .is_none_or(|verdict| verdict == evaluation.verdict)
            .then(|| ScreenRow(&evaluation).cells(lang));
        (evaluation.title, evaluation.verdict, row)
    })?;
    let mut counts: Vec<VerdictCounts> = Vec::new();
    let mut rows = Vec::new();
    for (title, verdict, row) in results {
        let index = match counts.iter().position(|c| c.title == title) {
            Some(index) => index,
            None => {
                counts.push(VerdictCounts {
                    title,
                    qualifies: 0,
                    does_not_qualify: 0,
                    cannot_tell: 0,
                });
                counts.len() - 1
            }
        };
        let count = &mut counts[index];
        match verdict {
            Verdict::Qualifies => count.qualifies += 1,
            Verdict::DoesNotQualify => count.does_not_qualify += 1,
            Verdict::CannotTell => count.cannot_tell += 1,
        }
        if let Some(row) = row {
            rows.push(row.into_iter().map(cell).collect());
        }
    }
    Ok(Screening {
        table: Table {
            columns: SCREEN_COLUMNS.iter().map(screen_column).collect(),
            rows,
        },
        counts,
    })
}

/// Stages in the order the pipeline table lists them.
const STAGES: [Stage; 4] = [
    Stage::QualifiesUnheld,
    Stage::WithinReach,
    Stage::Expiring,
    Stage::NoLongerMeets,
];

fn stage_rank(stage: Stage) -> usize {
    STAGES
        .iter()
        .position(|s| *s == stage)
        .unwrap_or(STAGES.len())
}

fn title_rank(title: TitleKind) -> usize {
    TitleKind::ALL
        .iter()
        .position(|t| *t == title)
        .unwrap_or(TitleKind::ALL.len())
}

/// How many enterprises one pipeline holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct StageCount {
    pub stage: Stage,
    pub title: TitleKind,
    pub enterprises: usize,
}

/// The cultivation pipelines (梯度培育): one row per enterprise, title and stage.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pipelines {
    /// By stage (qualifies but holds no title, within reach of the next tier, expiring, no
    /// longer meeting the rules), then title, then days left (soonest first), then enterprise.
    pub table: Table,
    pub counts: Vec<StageCount>,
}

/// The screening columns a pipeline row shows, after its stage.
const PIPELINE_COLUMNS: [&str; 10] = [
    "enterprise_id",
    "enterprise_name",
    "title",
    "rule_set",
    "verdict",
    "score",
    "unmet",
    "missing",
    "gaps",
    "held_until",
];

/// Builds the pipelines for `titles` (titles with no rule set in force are skipped).
pub fn pipelines(
    facts: &[EnterpriseFacts],
    evaluator: &Evaluator<'_>,
    titles: &[TitleKind],
    options: &PipelineOptions,
    lang: Lang,
) -> Pipelines {
    let mut entries = cultivation(evaluator, facts, titles, options);
    entries.sort_by_key(|entry| {
        (
            stage_rank(entry.stage),
            title_rank(entry.title),
            entry.days_left.unwrap_or(i64::MAX),
        )
    });
    let picked: Vec<usize> = PIPELINE_COLUMNS
        .iter()
        .filter_map(|key| SCREEN_COLUMNS.iter().position(|c| c.key == *key))
        .collect();
    let mut columns = vec![Column::new("stage", "培育阶段", "Stage", Format::Text)];
    columns.extend(picked.iter().map(|&i| screen_column(&SCREEN_COLUMNS[i])));
    columns.push(Column::new(
        "days_left",
        "剩余天数",
        "Days left",
        Format::Integer,
    ));
    let rows = entries
        .iter()
        .map(|entry| {
            let mut cells: Vec<Option<rules::Cell>> = ScreenRow(&entry.evaluation)
                .cells(lang)
                .into_iter()
                .map(Some)
                .collect();
            let mut row = vec![Cell::text(entry.stage.label().get(lang))];
            row.extend(
                picked
                    .iter()
                    .map(|&i| cells[i].take().map_or(Cell::Empty, cell)),
            );
            row.push(Cell::number(entry.days_left.map(|days| days as f64)));
            row
        })
        .collect();
    let mut counts: Vec<StageCount> = pipeline_counts(&entries)
        .into_iter()
        .map(|(stage, title, enterprises)| StageCount {
            stage,
            title,
            enterprises,
        })
        .collect();
    counts.sort_by_key(|count| (stage_rank(count.stage), title_rank(count.title)));
    Pipelines {
        table: Table { columns, rows },
        counts,
    }
}

/// Pipeline counts as a table (stage, title, enterprises).
pub fn stage_count_table(counts: &[StageCount], lang: Lang) -> Table {
    Table {
        columns: vec![
            Column::new("stage", "培育阶段", "Stage", Format::Text),
            Column::new("title", "称号", "Title", Format::Text),
            Column::new("enterprises", "企业数", "Enterprises", Format::Integer),
        ],
        rows: counts
            .iter()
            .map(|count| {
                vec![
                    Cell::text(count.stage.label().get(lang)),
                    Cell::text(title_text(count.title, lang)),
                    Cell::Number(count.enterprises as f64),
                ]
            })
            .collect(),
    }
}

/// A title as the screening table writes it: its Chinese name, or its code in English.
pub(crate) fn title_text(title: TitleKind, lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => title.label_zh(),
        Lang::En => title.as_str(),
    }
}
