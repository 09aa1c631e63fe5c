import type { Context } from "hono";
import { html } from "hono/html";
import type { HubActions } from "../actions/index.ts";
import { REPORT_KINDS, type ReportKind } from "../domain/report-document.ts";
import { type Actor, ROLES, type Role, roleCan } from "../domain/roles.ts";
import { cronToForm, describeCron, formToCron, ROLE_LABELS, WEEKDAYS } from "../domain/schedule-form.ts";
import type { HubEnv } from "../http/hub-env.ts";
import { HubError } from "../hub-error.ts";
import { REPORTS } from "../reports/report-kinds.ts";
import { back, csrfField, type Markup, page, table, when } from "./layout.ts";
import { field, formSchema, getPage, type PageDef, type PageDeps, postPage } from "./page-def.ts";

const inline = "display:inline;font-weight:400;margin-right:1em";

/** Weekday checkboxes (day.N) and a labelled time of day in `zone`. */
export function whenFields(days: readonly number[] | null, time: string, zone: string): Markup {
  const dayBoxes =
    days === null
      ? ""
      : html`<fieldset><legend>Days</legend>${WEEKDAYS.map(
          (w) =>
            html`<label style="${inline}"><input type="checkbox" name="day.${w.day}" value="yes"${days.includes(w.day) ? " checked" : ""}> ${w.name}</label>`,
        )}</fieldset>`;
  return html`${dayBoxes}<div><label for="time">Time of day (${zone})</label><input id="time" name="time" type="time" required value="${time}"></div>`;
}

/** Role checkboxes (role.R), with their labels: only the roles that may read the report. */
function roleFields(kind: ReportKind | null, chosen: readonly string[]): Markup {
  const roles = ROLES.filter((role) => kind === null || roleCan(role, REPORTS[kind].permission));
  return html`<fieldset><legend>Emailed to</legend>${roles.map(
    (role) =>
      html`<label style="${inline}"><input type="checkbox" name="role.${role}" value="yes"${chosen.includes(role) ? " checked" : ""}> ${ROLE_LABELS[role]}</label>`,
  )}</fieldset>`;
}

/** The days, roles and time a schedule form sent. */
function readForm(form: Record<string, unknown>) {
  const days = WEEKDAYS.filter((w) => form[`day.${w.day}`] === "yes").map((w) => w.day);
  const roles = ROLES.filter((role) => form[`role.${role}`] === "yes");
  if (roles.length === 0) throw new HubError("invalid-request", "choose at least one role to email the report to");
  return { days, roles: roles as Role[], time: String(form.time ?? "") };
}

/** The schedules on the reports page: in words, with their next run, and a form to add one. */
export function scheduleSection(c: Context<HubEnv>, actor: Actor, actions: HubActions, kinds: ReportKind[]): Markup {
  const rows = actions.reportSchedules.list(actor).map((s) => {
    const { zone, nextRun } = actions.reportSchedules.timing(s);
    return [
      html`<a href="/report-schedules/${s.id}">${s.kind}</a>`,
      `${describeCron(s.cron)} (${zone})`,
      nextRun ? when(nextRun, zone) : "never",
      s.roles.map((r) => ROLE_LABELS[r as Role] ?? r).join(", "),
      s.sites.length ? s.sites.join(", ") : "every site",
      s.createdBy,
    ];
  });
  return html`<h2>Schedules</h2>${table(["Report", "When", "Next run", "Emailed to", "Sites", "Added by"], rows, "No report is scheduled.")}
<h3>Schedule a report</h3><form method="post" action="/report-schedules">${csrfField(c)}
<div><label for="s-kind">Report</label><select id="s-kind" name="kind">${kinds.map((k) => html`<option value="${k}">${k}</option>`)}</select></div>
${whenFields([1], "07:00", "the site's time zone")}${roleFields(null, [actor.role])}<div><button>Schedule</button></div></form>`;
}

/** Adding a schedule, and changing one in days, times and named roles; the cron stays underneath. */
export function reportSchedulePages({ actions }: PageDeps): PageDef[] {
  const days = formSchema({ kind: field(), time: field() });
  return [
    postPage("/report-schedules", "reports:aggregate", { form: days, back: () => "/reports" }, (c, { actor, form }) => {
      const kind = form.kind as ReportKind;
      if (!REPORT_KINDS.includes(kind)) throw new HubError("invalid-request", "choose a report");
      const chosen = readForm(form);
      const cron = formToCron({ time: chosen.time, days: chosen.days });
      if (!cron) throw new HubError("invalid-request", "choose at least one day, and give the time of day as HH:MM");
      // The form has no site picker: a schedule over the user's own sites (none named is every site).
      const sites = actor.sites ? [...actor.sites] : [];
      actions.reportSchedules.add(actor, { kind, cron, roles: chosen.roles, sites });
      return back(c, "/reports", { done: "Scheduled." });
    }),
    getPage("/report-schedules/:scheduleId", "reports:aggregate", (c, { actor }) => {
      const { schedule, zone, nextRun } = actions.reportSchedules.get(actor, { id: Number(c.req.param("scheduleId")) });
      const form = cronToForm(schedule.cron);
      const dated = form !== null && form.days === null;
      return page(
        c,
        `Schedule: ${schedule.kind}`,
        html`<p>Runs <strong id="schedule-words">${describeCron(schedule.cron)}</strong> (${zone}), for ${schedule.sites.length ? schedule.sites.join(", ") : "every site"}.</p>
<p>Next run: <strong id="next-run">${nextRun ? when(nextRun, zone) : "never"}</strong></p>
<form method="post" action="/report-schedules/${schedule.id}">${csrfField(c)}
${form ? whenFields(form.days, form.time, zone) : html`<p>This schedule is set by its cron expression only; change it through the API.</p>`}
${dated ? html`<p class="muted">It runs on dates (${describeCron(schedule.cron)}): the time of day can change here.</p>` : ""}
${roleFields(schedule.kind, schedule.roles)}
<div><label for="cron">Advanced (cron, read-only; the API accepts it)</label><input id="cron" readonly value="${schedule.cron}"></div>
<div><button>Save</button></div></form><p><a href="/reports">Back to reports</a></p>`,
      );
    }),
    postPage(
      "/report-schedules/:scheduleId",
      "reports:aggregate",
      { form: days, back: (c) => `/report-schedules/${c.req.param("scheduleId")}` },
      (c, { actor, form }) => {
        const id = Number(c.req.param("scheduleId"));
        const { schedule } = actions.reportSchedules.get(actor, { id });
        const chosen = readForm(form);
        const weekly = cronToForm(schedule.cron)?.days != null;
        actions.reportSchedules.update(actor, {
          id,
          time: chosen.time,
          ...(weekly ? { days: chosen.days } : {}),
          roles: chosen.roles,
        });
        return back(c, `/report-schedules/${id}`, { done: "Saved." });
      },
    ),
  ];
}
