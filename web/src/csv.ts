// CSV files that Excel and WPS open correctly: UTF-8 with a byte-order mark, CRLF line ends,
// every field quoted when it holds a separator, a quote or a line break; a leading = + - @ is
// neutralised so that a name cannot become a formula (CSV injection).

export function csvField(value: unknown): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(headers: string[], rows: unknown[][]): string {
  const lines = [headers, ...rows].map((row) => row.map(csvField).join(","));
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

/** Offers `content` as a download named `filename`. */
export function download(filename: string, content: string | Uint8Array<ArrayBuffer>, type = "text/csv;charset=utf-8"): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** `name-2026-11-22.csv` (or `.xlsx`) */
export function exportName(stem: string, now = new Date(), extension: "csv" | "xlsx" = "csv"): string {
  const day = now.toISOString().slice(0, 10);
  return `${stem}-${day}.${extension}`;
}
