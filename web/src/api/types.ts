// Shapes of the API's responses (crates/server/src/api/*.rs; /api/openapi.json is the reference).

/** `request::Page`: one page of a list, `total` counting only rows in the caller's scope. */
export interface Page<T> {
  total: number;
  offset: number;
  limit: number;
  items: T[];
}

/** `ApiError`. */
export interface ErrorBody {
  code: string;
  message_zh: string;
  message_en: string;
  field?: string | null;
}

export type Role =
  | "administrator"
  | "province_analyst"
  | "chain_office"
  | "region_bureau"
  | "department"
  | "park_office"
  | "enterprise"
  | "viewer";

export interface SessionView {
  username: string;
  display_name: string;
  role: Role;
  role_zh: string;
  csrf_token: string | null;
  expires_at: number | null;
  region: string | null;
  chains: string[];
  park: string | null;
  uscc: string | null;
  department: string | null;
}

export interface ChainSummary {
  code: string;
  name: string;
  level: string;
  region: string;
  region_name: string;
  node_count: number;
  enterprise_count: number;
  chain_master_count: number;
  chain_core_count: number;
}

export type Segment = "upstream" | "midstream" | "downstream";

export interface ChainNode {
  code: string;
  name: string;
  segment: Segment;
  parent: string | null;
  industries: string[];
  key_products: string[];
  enterprise_count: number;
}

export interface ChainTarget {
  indicator: string;
  target_year: number;
  value: number;
  baseline_year: number | null;
  baseline_value: number | null;
  note: string | null;
}

export interface ChainMap {
  code: string;
  name: string;
  level: string;
  region: string;
  region_name: string;
  parent: string | null;
  chief: string | null;
  lead_department: string | null;
  co_departments: string[];
  nodes: ChainNode[];
  relations: { from: string; to: string }[];
  targets: ChainTarget[];
}

export interface EnterpriseItem {
  uscc: string;
  name: string;
  region: string | null;
  region_name: string | null;
  industry: string | null;
  industry_name: string | null;
  size_class: string | null;
  above_designated_size: boolean | null;
  park: string | null;
  founded: number | null;
}

export interface MembershipEntry {
  chain: string;
  chain_name: string;
  node: string;
  node_name: string;
  role: string;
  evidence: string;
  source: string;
}

export interface DesignationEntry {
  title: string;
  chain: string | null;
  status: string;
  rule_version: string | null;
  valid_from: string | null;
  valid_until: string | null;
  decision: string | null;
}

export interface SupplyEntry {
  counterpart: string;
  counterpart_name: string;
  year: number;
  value: number;
  product: string | null;
}

export interface SupplySide {
  visible: SupplyEntry[];
  hidden_count: number;
  hidden_value: number;
}

export interface EnterpriseProfile {
  enterprise: EnterpriseItem;
  memberships: MembershipEntry[];
  designations: DesignationEntry[];
  suppliers: SupplySide | null;
  customers: SupplySide | null;
}

export interface Series {
  uscc: string;
  indicator: string;
  points: { period: string; value: number }[];
}

export interface Indicator {
  code: string;
  name_zh: string;
  name_en: string;
  unit: string;
  frequency: string;
  aggregation: string;
  comparable_price: boolean;
  numerator: string | null;
  denominator: string | null;
}

export interface Park {
  code: string;
  name: string;
  region: string;
  region_name: string;
  level: string;
  available_land_ha: number | null;
  standard_factory_m2: number | null;
}

export interface AccessEntry {
  at: string;
  actor: string;
  role: string;
  action: string;
  outcome: string;
  grant_id: number | null;
}

export interface User {
  id: number;
  username: string;
  display_name: string;
  role: Role;
  region: string | null;
  chains: string[];
  park: string | null;
  uscc: string | null;
  department: string | null;
  disabled: boolean;
  locked: boolean;
  created_at: string;
}

export interface Token {
  id: number;
  username: string;
  name: string;
  scope: string;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
}

export interface Grant {
  id: number;
  grantee_kind: string;
  grantee: string;
  dataset: string;
  fields: string[];
  regions: string[];
  period_from: string | null;
  period_to: string | null;
  purpose: string;
  valid_until: string;
  created_by: string;
  created_at: string;
  revoked_at: string | null;
  revoked_by: string | null;
  active: boolean;
}

export interface GrantDetail {
  grant: Grant;
  usage: { day: string; requests: number; rows_read: number }[];
}

export interface AuditEvent {
  seq: number;
  at: number;
  actor: string;
  role: string;
  action: string;
  object: string;
  client_ip: string;
  outcome: string;
  detail: string;
  grant_id: number | null;
  subjects: string[];
}

export interface Verification {
  checked: number;
  intact: boolean;
  first_broken: number | null;
  reason: string | null;
}

export interface ImportBatch {
  id: number;
  kind: string;
  source: string;
  status: string;
  rows_read: number;
  rows_accepted: number;
  rows_rejected: number;
  started_at: string;
  finished_at: string | null;
  actor: string | null;
}

/** `analytics::table::Table`: what the engine endpoints send (columns named in both languages). */
export interface ResultColumn {
  key: string;
  zh: string;
  en: string;
  format: "text" | "integer" | "number" | "percent" | "fine_percent";
}

export type ResultCell = string | number | null;

export interface ResultTable {
  columns: ResultColumn[];
  rows: ResultCell[][];
}

/** Expected from GET /api/regions/{code} (not on the server yet). */
export interface RegionView {
  code: string;
  name: string;
  level: "province" | "city" | "county";
  parent: string | null;
  parent_name: string | null;
  /** Sub-regions with the enterprises in the caller's scope. */
  children: { code: string; name: string; level: string; enterprise_count: number }[];
  enterprise_count: number;
}

/** Expected from GET /api/chains/{code}/leaders (not on the server yet): members in scope. */
export interface ChainLeader {
  uscc: string;
  name: string;
  node: string;
  node_name: string;
  region_name: string | null;
}

export interface ChainLeaders {
  chain_masters: ChainLeader[];
  chain_cores: ChainLeader[];
}

/** Expected from GET /api/evaluations (not on the server yet). */
export interface EvaluationRun {
  id: number;
  framework: string;
  title: string;
  created_at: string;
  subjects: number;
}

/**
 * Expected from GET /api/evaluations/{id}: the ranking (subject, score, rank, grade…), the grade
 * distribution (grade, count) and rank intervals from the sensitivity analysis (subject, rank,
 * rank_low, rank_high).
 */
export interface EvaluationResult {
  run: EvaluationRun;
  ranking: ResultTable;
  grades: ResultTable;
  intervals: ResultTable;
}

/**
 * Expected from POST /api/imports?kind=…&dry_run=… with the file as the body (not on the server
 * yet): the ingest crate's outcome and report, issues as a table (row, column, header, value,
 * message, reason).
 */
export interface ImportReport {
  outcome: "committed" | "rejected" | "dry_run";
  batch: ImportBatch | null;
  rows_read: number;
  rows_accepted: number;
  rows_rejected: number;
  issues: ResultTable;
}
