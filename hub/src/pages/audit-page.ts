import { html } from "hono/html";
import { page, table, when } from "./layout.ts";
import { getPage, type PageDef, type PageDeps } from "./page-def.ts";

/** The audit log, read-only, with its hash chain verified on every view: the auditor's page. */
export function auditPages({ actions, zoneOf }: PageDeps): PageDef[] {
  return [
    getPage("/audit", "audit:read", (c, { actor }) => {
      const after = Math.max(0, Number(c.req.query("after") ?? 0) || 0);
      const action = c.req.query("action") || undefined;
      const entries = actions.audit.page(actor, { after, limit: 200, ...(action ? { action } : {}) });
      const verdict = actions.audit.verify(actor);
      const last = entries.at(-1);
      return page(
        c,
        "Audit log",
        html`${verdict.ok ? html`<p class="notice">The hash chain is intact: ${verdict.entries} entries verified.</p>` : html`<p class="error" role="alert">The audit log has been tampered with${verdict.brokenAt === null ? "" : ` at entry ${verdict.brokenAt}`}: ${verdict.problem}.</p>`}
<form method="get" action="/audit" class="row" style="align-items:end"><div><label for="action">Action starts with</label><input id="action" name="action" value="${action ?? ""}"></div><div><button>Filter</button></div></form>
${table(
  ["#", "When", "Who", "Action", "Target", "Site", "Detail"],
  entries.map((e) => [
    e.seq,
    e.site ? when(e.at, zoneOf(e.site)) : when(e.at),
    e.actor,
    e.action,
    e.target ?? "",
    e.site ?? "",
    JSON.stringify(e.detail).slice(0, 300),
  ]),
  "No entries.",
)}${last && entries.length === 200 ? html`<p><a href="/audit?after=${last.seq}${action ? `&action=${encodeURIComponent(action)}` : ""}">Next entries</a></p>` : ""}`,
      );
    }),
  ];
}
