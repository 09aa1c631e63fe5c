import { html } from "hono/html";
import { DEFAULT_TIME_ZONE, formatLocalDate } from "../domain/local-time.ts";
import { REPORT_KINDS, type ReportKind } from "../domain/report-document.ts";
import { actorCan, ROLE_PERMISSIONS, ROLES } from "../domain/roles.ts";
import { HubError } from "../hub-error.ts";
import { renderHtml } from "../reports/render-html.ts";
import { back, csrfField, page, table, when } from "./layout.ts";
import { field, formSchema, getPage, type PageDef, type PageDeps, postPage } from "./page-def.ts";

/** Reports: generate, read, download, schedule. Each user sees the kinds their role may read. */
export function reportPages({ actions, zoneOf }: PageDeps): PageDef[] {
  return [
    getPage("/reports", "signed-in", (c, { actor }) => {
      const kinds = actions.reports.kinds(actor);
      const reports = actions.reports.list(actor, { limit: 100 });
      const generate = html`<h2>Generate a report</h2><form method="post" action="/reports" class="row" style="align-items:end">${csrfField(c)}
<div><label for="kind">Report</label><select id="kind" name="kind">${kinds.map((k) => html`<option value="${k}">${k}</option>`)}</select></div>
<div><label for="from">From (optional)</label><input id="from" name="from" type="date"></div>
<div><label for="to">To (optional)</label><input id="to" name="to" type="date"></div>
<div><button>Generate</button></div></form><p class="muted">Without dates: the week, term, quarter or academic year just gone.</p>`;
      const schedules = actorCan(actor, "reports:aggregate")
        ? html`<h2>Schedules</h2>${table(
            ["Report", "When (cron)", "Emailed to", "Added by"],
            actions.reportSchedules.list(actor).map((s) => [s.kind, s.cron, s.roles.join(", "), s.createdBy]),
            "No report is scheduled.",
          )}<form method="post" action="/report-schedules" class="row" style="align-items:end">${csrfField(c)}
<div><label for="s-kind">Report</label><select id="s-kind" name="kind">${kinds.map((k) => html`<option value="${k}">${k}</option>`)}</select></div>
<div><label for="cron">When (cron, e.g. 0 7 * * 1 = Mondays 07:00)</label><input id="cron" name="cron" required value="0 7 * * 1"></div>
<div><label for="roles">To roles (comma-separated)</label><input id="roles" name="roles" required value="${actor.role}"></div>
<div><button>Schedule</button></div></form>`
        : "";
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
              `${formatLocalDate(r.periodFrom, zone)} – ${formatLocalDate(r.periodTo, zone)}`,
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
        const period = form.from && form.to ? { from: form.from, to: form.to } : {};
        const report = actions.reports.generate(actor, { kind, ...period });
        return c.redirect(`/reports/${report.id}`, 303);
      },
    ),
    postPage(
      "/report-schedules",
      "reports:aggregate",
      { form: formSchema({ kind: field(), cron: field(), roles: field() }), back: () => "/reports" },
      (c, { actor, form }) => {
        const roles = form.roles
          .split(",")
          .map((r) => r.trim())
          .filter((r): r is (typeof ROLES)[number] => (ROLES as readonly string[]).includes(r));
        if (roles.length === 0)
          throw new HubError("invalid-request", `name at least one role: ${Object.keys(ROLE_PERMISSIONS).join(", ")}`);
        // The form has no site picker: a schedule over the user's own sites (none named is every site).
        const sites = actor.sites ? [...actor.sites] : [];
        actions.reportSchedules.add(actor, { kind: form.kind as ReportKind, cron: form.cron, roles, sites });
        return back(c, "/reports", { done: "Scheduled." });
      },
    ),
  ];
}
