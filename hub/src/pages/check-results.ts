import type { Taxonomy } from "@fenceline/shared";
import type { CheckItem, CheckUntested } from "@fenceline/shared/checks";
import { html } from "hono/html";
import type { CheckRun } from "../store/filter-check-store.ts";
import { type Markup, table, when } from "./layout.ts";

const UNTESTED_WHY: Record<CheckUntested["why"], string> = {
  "no-names": "not tested: no list names",
  "no-canary": "not tested: no canary configured",
};

const categoryLabel = (taxonomy: Taxonomy, id: string | null, kind: CheckItem["kind"]) =>
  id === null ? kind : (taxonomy.byId.get(id)?.name ?? id);

const verdict = (pass: boolean): Markup =>
  pass ? html`<span style="color:#2f855a">pass</span>` : html`<strong style="color:#c53030">FAIL</strong>`;

/** A run's status as a word; a failed one stands out. */
export function statusText(run: Pick<CheckRun, "status" | "failedCount">): Markup {
  if (run.status === "failed") return html`<strong style="color:#c53030">failed (${run.failedCount})</strong>`;
  return html`${run.status}`;
}

/** The groups a run tested, in the order they first appear. */
function groupsOf(run: CheckRun): string[] {
  return [...new Set([...run.items.map((i) => i.group), ...run.untested.map((u) => u.group)])];
}

/**
 * A run's results grouped by group, then category: each name tested (already masked for the
 * reader), what was expected and what came back, then the categories that could not be tested.
 */
export function runResults(run: CheckRun, taxonomy: Taxonomy, zone: string): Markup {
  const facts = html`<dl class="facts"><dt>Requested</dt><dd>${when(run.requestedAt, zone)} (${run.trigger})</dd>
<dt>Agent</dt><dd>${run.agentName}</dd><dt>Status</dt><dd id="run-status">${statusText(run)}</dd>
<dt>Finished</dt><dd>${when(run.finishedAt, zone)}</dd><dt>Lists</dt><dd>${run.listsVersion ?? "–"}</dd></dl>`;
  if (run.status === "requested" || run.status === "missed")
    return html`${facts}<p class="muted">${run.status === "missed" ? "The agent did not answer within two hours." : "Waiting for the agent's answer."}</p>`;
  const sections = groupsOf(run).map((group) => {
    const items = run.items
      .filter((i) => i.group === group)
      .sort((a, b) =>
        categoryLabel(taxonomy, a.category, a.kind).localeCompare(categoryLabel(taxonomy, b.category, b.kind)),
      );
    const rows = items.map((i) => [
      categoryLabel(taxonomy, i.category, i.kind),
      i.canary ? `${i.name} (site canary)` : i.name,
      i.expected,
      i.outcome,
      verdict(i.pass),
    ]);
    const untested = run.untested
      .filter((u) => u.group === group)
      .map((u) => [categoryLabel(taxonomy, u.category, "category"), "", "", UNTESTED_WHY[u.why], ""]);
    return html`<h3>Group ${group}</h3>${table(["Category", "Name", "Expected", "Got", "Result"], [...rows, ...untested], "Nothing tested.")}`;
  });
  return html`${facts}${sections}`;
}
