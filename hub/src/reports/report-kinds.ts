import type { ReportKind } from "../domain/report-document.ts";
import type { Permission } from "../domain/roles.ts";
import { annualReviewReport } from "./annual-review-report.ts";
import { boardQuarterlyReport } from "./board-quarterly-report.ts";
import { dslDigestReport } from "./dsl-digest-report.ts";
import { incidentLogExport, policyChangeLogExport } from "./log-exports.ts";
import type { ReportBody, ReportContext } from "./report-context.ts";
import { termlyIncidentReport } from "./termly-incident-report.ts";
import { weeklyIctReport } from "./weekly-ict-report.ts";

/**
 * Each kind of report, with the permission its reader needs. Reports that hold individual
 * cases or client identities need reports:safeguarding (the DSL roles); the rest are aggregates.
 * The annual review is an aggregate, with the cases added in the copy for a reader who may see them.
 */
export const REPORTS: Record<ReportKind, { build: (ctx: ReportContext) => ReportBody; permission: Permission }> = {
  "weekly-ict": { build: weeklyIctReport, permission: "reports:aggregate" },
  "dsl-digest": { build: dslDigestReport, permission: "reports:safeguarding" },
  "termly-incidents": { build: termlyIncidentReport, permission: "reports:safeguarding" },
  "board-quarterly": { build: boardQuarterlyReport, permission: "reports:aggregate" },
  "annual-review": { build: annualReviewReport, permission: "reports:aggregate" },
  "incident-log": { build: incidentLogExport, permission: "reports:safeguarding" },
  "policy-change-log": { build: policyChangeLogExport, permission: "policy:read" },
};
