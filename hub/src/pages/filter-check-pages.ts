import type { Context } from "hono";
import { html } from "hono/html";
import { actorCan } from "../domain/roles.ts";
import { WEEKDAYS } from "../domain/schedule-form.ts";
import type { HubEnv } from "../http/hub-env.ts";
import { runResults, statusText } from "./check-results.ts";
import { csrfField, page, table, when } from "./layout.ts";
import { field, formAction, formSchema, getPage, type PageDef, type PageDeps } from "./page-def.ts";
import { whenFields } from "./report-schedule-pages.ts";

const siteOf = (c: Context<HubEnv>) => c.req.param("siteId") ?? "";
const checksPage = (c: Context<HubEnv>) => `/sites/${siteOf(c)}/checks`;
const canariesPage = (c: Context<HubEnv>) => `/sites/${siteOf(c)}/checks/canaries`;

/**
 * Filtering checks (the DfE standards' checks): every site's latest result, a site's schedule,
 * "run a check now", its runs and the latest results; one run; and the DSL's canaries page.
 */
export function filterCheckPages(deps: PageDeps): PageDef[] {
  const { actions, taxonomy, zoneOf } = deps;
  const checks = actions.filterChecks;

  const overview = getPage("/checks", "checks:read", (c, { actor }) => {
    const rows = checks
      .sites(actor)
      .map((site) => [
        html`<a href="/sites/${site.id}/checks">${site.name}</a>`,
        site.latest ? when(site.latest.requestedAt, site.zone) : "never",
        site.latest ? statusText(site.latest) : "–",
      ]);
    return page(c, "Filtering checks", table(["Site", "Last check", "Status"], rows, "No site yet."));
  });

  const site = getPage("/sites/:siteId/checks", "checks:read", (c, { actor }) => {
    const siteId = siteOf(c);
    const schedule = checks.schedule(actor, { siteId });
    const { runs } = checks.list(actor, { siteId, limit: 50 });
    const latest = checks.latest(actor, { siteId });
    const days = WEEKDAYS.filter((w) => schedule.days.includes(w.day)).map((w) => w.name);
    const scheduleForm = actorCan(actor, "checks:schedule")
      ? html`<form method="post" action="/sites/${siteId}/check-schedule">${csrfField(c)}
${whenFields(schedule.days, schedule.time, schedule.zone)}
<label style="font-weight:400"><input type="checkbox" name="enabled" value="yes"${schedule.enabled ? " checked" : ""}> Run on this schedule</label>
<div><button>Save schedule</button></div></form>`
      : "";
    return page(
      c,
      `Filtering checks: ${siteId}`,
      html`<p class="muted">Each agent resolves sample names through its own filter as each group's devices would and
reports what came back: listed categories blocked, safe search enforced, circumvention refused, popular sites open.</p>
<h2>Schedule</h2><p id="schedule-words">${schedule.enabled ? `${days.join(", ")} at ${schedule.time} (${schedule.zone})` : "Not scheduled."}</p>
${scheduleForm}
${actorCan(actor, "checks:run") ? html`<form method="post" action="/sites/${siteId}/checks">${csrfField(c)}<button>Run a check now</button></form>` : ""}
${actorCan(actor, "checks:canaries") ? html`<p><a href="/sites/${siteId}/checks/canaries">Canaries for the locked categories</a></p>` : ""}
<h2>Runs</h2>${table(
        ["When", "Trigger", "Agent", "Status", "Failed"],
        runs.map((r) => [
          html`<a href="/sites/${siteId}/checks/${r.id}">${when(r.requestedAt, schedule.zone)}</a>`,
          r.trigger,
          r.agentName,
          statusText(r),
          r.failedCount,
        ]),
        "No check has run yet.",
      )}
<h2>Latest results</h2>${latest ? runResults(latest, taxonomy, schedule.zone) : html`<p class="muted">No check has run yet.</p>`}`,
    );
  });

  const runNow = formAction("/sites/:siteId/checks", "checks:run", { back: checksPage }, (c, { actor }) => {
    const runs = checks.requestNow(actor, { siteId: siteOf(c) });
    return `Asked ${runs.length} agent${runs.length === 1 ? "" : "s"} for a check; results come within a few minutes.`;
  });

  const setSchedule = formAction(
    "/sites/:siteId/check-schedule",
    "checks:schedule",
    { form: formSchema({ time: field(), enabled: field() }), back: checksPage },
    (c, { actor, form }) => {
      const days = WEEKDAYS.filter((w) => (form as Record<string, unknown>)[`day.${w.day}`] === "yes").map(
        (w) => w.day,
      );
      checks.setSchedule(actor, { siteId: siteOf(c), days, time: form.time, enabled: form.enabled === "yes" });
      return "Schedule saved.";
    },
  );

  const canaries = getPage("/sites/:siteId/checks/canaries", "checks:canaries", (c, { actor }) => {
    const siteId = siteOf(c);
    const locked = taxonomy.categories.filter((cat) => cat.locked);
    const rows = checks
      .canaries(actor, { siteId })
      .map((k) => [
        taxonomy.byId.get(k.category)?.name ?? k.category,
        k.name,
        `${k.addedBy}, ${when(k.addedAt, zoneOf(siteId))}`,
        html`<form class="inline" method="post" action="/sites/${siteId}/checks/canaries/${k.id}/remove">${csrfField(c)}<button>Remove</button></form>`,
      ]);
    return page(
      c,
      `Canaries: ${siteId}`,
      html`<p class="muted">The locked lists cannot be sampled, so each locked category is checked with the site's own
test names. They are confidential like the lists: only the DSL roles see them.</p>
${table(["Category", "Name", "Added", ""], rows, "No canary yet: the locked categories are not tested.")}
<h2>Add a canary</h2><form method="post" action="/sites/${siteId}/checks/canaries" class="row">${csrfField(c)}
<select name="category" aria-label="Category">${locked.map((cat) => html`<option value="${cat.id}">${cat.name}</option>`)}</select>
<input name="name" required placeholder="Test name, e.g. test.example" aria-label="Name"><button>Add</button></form>
<p><a href="/sites/${siteId}/checks">Back to the checks</a></p>`,
    );
  });

  const addCanary = formAction(
    "/sites/:siteId/checks/canaries",
    "checks:canaries",
    { form: formSchema({ category: field(), name: field() }), back: canariesPage },
    (c, { actor, form }) => {
      checks.addCanary(actor, { siteId: siteOf(c), category: form.category, name: form.name });
      return "Canary added.";
    },
  );

  const removeCanary = formAction(
    "/sites/:siteId/checks/canaries/:canaryId/remove",
    "checks:canaries",
    { back: canariesPage },
    (c, { actor }) => {
      checks.removeCanary(actor, { siteId: siteOf(c), canaryId: c.req.param("canaryId") ?? "" });
      return "Canary removed.";
    },
  );

  const run = getPage("/sites/:siteId/checks/:runId", "checks:read", (c, { actor }) => {
    const siteId = siteOf(c);
    const found = checks.get(actor, { siteId, runId: c.req.param("runId") ?? "" });
    return page(
      c,
      `Filtering check: ${siteId}`,
      html`${runResults(found, taxonomy, zoneOf(siteId))}<p><a href="/sites/${siteId}/checks">All checks of the site</a></p>`,
    );
  });

  // The canaries page before the run page: ".../checks/canaries" is not a run.
  return [overview, site, runNow, setSchedule, canaries, addCanary, removeCanary, run];
}
