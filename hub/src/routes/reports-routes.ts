import { z } from "zod";
import type { HubActions } from "../actions/index.ts";
import { scheduleChangeInput, scheduleInput } from "../actions/report-schedules.ts";
import { generateReportInput } from "../actions/reports.ts";
import { HubError } from "../hub-error.ts";
import { PdfQueue } from "../reports/pdf-queue.ts";
import { renderCsv } from "../reports/render-csv.ts";
import { renderHtml } from "../reports/render-html.ts";
import { findChromium, renderPdf } from "../reports/render-pdf.ts";
import { noContent, param, type RouteDef, route } from "./route-def.ts";

function reportId(text: string): number {
  const id = Number(text);
  if (!Number.isInteger(id) || id <= 0) throw new HubError("invalid-request", "a report id is a positive number");
  return id;
}

/** Reports: generated on demand or on schedule, stored, listed and downloaded by the roles allowed to read them. */
export function reportsRoutes(
  actions: HubActions,
  settings: { chromiumPath?: string; pdfQueueLength?: number },
): RouteDef[] {
  const { chromiumPath } = settings;
  // One queue per hub: PDFs print one at a time, however many users ask.
  const pdfs = new PdfQueue(settings.pdfQueueLength ?? 4);
  return [
    route({
      method: "GET",
      path: "/api/reports",
      tag: "reports",
      summary: "Stored reports the user may read, newest first",
      access: "signed-in",
      handle: (c, { actor }) => c.json({ reports: actions.reports.list(actor) }),
    }),
    route({
      method: "POST",
      path: "/api/reports",
      tag: "reports",
      summary: "Generate and store a report; each kind needs its own permission",
      access: "signed-in",
      body: generateReportInput,
      handle: (c, { actor, body }) => {
        const report = actions.reports.generate(actor, body);
        return c.json({ id: report.id, title: report.title, dataVersion: report.dataVersion }, 201);
      },
    }),
    route({
      method: "GET",
      path: "/api/reports/:reportId",
      tag: "reports",
      summary: "One report as JSON",
      access: "signed-in",
      handle: (c, { actor }) => c.json(actions.reports.get(actor, { id: reportId(param(c, "reportId")) })),
    }),
    route({
      method: "GET",
      path: "/api/reports/:reportId/download",
      tag: "reports",
      summary: "One report as HTML (A4), CSV or PDF (printed one at a time: 503 with Retry-After when too many wait)",
      access: "signed-in",
      query: z.object({ format: z.enum(["html", "csv", "pdf"]).default("html") }),
      handle: async (c, { actor, query }) => {
        const doc = actions.reports.get(actor, { id: reportId(param(c, "reportId")) });
        const name = `${doc.kind}-${doc.period.from.slice(0, 10)}`;
        if (query.format === "csv") {
          c.header("content-disposition", `attachment; filename="${name}.csv"`);
          return c.body(renderCsv(doc), 200, { "content-type": "text/csv; charset=utf-8" });
        }
        const page = await renderHtml(doc);
        if (query.format === "html") return c.html(page);
        const chromium = findChromium(chromiumPath);
        if (!chromium) throw new HubError("unavailable", "PDF needs Chromium on the hub (Debian package chromium)");
        c.header("content-disposition", `attachment; filename="${name}.pdf"`);
        const pdf = await pdfs.run(() => renderPdf(page, chromium));
        return c.body(new Uint8Array(pdf), 200, { "content-type": "application/pdf" });
      },
    }),
    route({
      method: "GET",
      path: "/api/report-schedules",
      tag: "reports",
      summary: "Report schedules",
      access: "reports:aggregate",
      handle: (c, { actor }) => c.json({ schedules: actions.reportSchedules.list(actor) }),
    }),
    route({
      method: "POST",
      path: "/api/report-schedules",
      tag: "reports",
      summary: "Schedule a report (cron) to be emailed to the chosen roles that may read it",
      access: "reports:aggregate",
      body: scheduleInput,
      handle: (c, { actor, body }) => c.json(actions.reportSchedules.add(actor, body), 201),
    }),
    route({
      method: "PUT",
      path: "/api/report-schedules/:scheduleId",
      tag: "reports",
      summary:
        "Change a report schedule: a time of day (HH:MM, the site's zone) and weekdays, or a cron expression; and its roles",
      access: "reports:aggregate",
      body: scheduleChangeInput,
      handle: (c, { actor, body }) =>
        c.json(actions.reportSchedules.update(actor, { id: Number(param(c, "scheduleId")), ...body })),
    }),
    route({
      method: "DELETE",
      path: "/api/report-schedules/:scheduleId",
      tag: "reports",
      summary: "Stop a report schedule",
      access: "reports:aggregate",
      handle: noContent((c, { actor }) =>
        actions.reportSchedules.remove(actor, { id: Number(param(c, "scheduleId")) }),
      ),
    }),
  ];
}
