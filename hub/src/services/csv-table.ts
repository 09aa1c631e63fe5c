import { CsvError, parse } from "csv-parse/sync";
import { HubError } from "../hub-error.ts";

/** The largest directory export read, in bytes, and the most data rows: a large secondary's MIS export is well within both. */
export const CSV_LIMITS = { maxBytes: 5 * 1024 * 1024, maxRows: 20_000 } as const;

/** One data row: its cells by header, and the line of the file it ends on (1 is the header row). */
export interface CsvRow {
  line: number;
  cells: Record<string, string>;
}

export interface CsvTable {
  headers: string[];
  rows: CsvRow[];
}

/**
 * An uploaded export's text: UTF-8 (with or without a byte-order mark) when it is valid UTF-8,
 * otherwise Windows-1252, which older MIS exports (SIMS reports, Excel's "CSV") are written in,
 * so that "Zoë" stays "Zoë" rather than becoming a replacement character.
 */
export function decodeExport(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder("windows-1252").decode(bytes);
  }
}

/**
 * Reads an export with a header row: quoted cells, commas and line breaks inside quotes, a
 * byte-order mark, CRLF or LF, blank lines skipped. A file too large, without a header, with the
 * same header twice or that is not CSV at all is refused with the line where reading stopped.
 */
export function readCsvTable(text: string, limits: { maxBytes: number; maxRows: number } = CSV_LIMITS): CsvTable {
  if (Buffer.byteLength(text, "utf8") > limits.maxBytes)
    throw new HubError("payload-too-large", `the file is over ${limits.maxBytes / (1024 * 1024)} MB`);
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      record_delimiter: ["\r\n", "\n", "\r"],
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      trim: true,
      to: limits.maxRows + 2,
    }) as unknown as typeof records;
  } catch (error) {
    if (error instanceof CsvError)
      throw new HubError(
        "invalid-request",
        `the file is not readable as CSV at line ${error.lines}: ${error.message}`,
        [`line ${error.lines}: ${error.message}`],
      );
    throw error;
  }
  const [first, ...data] = records;
  if (!first) throw new HubError("invalid-request", "the file is empty: it needs a header row and a row per entry");
  if (data.length > limits.maxRows)
    throw new HubError("payload-too-large", `the file has over ${limits.maxRows} rows; split it and import each part`);
  const headers = first.record.map((cell) => cell.slice(0, 200));
  const repeated = headers.find((header, i) => header !== "" && headers.indexOf(header) !== i);
  if (repeated !== undefined)
    throw new HubError("invalid-request", `line 1: the header "${repeated}" appears twice; each column needs its own`);
  return {
    headers,
    rows: data.map(({ record, info }) => ({
      line: info.lines,
      cells: Object.fromEntries(headers.map((header, i) => [header, record[i] ?? ""])),
    })),
  };
}
