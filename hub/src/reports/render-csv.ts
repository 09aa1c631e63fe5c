import type { ReportDocument } from "../domain/report-document.ts";

const FORMULA_START = /^[=+\-@\t\r]/;

function cell(value: string | number): string {
  const text = String(value);
  // Quote when needed, and defuse spreadsheet formulas: OWASP's list of leading characters a
  // spreadsheet may run as one is =, +, -, @, tab and carriage return.
  const safe = FORMULA_START.test(text) && typeof value === "string" ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One table as CSV. */
export function tableCsv(columns: readonly string[], rows: readonly (string | number)[][]): string {
  return `${[columns.map(cell).join(","), ...rows.map((row) => row.map(cell).join(","))].join("\r\n")}\r\n`;
}

/** Every table of the report as CSV; a report of several tables gives each a title line and a blank line after. */
export function renderCsv(doc: ReportDocument): string {
  const tables = doc.sections.flatMap((s) => s.items).filter((i) => i.kind === "table");
  const lines: string[] = [];
  for (const t of tables) {
    if (tables.length > 1) lines.push(cell(t.title));
    lines.push(t.columns.map(cell).join(","));
    for (const row of t.rows) lines.push(row.map(cell).join(","));
    if (tables.length > 1) lines.push("");
  }
  return `${lines.join("\r\n")}\r\n`;
}
