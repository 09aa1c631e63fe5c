import type { Context } from "hono";
import { html } from "hono/html";
import { coverageText } from "../domain/coverage.ts";
import { actorCan } from "../domain/roles.ts";
import type { HubEnv } from "../http/hub-env.ts";
import { page, table } from "./layout.ts";
import { getPage, type PageDef, type PageDeps } from "./page-def.ts";

const siteOf = (c: Context<HubEnv>) => c.req.param("siteId") ?? "";
const red = (text: string) => html`<strong style="color:#c53030">${text}</strong>`;

/** A site's coverage: every category, the lists behind it (ids and counts only), and each group's action. */
export function coveragePages({ actions }: PageDeps): PageDef[] {
  return [
    getPage("/sites/:siteId/coverage", "policy:read", (c, { actor }) => {
      const { siteName, categories } = actions.coverage.site(actor, { siteId: siteOf(c) });
      const rows = categories.map((cov) => [
        html`${cov.category.name}${cov.headline ? html` <span class="muted">(headline)</span>` : ""}`,
        cov.covered ? coverageText(cov) : red(coverageText(cov)),
        cov.sources.length === 0
          ? "none"
          : cov.sources
              .map((s) => `${s.id}: ${s.state}${s.state === "loaded" ? ` (${s.entries.toLocaleString("en-GB")})` : ""}`)
              .join("; "),
        cov.groups.map((g) => `${g.group}: ${g.action}`).join(", "),
      ]);
      return page(
        c,
        `Coverage: ${siteName}`,
        html`<p class="muted">A category is covered when a list for it is configured (a url or mirror, not disabled) and the site's filter reports it loaded with entries. Lists are named by id only.</p>
${table(["Category", "Coverage", "Lists", "Groups"], rows, "No categories.")}
${actorCan(actor, "checks:read") ? html`<p><a href="/sites/${siteOf(c)}/checks">Filtering checks: whether the filter blocks what it should</a></p>` : ""}`,
      );
    }),
  ];
}
