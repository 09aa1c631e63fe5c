import { html } from "hono/html";
import { actorCan } from "../domain/roles.ts";
import { coverageWarning } from "./coverage-warning.ts";
import { page, severity, table, when } from "./layout.ts";
import { getPage, type PageDef, type PageDeps } from "./page-def.ts";

/** The first page after signing in: fleet health, today's flagged lookups, open incidents — each as the role allows. */
export function overviewPages({ actions, zoneOf }: PageDeps): PageDef[] {
  const overview = getPage("/", "signed-in", (c, { actor }) => {
    const { flagged, openIncidents, fleet } = actions.overview.summary(actor);
    const parts = [
      html`<h2>Today's flagged look-ups</h2><div class="cards">${
        flagged.length === 0
          ? html`<p class="muted">None yet today.</p>`
          : flagged.map((f) => html`<div class="card"><b>${Number(f.n).toLocaleString("en-GB")}</b>${f.key}</div>`)
      }</div>`,
    ];
    if (openIncidents) {
      const open = openIncidents;
      parts.push(
        html`<h2>Open incidents</h2><div class="cards">${["critical", "high", "medium", "low", "info"].map((s) => {
          const n = Number(open.find((o) => o.key === s)?.n ?? 0);
          return html`<div class="card"><b>${n}</b>${severity(s)}</div>`;
        })}</div><p><a href="/incidents?state=new,triaged,escalated,actions,review">Go to the incident queue</a></p>`,
      );
    }
    if (fleet) {
      const rows = fleet.flatMap(({ site, status }) => {
        return status.agents
          .filter((a) => !a.revoked)
          .map((a) => [
            site.name,
            a.name,
            a.online ? "online" : html`<strong style="color:#c53030">offline</strong>`,
            when(a.lastSeenAt, zoneOf(site.id)),
            a.listAgeDays === null ? "unknown" : `${a.listAgeDays} days`,
            a.listsStale ? html`<strong style="color:#c53030">STALE</strong>` : "fresh",
          ]);
      });
      parts.push(
        html`<h2>Fleet health</h2>${table(["Site", "Agent", "Status", "Last heard", "List age", "Lists"], rows, "No agent has enrolled yet: see Sites.")}`,
      );
    }
    parts.unshift(coverageWarning(actions.coverage.gaps(actor), actorCan(actor, "policy:read")));
    if (!actorCan(actor, "incidents:read") && !actorCan(actor, "fleet:read"))
      parts.push(
        html`<p>Your role sees totals only. The <a href="/reports">reports</a> hold the figures for your sites.</p>`,
      );
    return page(c, "Overview", html`${parts}`);
  });
  return [overview];
}
