import { html } from "hono/html";
import type { CoverageGap } from "../actions/coverage.ts";

/** The overview's warning: each locked or headline category that no working list fills, per site. */
export function coverageWarning(gaps: CoverageGap[] | null, linkSites: boolean) {
  if (gaps === null) return html``;
  if (gaps.length === 0)
    return html`<h2>Coverage</h2><p>Every locked and headline category has a list loaded with entries at your sites.</p>`;
  const sites = [...new Map(gaps.map((g) => [g.site.id, g.site])).values()];
  return html`<h2>Coverage</h2><div class="error" role="alert" style="border-left:4px solid #c53030;background:#fff5f5;padding:0.5em 1em">
<p><strong>Warning: these categories have no working list; the filter cannot block them.</strong></p>
<ul>${gaps.map(
    (g) => html`<li>${sites.length > 1 ? `${g.site.name} — ` : ""}${g.category.name}: NOT COVERED — ${g.reason}</li>`,
  )}</ul>
${linkSites ? html`<p>${sites.map((s) => html`<a href="/sites/${s.id}/coverage">Coverage at ${s.name}</a> `)}</p>` : ""}</div>`;
}
