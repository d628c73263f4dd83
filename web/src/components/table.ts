import type { RouteLocationRaw } from "vue-router";

/** A column of DataTable: what it shows, what goes into the CSV, how it sorts and links. */
export interface Column<Row> {
  key: string;
  label: string;
  /** The raw value: CSV cell and client-side sort key. */
  value: (row: Row) => string | number | boolean | null | undefined;
  /** The text shown (defaults to the raw value). */
  display?: (row: Row) => string;
  numeric?: boolean;
  /** Sort key: the server's (`sort=` parameter) for server-sorted tables, anything for client sort. */
  sort?: string;
  /** Makes the cell a link. */
  to?: (row: Row) => RouteLocationRaw | null;
  /** Extra class on the cell (e.g. a warning colour). */
  cellClass?: (row: Row) => string | undefined;
}

export interface PageState {
  total: number;
  offset: number;
  limit: number;
}

/** Sorts rows on a column's raw value; `-key` descending. Nulls last either way. */
export function sortRows<Row>(rows: readonly Row[], columns: Column<Row>[], sort: string | null): Row[] {
  if (!sort) return [...rows];
  const descending = sort.startsWith("-");
  const key = descending ? sort.slice(1) : sort;
  const column = columns.find((c) => (c.sort ?? c.key) === key);
  if (!column) return [...rows];
  const collator = new Intl.Collator("zh-CN", { numeric: true });
  return [...rows].sort((a, b) => {
    const x = column.value(a);
    const y = column.value(b);
    if (x === null || x === undefined || x === "") return y === null || y === undefined || y === "" ? 0 : 1;
    if (y === null || y === undefined || y === "") return -1;
    const order = typeof x === "number" && typeof y === "number" ? x - y : collator.compare(String(x), String(y));
    return descending ? -order : order;
  });
}
