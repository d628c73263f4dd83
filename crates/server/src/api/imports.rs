//! Imports: upload a CSV or XLSX file of one kind (validated row by row, then written as one
//! batch or not at all), the history of import batches, and the XLSX template of each kind.
//!
//! The upload is the one route with a larger body limit ([`BODY_LIMIT`]); the file is the raw
//! request body, read only after the role check. A file that fails validation is not an error of
//! the request: it answers 200 with `outcome: "rejected"` and every bad cell in `issues` (the
//! attempt is recorded as a rejected batch, unless it was a dry run). Imports write across the
//! whole province, so only roles whose scope is the whole province may import.

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use ingest::{ImportOptions, Kind, Outcome};
use serde::{Deserialize, Serialize};
use store::ImportBatch;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::api::TAG_IMPORTS;
use crate::auth::{Permission, Principal};
use crate::request::{Page, Pagination, Query};
use crate::{ApiError, AppState};

/// Largest file the upload accepts (64 MiB); every other route keeps the 1 MiB limit.
pub const BODY_LIMIT: usize = 64 << 20;

/// MIME type of an XLSX workbook.
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(upload, list_imports))
        .routes(routes!(template))
}

fn parse_kind(kind: Option<&str>) -> Result<Kind, ApiError> {
    let text = kind
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .ok_or_else(|| {
            ApiError::invalid(
                "kind",
                format!("缺少 kind（{}）", Kind::names()),
                format!("kind is required (one of {})", Kind::names()),
            )
        })?;
    Kind::parse(text).ok_or_else(|| {
        ApiError::invalid(
            "kind",
            format!("未知的 kind（应为 {} 之一）", Kind::names()),
            format!("Unknown kind (one of {})", Kind::names()),
        )
    })
}

fn parse_bool(field: &str, value: Option<&str>) -> Result<bool, ApiError> {
    match value.map(str::trim) {
        None | Some("") | Some("false") | Some("0") => Ok(false),
        Some("true") | Some("1") => Ok(true),
        Some(_) => Err(ApiError::invalid(
            field,
            format!("{field} 只能是 true 或 false"),
            format!("{field} must be true or false"),
        )),
    }
}

/// Parameters of an upload (the file itself is the body).
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UploadQuery {
    /// What the file holds: parks, towns, indicators, enterprises, chains, chain_nodes,
    /// node_relations, memberships, designations, supply_links, observations or facts
    /// (required).
    pub kind: Option<String>,
    /// Validate and report only; write nothing, not even a batch record (default false).
    #[param(value_type = Option<bool>)]
    pub dry_run: Option<String>,
    /// The file's name, recorded as the batch source (default `upload`).
    pub filename: Option<String>,
    /// Worksheet to read (XLSX); default the first visible one.
    pub sheet: Option<String>,
    /// Read January and February as calendar months and combine them into 1–2月.
    #[param(value_type = Option<bool>)]
    pub combine_jan_feb: Option<String>,
    /// Observations wide by period: the indicator of every value (code or name).
    pub indicator: Option<String>,
    /// Observations wide by indicator: the period of every value (2025-03, 2025年3月…).
    pub period: Option<String>,
    /// Unit of values whose cell, row and header give none (万元…).
    pub unit: Option<String>,
    /// Year of periods written without one (3月, 1-2月).
    #[param(value_type = Option<u16>)]
    pub year: Option<String>,
}

/// The outcome of an upload and its validation report.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportReport {
    /// `committed`, `rejected` or `dry_run`.
    pub outcome: String,
    /// The batch the attempt was recorded under (none for a dry run).
    pub batch: Option<ImportBatch>,
    pub rows_read: u64,
    pub rows_accepted: u64,
    pub rows_rejected: u64,
    /// Rows written (inserted, updated or revised) when committed.
    pub rows_written: Option<u64>,
    /// Why the whole file was refused (unreadable, too large, no header…), if it was.
    pub refusal_zh: Option<String>,
    pub refusal_en: Option<String>,
    /// Every problem found: row (as the spreadsheet numbers it), column letter, header, value,
    /// message (zh and en), reason code and severity.
    pub issues: analytics::table::Table,
    /// Problems found beyond those listed.
    pub issues_not_listed: u64,
}

/// The report's issues as a result table.
fn issues_table(report: &ingest::Report) -> analytics::table::Table {
    use analytics::table::{Cell, Column, Format, Table};
    Table {
        columns: vec![
            Column::new("row", "行号", "Row", Format::Integer),
            Column::new("column", "列", "Column", Format::Text),
            Column::new("header", "列名", "Header", Format::Text),
            Column::new("value", "值", "Value", Format::Text),
            Column::new("message", "问题说明", "Message", Format::Text),
            Column::new(
                "message_en",
                "问题说明（英文）",
                "Message (en)",
                Format::Text,
            ),
            Column::new("reason", "原因代码", "Reason", Format::Text),
            Column::new("severity", "级别", "Severity", Format::Text),
        ],
        rows: report
            .issues
            .iter()
            .map(|i| {
                vec![
                    Cell::Number(i.row as f64),
                    Cell::text(i.column_letter()),
                    Cell::text(i.column_name.clone()),
                    Cell::text(i.value.clone()),
                    Cell::text(i.message_zh()),
                    Cell::text(i.message_en()),
                    Cell::text(i.reason()),
                    Cell::text(match i.severity {
                        ingest::Severity::Error => "error",
                        ingest::Severity::Warning => "warning",
                    }),
                ]
            })
            .collect(),
    }
}

