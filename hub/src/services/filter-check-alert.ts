import type { Taxonomy } from "@fenceline/shared";
import type { CheckItem } from "@fenceline/shared/checks";
import type { Logger } from "pino";
import { formatLocalTime } from "../domain/local-time.ts";
import { lockedLabel } from "../domain/locked-names.ts";
import type { CheckRun } from "../store/filter-check-store.ts";
import type { HubStores } from "../store/open-stores.ts";
import { sendWithRetries } from "./alert-delivery.ts";
import type { AlertSender } from "./alert-sender.ts";

export interface CheckAlertDeps {
  stores: HubStores;
  sender: AlertSender;
  taxonomy: Taxonomy;
  log: Logger;
  zoneOf: (siteId: string) => string;
  publicUrl: string;
}

/** The ICT administrators who work with the site, as the fleet alerts find them. */
export function ictRecipients(stores: HubStores, siteId: string): string[] {
  return stores.users
    .all()
    .filter((u) => !u.disabledAt && u.role === "ict-admin" && (u.sites === null || u.sites.includes(siteId)))
    .map((u) => u.email);
}

/** What a failed item tested, as ICT may read it: a locked category's name never appears. */
export function testedName(item: CheckItem, taxonomy: Taxonomy): string {
  const locked = item.category !== null && taxonomy.byId.get(item.category)?.locked === true;
  if (locked) return `site canary, ${lockedLabel([item.category as string], taxonomy)}`;
  return item.name;
}

/** One line of the email per failed item: group, category (or kind), expectation, outcome. */
function failureLine(item: CheckItem, taxonomy: Taxonomy): string {
  const what = item.category ? (taxonomy.byId.get(item.category)?.name ?? item.category) : item.kind;
  return `- group ${item.group}, ${what}: expected ${item.expected}, got ${item.outcome} (${testedName(item, taxonomy)})`;
}

/** The email for a failed run: which items failed and a link to the run's page. */
export function checkAlertMessage(
  run: CheckRun,
  siteName: string,
  deps: Omit<CheckAlertDeps, "stores" | "sender" | "log">,
) {
  const failed = run.items.filter((item) => !item.pass);
  const link = `${deps.publicUrl.replace(/\/$/, "")}/sites/${encodeURIComponent(run.siteId)}/checks/${run.id}`;
  return {
    subject: `[Fenceline] Filtering check failed at ${siteName}`,
    text: [
      `The filtering check of ${formatLocalTime(run.finishedAt ?? run.requestedAt, deps.zoneOf(run.siteId))} at ${siteName} (agent "${run.agentName}") failed: ${failed.length} of ${run.items.length} items did not get the answer expected.`,
      "",
      ...failed.map((item) => failureLine(item, deps.taxonomy)),
      "",
      `The run: ${link}`,
    ].join("\n"),
  };
}

/** Emails the site's ICT administrators about one failed run, once; records how it went on the run. */
export async function sendCheckAlert(deps: CheckAlertDeps, run: CheckRun): Promise<boolean> {
  const { stores } = deps;
  if (!stores.filterChecks.claimAlert(run.id)) return false;
  const recipients = ictRecipients(stores, run.siteId);
  if (recipients.length === 0) {
    stores.filterChecks.setAlertStatus(run.id, "no recipients");
    return false;
  }
  const siteName = stores.fleet.site(run.siteId)?.name ?? run.siteId;
  const error = await sendWithRetries(() => deps.sender.email(recipients, checkAlertMessage(run, siteName, deps)));
  if (error) deps.log.error({ siteId: run.siteId, runId: run.id, error }, "filtering check alert failed");
  // Recorded either way: one attempt per run, not a retry every sweep.
  stores.filterChecks.setAlertStatus(run.id, error ? `failed: ${error}`.slice(0, 500) : "sent");
  return !error;
}
