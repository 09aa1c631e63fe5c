import type { HubActions } from "../../actions/index.ts";

/** One incident whole, as the incident action gives it to the page. */
export type IncidentView = ReturnType<HubActions["incidents"]["view"]>;
export type IncidentViewEntry = IncidentView["entries"][number];
