import { incidentEntryAction } from "./incident/incident-entry-action.ts";
import { incidentPage } from "./incident/incident-page.ts";
import { incidentQueuePage } from "./incident/incident-queue-page.ts";
import { incidentPersonActions } from "./incident/person-actions.ts";
import type { PageDef, PageDeps } from "./page-def.ts";

/** The DSL's incident queue, the guided incident page, and the one form action every entry is posted to. */
export function incidentPages(deps: PageDeps): PageDef[] {
  return [incidentQueuePage(deps), incidentPage(deps), incidentEntryAction(deps), ...incidentPersonActions(deps)];
}
