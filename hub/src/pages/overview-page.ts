import type { Hono } from "hono";
import { html } from "hono/html";
import { actorCan, actorSeesSite } from "../domain/roles.ts";
import type { HubServices } from "../hub-services.ts";
import type { HubEnv } from "../routes/route-def.ts";
import { page, severity, table, when } from "./layout.ts";
import { pageHandler, signedIn } from "./page-guard.ts";

/** The first page after signing in: fleet health, today's flagged lookups, open incidents — each as the role allows. */
export function overviewPage(app: Hono<HubEnv>, services: HubServices): void {
  app.get(
    "/",
    pageHandler((c) => {
      const actor = signedIn(c);
      const sites = services.stores.fleet.sites().filter((s) => actorSeesSite(actor, s.id));
      const ids = sites.map((s) => s.id);
      const today = new Date().toISOString().slice(0, 10);
      const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
      const flagged = services.stores.reportData.lookups({ sites: ids, from: today, to: tomorrow }, "outcome");
      const parts = [
        html`<h2>Today's flagged look-ups</h2><div class="cards">${
          flagged.length === 0
            ? html`<p class="muted">None yet today.</p>`
            : flagged.map((f) => html`<div class="card"><b>${Number(f.n).toLocaleString("en-GB")}</b>${f.key}</div>`)
        }</div>`,
      ];
      if (actorCan(actor, "incidents:read")) {
        const open = services.stores.reportData.openIncidents(ids);
        parts.push(
          html`<h2>Open incidents</h2><div class="cards">${["critical", "high", "medium", "low", "info"].map((s) => {
            const n = Number(open.find((o) => o.key === s)?.n ?? 0);
            return html`<div class="card"><b>${n}</b>${severity(s)}</div>`;
          })}</div><p><a href="/incidents?state=new,triaged,escalated,actions,review">Go to the incident queue</a></p>`,
        );
      }
      if (actorCan(actor, "fleet:read")) {
        const rows = sites.flatMap((site) => {
          const status = services.fleet.siteStatus(site.id);
          return status.agents
            .filter((a) => !a.revoked)
            .map((a) => [
              site.name,
              a.name,
              a.online ? "online" : html`<strong style="color:#c53030">offline</strong>`,
              when(a.lastSeenAt),
              a.listAgeDays === null ? "unknown" : `${a.listAgeDays} days`,
              a.listsStale ? html`<strong style="color:#c53030">STALE</strong>` : "fresh",
            ]);
        });
        parts.push(
          html`<h2>Fleet health</h2>${table(["Site", "Agent", "Status", "Last heard", "List age", "Lists"], rows, "No agent has enrolled yet: see Sites.")}`,
        );
      }
      if (!actorCan(actor, "incidents:read") && !actorCan(actor, "fleet:read"))
        parts.push(
          html`<p>Your role sees totals only. The <a href="/reports">reports</a> hold the figures for your sites.</p>`,
        );
      return page(c, "Overview", html`${parts}`);
    }),
  );
}
