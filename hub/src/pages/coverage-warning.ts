import { html } from "hono/html";
import type { CoverageGap } from "../actions/coverage.ts";

type Shown = { sites: { id: string; name: string }[]; gaps: CoverageGap[] } | null;

/** The overview's warning: each locked or headline category that no working list fills, per site. */
export function coverageWarning(shown: Shown, linkSites: boolean) {
  if (shown === null || shown.sites.length === 0) return html``;
  const { sites, gaps } = shown;
  const links = linkSites
    ? html`<p>${sites.map((s) => html`<a href="/sites/${s.id}/coverage">Coverage at ${s.name}</a> `)}</p>`
    : "";
  if (gaps.length === 0)
    return html`<h2>Coverage</h2><p>Every locked and headline category has a list loaded with entries at your sites.</p>${links}`;
  return html`<h2>Coverage</h2><div class="error" role="alert">
<p><strong>Warning: these categories have no working list; the filter cannot block them.</strong></p>
<ul>${gaps.map(
    (g) => html`<li>${sites.length > 1 ? `${g.site.name} — ` : ""}${g.category.name}: NOT COVERED — ${g.reason}</li>`,
  )}</ul>${links}</div>`;
}
