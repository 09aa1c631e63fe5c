import { z } from "zod";
import { REPORT_KINDS } from "../domain/report-document.ts";
import { ROLES } from "../domain/roles.ts";
import { HubError } from "../hub-error.ts";
import type { HubServices } from "../hub-services.ts";
import { renderCsv } from "../reports/render-csv.ts";
import { renderHtml } from "../reports/render-html.ts";
import { findChromium, renderPdf } from "../reports/render-pdf.ts";
import { type RouteDef, route } from "./route-def.ts";

const generateBody = z.strictObject({
  kind: z.enum(REPORT_KINDS),
  /** The period, as ISO dates or times; both or neither (neither: the week, term, quarter or year just gone). */
  from: z.iso.date().or(z.iso.datetime()).optional(),
  to: z.iso.date().or(z.iso.datetime()).optional(),
  sites: z.array(z.string().min(1).max(40)).min(1).max(500).optional(),
});
const scheduleBody = z.strictObject({
  kind: z.enum(REPORT_KINDS),
  cron: z.string().min(9).max(100),
  roles: z.array(z.enum(ROLES)).min(1),
  sites: z.array(z.string().min(1).max(40)).max(500).default([]),
});

function reportId(text: string | undefined): number {
  const id = Number(text);
  if (!Number.isInteger(id) || id <= 0) throw new HubError("invalid-request", "a report id is a positive number");
  return id;
}

/** Reports: generated on demand or on schedule, stored, listed and downloaded by the roles allowed to read them. */
export function reportsRoutes(services: HubServices): RouteDef[] {
  return [
    route({
      method: "GET",
      path: "/api/reports",
      tag: "reports",
      summary: "Stored reports the user may read, newest first",
      access: "signed-in",
      handle: (c, { actor }) => c.json({ reports: services.reports.list(actor) }),
    }),
    route({
      method: "POST",
      path: "/api/reports",
      tag: "reports",
      summary: "Generate and store a report; each kind needs its own permission",
      access: "signed-in",
      body: generateBody,
      handle: (c, { actor, body }) => {
        const { kind, ...options } = body;
        const report = services.reports.generate(actor, kind, options);
        return c.json({ id: report.id, title: report.title, dataVersion: report.dataVersion }, 201);
      },
    }),
    route({
      method: "GET",
      path: "/api/reports/:reportId",
      tag: "reports",
      summary: "One report as JSON",
      access: "signed-in",
      handle: (c, { actor }) => c.json(services.reports.get(actor, reportId(c.req.param("reportId")))),
    }),
    route({
      method: "GET",
      path: "/api/reports/:reportId/download",
      tag: "reports",
      summary: "One report as HTML (A4), CSV or PDF",
      access: "signed-in",
      query: z.object({ format: z.enum(["html", "csv", "pdf"]).default("html") }),
      handle: async (c, { actor, query }) => {
        const doc = services.reports.get(actor, reportId(c.req.param("reportId")));
        const name = `${doc.kind}-${doc.period.from.slice(0, 10)}`;
        if (query.format === "csv") {
          c.header("content-disposition", `attachment; filename="${name}.csv"`);
          return c.body(renderCsv(doc), 200, { "content-type": "text/csv; charset=utf-8" });
        }
        const page = await renderHtml(doc);
        if (query.format === "html") return c.html(page);
        const chromium = findChromium(services.settings.reports.chromiumPath);
        if (!chromium) throw new HubError("unavailable", "PDF needs Chromium on the hub (Debian package chromium)");
        c.header("content-disposition", `attachment; filename="${name}.pdf"`);
        return c.body(new Uint8Array(await renderPdf(page, chromium)), 200, { "content-type": "application/pdf" });
      },
    }),
    route({
      method: "GET",
      path: "/api/report-schedules",
      tag: "reports",
      summary: "Report schedules",
      access: "reports:aggregate",
      handle: (c) => c.json({ schedules: services.reportScheduler.list() }),
    }),
    route({
      method: "POST",
      path: "/api/report-schedules",
      tag: "reports",
      summary: "Schedule a report (cron) to be emailed to the chosen roles that may read it",
      access: "reports:aggregate",
      body: scheduleBody,
      handle: (c, { actor, body }) => c.json(services.reportScheduler.add(actor, body), 201),
    }),
    route({
      method: "DELETE",
      path: "/api/report-schedules/:scheduleId",
      tag: "reports",
      summary: "Stop a report schedule",
      access: "reports:aggregate",
      handle: (c, { actor }) => {
        services.reportScheduler.remove(actor, Number(c.req.param("scheduleId")));
        return c.body(null, 204);
      },
    }),
  ];
}
