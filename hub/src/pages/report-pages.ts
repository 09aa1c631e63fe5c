import { html } from "hono/html";
import { inclusiveFormPeriod, lastDayOf } from "../domain/form-period.ts";
import { DEFAULT_TIME_ZONE, formatLocalDate } from "../domain/local-time.ts";
import { REPORT_KINDS, type ReportKind } from "../domain/report-document.ts";
import { actorCan } from "../domain/roles.ts";
import { HubError } from "../hub-error.ts";
import { renderHtml } from "../reports/render-html.ts";
import { csrfField, page, table, when } from "./layout.ts";
import { field, formSchema, getPage, type PageDef, type PageDeps, postPage } from "./page-def.ts";
import { scheduleSection } from "./report-schedule-pages.ts";

/** Reports: generate, read, download, schedule. Each user sees the kinds their role may read. */
export function reportPages({ actions, zoneOf }: PageDeps): PageDef[] {
  return [
    getPage("/reports", "signed-in", (c, { actor }) => {
      const kinds = actions.reports.kinds(actor);
      const reports = actions.reports.list(actor, { limit: 100 });
      const generate = html`<h2>Generate a report</h2><form method="post" action="/reports" class="row" style="align-items:end">${csrfField(c)}
<div><label for="kind">Report</label><select id="kind" name="kind">${kinds.map((k) => html`<option value="${k}">${k}</option>`)}</select></div>
<div><label for="from">From (optional)</label><input id="from" name="from" type="date"></div>
<div><label for="to">To, inclusive (optional)</label><input id="to" name="to" type="date"></div>
<div><button>Generate</button></div></form><p class="muted">Without dates: the week, term, quarter or academic year just gone.</p>`;
      const schedules = actorCan(actor, "reports:aggregate") ? scheduleSection(c, actor, actions, kinds) : "";
      return page(
        c,
        "Reports",
        html`${generate}<h2>Stored reports</h2>${table(
          ["Report", "Period", "Sites", "Generated", "By", "Download"],
          reports.map((r) => {
            // One site's report reads in that site's zone; a report over several, in Europe/London.
            const zone = r.sites.length === 1 && r.sites[0] ? zoneOf(r.sites[0]) : DEFAULT_TIME_ZONE;
            return [
              html`<a href="/reports/${r.id}">${r.title}</a>`,
              `${formatLocalDate(r.periodFrom, zone)} – ${lastDayOf(r.periodTo, zone)}`,
              r.sites.join(", "),
              when(r.generatedAt, zone),
              r.generatedBy,
              html`<a href="/api/reports/${r.id}/download?format=csv">CSV</a> · <a href="/api/reports/${r.id}/download?format=pdf">PDF</a>`,
            ];
          }),
          "No report yet.",
        )}${schedules}`,
      );
    }),
    getPage("/reports/:id", "signed-in", async (c, { actor }) =>
      c.html(await renderHtml(actions.reports.get(actor, { id: Number(c.req.param("id")) }))),
    ),
    postPage(
      "/reports",
      "signed-in",
      { form: formSchema({ kind: field(), from: field(), to: field() }), back: () => "/reports" },
      (c, { actor, form }) => {
        const kind = form.kind as ReportKind;
        if (!REPORT_KINDS.includes(kind)) throw new HubError("invalid-request", "choose a report");
        // The "to" day is included: "1 Dec to 7 Dec" covers all of 7 Dec in the site's zone.
        const period = form.from && form.to ? inclusiveFormPeriod(form.from, form.to) : {};
        const report = actions.reports.generate(actor, { kind, ...period });
        return c.redirect(`/reports/${report.id}`, 303);
      },
    ),
  ];
}
