// The engine endpoints the pages expect (monitoring, risk, recommendations, evaluations,
// eligibility, imports). They are being added to crates/server; each page checks the OpenAPI
// document (`useEndpoint`) and shows "not available yet" until its path exists. Responses are
// `analytics::table::Table`s (columns named in both languages), so wiring one is a handler that
// returns the table the CLI already prints. The paths and parameters here are what the pages
// call; the report that introduced them lists the shapes assumed.
import { withQuery, type Query } from "./client";
import type { ResultTable } from "./types";

export const ENGINE = {
  /** Rollup of one indicator by a dimension, one row per group × period (rollup_table). */
  monitoringRollup: "/api/monitoring/rollup",
  /** Graded warnings (warning_table). */
  monitoringWarnings: "/api/monitoring/warnings",
  /** Progress toward chain targets (target_table). */
  monitoringTargets: "/api/monitoring/targets",
  /** A region with its sub-regions and their member counts in scope. */
  region: "/api/regions/{code}",
  /** Named chain-masters and chain-cores of a chain. */
  chainLeaders: "/api/chains/{code}/leaders",
  /** Risk report of a chain: named tables (findings, nodes, systemic firms). */
  chainRisk: "/api/chains/{code}/risk",
  /** Candidate enterprises outside the province for a chain's missing or weak nodes. */
  investmentTargets: "/api/chains/{code}/investment-targets",
  /** Industries recommended for a county or a park (relatedness). */
  recommendations: "/api/recommendations",
  /** Evaluation runs, and one run's results. */
  evaluations: "/api/evaluations",
  evaluation: "/api/evaluations/{id}",
  /** Screening for a tier title (eligibility). */
  eligibilityScreen: "/api/eligibility",
  /** One enterprise's eligibility explained (explanation_table). */
  enterpriseEligibility: "/api/enterprises/{uscc}/eligibility",
  /** Upload a file: validation report and the batch. */
  imports: "/api/imports",
} as const;

/** Fills `{name}` in a documented path. */
export function fill(path: string, params: Record<string, string | number>): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String(params[name] ?? "")));
}

/** A report made of named tables (risk report, evaluation results). */
export type TableReport = Record<string, ResultTable>;

/** The index of column `key`, or -1. */
export function columnIndex(table: ResultTable, key: string): number {
  return table.columns.findIndex((c) => c.key === key);
}

/** The cells of column `key` as numbers (null where empty or text). */
export function numbers(table: ResultTable, key: string): (number | null)[] {
  const i = columnIndex(table, key);
  return table.rows.map((row) => {
    const cell = i < 0 ? null : row[i];
    return typeof cell === "number" ? cell : null;
  });
}

export function texts(table: ResultTable, key: string): string[] {
  const i = columnIndex(table, key);
  return table.rows.map((row) => {
    const cell = i < 0 ? null : row[i];
    return cell === null || cell === undefined ? "" : String(cell);
  });
}

/** The rows of the latest period in a table with a `period` column (all rows when it has none). */
export function latestPeriod(table: ResultTable): ResultTable {
  const periods = texts(table, "period");
  if (columnIndex(table, "period") < 0 || periods.length === 0) return table;
  const latest = periods.reduce((a, b) => (b > a ? b : a));
  return { columns: table.columns, rows: table.rows.filter((_, i) => periods[i] === latest) };
}

/** `GET /api/…?a=1`: the call a pending panel names. */
export function describeCall(path: string, query?: Query): string {
  return `GET ${withQuery(path, query)}`;
}
