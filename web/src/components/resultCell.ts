// How a cell of an engine's result table (`analytics::table::Table`) reads on screen: the
// column's format decides, as in the CLI's tables.
import type { ResultCell, ResultColumn } from "../api/types";
import { num } from "../i18n";

export function showCell(format: ResultColumn["format"], cell: ResultCell): string {
  if (cell === null || cell === "") return "—";
  // Text columns may hold numbers that are labels (a year): never grouped like amounts.
  if (typeof cell === "string" || format === "text") return String(cell);
  switch (format) {
    case "integer":
      return num(cell);
    case "percent":
      return num(cell * 100, 1);
    case "fine_percent":
      // Small shares (ESRI): most are below 1 %.
      return num(cell * 100, 3);
    default:
      return num(cell, 2);
  }
}