/// Upload a CSV or XLSX file (the request body, at most 64 MiB): validate every row, then write
/// all of it as one batch or nothing.
///
/// A file that fails validation answers 200 with `outcome: "rejected"` and its issues; nothing is
/// written except the record of the rejected batch. `dry_run=true` validates only.
#[utoipa::path(
    post,
    path = "/imports",
    tag = TAG_IMPORTS,
    security(("session" = []), ("bearer" = [])),
    extensions(("x-permission" = json!("import_data"))),
    params(UploadQuery),
    request_body(
        description = "The file itself: CSV (UTF-8, GBK/GB18030, UTF-16, detected) or XLSX, at most 64 MiB",
        content(
            ([u8] = "text/csv"),
            ([u8] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            ([u8] = "application/octet-stream")
        )
    ),
    responses((status = 200, description = "The outcome and the validation report", body = ImportReport))
)]
async fn upload(
    State(state): State<AppState>,
    principal: Principal,
    Query(query): Query<UploadQuery>,
    headers: HeaderMap,
    body: Body,
) -> Result<axum::Json<ImportReport>, ApiError> {
    principal.require(Permission::ImportData)?;
    let kind = parse_kind(query.kind.as_deref())?;
    let dry_run = parse_bool("dry_run", query.dry_run.as_deref())?;
    let combine_jan_feb = parse_bool("combine_jan_feb", query.combine_jan_feb.as_deref())?;
    let year = query
        .year
        .as_deref()
        .map(|y| {
            y.trim()
                .parse::<u16>()
                .ok()
                .filter(|y| (1949..=2100).contains(y))
                .ok_or_else(|| {
                    ApiError::invalid(
                        "year",
                        "year 须为 1949 到 2100 之间的年份",
                        "year must be a year between 1949 and 2100",
                    )
                })
        })
        .transpose()?;
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > BODY_LIMIT) {
        return Err(ApiError::payload_too_large());
    }
    let bytes = axum::body::to_bytes(body, BODY_LIMIT)
        .await
        .map_err(|_| ApiError::payload_too_large())?;
    if bytes.is_empty() {
        return Err(ApiError::invalid(
            "body",
            "请求体应为要导入的文件，不能为空",
            "The request body must be the file to import; it is empty",
        ));
    }
    let file_name = query
        .filename
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .unwrap_or("upload")
        .chars()
        .take(200)
        .collect::<String>();
    let options = ImportOptions {
        sheet: query.sheet,
        dry_run,
        combine_jan_feb,
        indicator: query.indicator,
        period: query.period,
        unit: query.unit,
        year,
        actor: Some(principal.username().to_owned()),
        ..ImportOptions::default()
    };
    let outcome = ingest::import_bytes(&state.store, kind, &file_name, bytes.to_vec(), &options)
        .await
        .map_err(|e| match e {
            ingest::IngestError::Store(e) => ApiError::from(e),
            other => {
                tracing::error!(error = %other, "import failed");
                ApiError::internal()
            }
        })?;
    let batch = match outcome.batch {
        Some(id) => state.store.batch(id).await?,
        None => None,
    };
    let report = &outcome.report;
    Ok(axum::Json(ImportReport {
        outcome: match outcome.outcome {
            Outcome::Committed => "committed",
            Outcome::Rejected => "rejected",
            Outcome::DryRun => "dry_run",
        }
        .to_owned(),
        batch,
        rows_read: report.rows_read,
        rows_accepted: report.rows_accepted,
        rows_rejected: report.rows_rejected,
        rows_written: report
            .written
            .map(|w| w.inserted + w.updated + w.upserted + w.revised),
        refusal_zh: report.refusal.as_ref().map(|r| r.message_zh()),
        refusal_en: report.refusal.as_ref().map(|r| r.message_en()),
        issues: issues_table(report),
        issues_not_listed: report.issues_not_listed,
    }))
}

/// Import batches (committed and rejected), newest first.
#[utoipa::path(
    get,
    path = "/imports",
    tag = TAG_IMPORTS,
    security(("session" = []), ("bearer" = [])),
    extensions(("x-permission" = json!("read_batches"))),
    params(Pagination),
    responses((status = 200, description = "Import batches", body = Page<ImportBatch>))
)]
async fn list_imports(
    State(state): State<AppState>,
    principal: Principal,
    Query(page): Query<Pagination>,
) -> Result<axum::Json<Page<ImportBatch>>, ApiError> {
    principal.require(Permission::ReadBatches)?;
    let (limit, offset) = page.checked()?;
    let page = state.store.list_batches(limit, offset).await?;
    Ok(axum::Json(Page::from_store(page, |b| b)))
}

/// Which template.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TemplateQuery {
    /// The kind of file (see POST /api/imports), required.
    pub kind: Option<String>,
}

/// The XLSX import template of a kind: expected headers (Chinese and English), units, a note on
/// every column and an example sheet.
#[utoipa::path(
    get,
    path = "/imports/template",
    tag = TAG_IMPORTS,
    security(("session" = []), ("bearer" = [])),
    extensions(("x-permission" = json!("import_data"))),
    params(TemplateQuery),
    responses((
        status = 200,
        description = "The template workbook",
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        body = [u8]
    ))
)]
async fn template(
    principal: Principal,
    Query(query): Query<TemplateQuery>,
) -> Result<Response, ApiError> {
    principal.require(Permission::ImportData)?;
    let kind = parse_kind(query.kind.as_deref())?;
    let bytes = ingest::template::template(kind).map_err(|e| {
        tracing::error!(error = %e, "could not build an import template");
        ApiError::internal()
    })?;
    let disposition = format!(
        "attachment; filename=\"template-{0}.xlsx\"; filename*=UTF-8''%E5%AF%BC%E5%85%A5%E6%A8%A1%E6%9D%BF-{0}.xlsx",
        kind.as_str()
    );
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(XLSX));
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    Ok(response)
}
