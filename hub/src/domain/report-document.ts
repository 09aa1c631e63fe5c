/** What every report is made of, whatever it is rendered to (HTML, CSV, JSON, PDF). */
export interface ReportDocument {
  kind: ReportKind;
  title: string;
  /** Who it is written for, in the words of the e-safety policies. */
  audience: string;
  period: { from: string; to: string; label: string };
  sites: { id: string; name: string }[];
  generatedAt: string;
  /** The zone its times are shown in (its sites' one zone, else Europe/London); reports stored before it have none. */
  timeZone?: string;
  generatedBy: string;
  /** Identifies the data it was built from: events stored, the last incident entry, alert and policy change. */
  dataVersion: string;
  /**
   * The audit log's sealed head when the report was generated (its newest entry and count): a copy
   * kept outside the hub, in a filed report, anchors the log against later removal. Absent when the head does not hold.
   */
  auditHead?: { seq: number; hash: string; count: number };
  /** Sites whose restricted incidents (concerns about staff) this copy details: only their routes may read it. */
  restrictedDetails?: string[];
  /** A paragraph for non-technical readers: what this report is and how to read it. */
  introduction: string;
  /** Wide tables (the incident log) print on landscape pages. */
  landscape?: boolean;
  sections: ReportSection[];
}

export interface ReportSection {
  heading: string;
  /** Plain-language explanation of the figures that follow. */
  explanation: string;
  items: ReportItem[];
}

export type Cell = string | number;

export type ReportItem =
  | { kind: "figures"; figures: { label: string; value: Cell; note?: string }[] }
  | { kind: "table"; title: string; columns: string[]; rows: Cell[][]; empty: string }
  | { kind: "bars"; title: string; data: { label: string; value: number; series?: string }[] }
  | { kind: "trend"; title: string; data: { label: string; value: number; series: string }[] }
  | { kind: "statement"; text: string; status: "ok" | "attention" };

export const REPORT_KINDS = [
  "weekly-ict",
  "dsl-digest",
  "termly-incidents",
  "board-quarterly",
  "annual-review",
  "incident-log",
  "policy-change-log",
] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];
