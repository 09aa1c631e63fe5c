import { gradeReport } from "../domain/grade-report.ts";
import {
  type CONCERN_SUBJECTS,
  isRestrictedKind,
  type ReportedKind,
  type YesNoUnsure,
} from "../domain/incident-kinds.ts";
import type { IncidentRules } from "../domain/incident-rules.ts";
import type { HubStores } from "../store/open-stores.ts";
import type { IncidentChange } from "./incident-engine.ts";
import { DepsService } from "./store-service.ts";

/** A concern as someone reported it, checked (actions/incident-reports.ts). */
export interface Concern {
  siteId: string;
  kind: ReportedKind;
  concerns: { subject: (typeof CONCERN_SUBJECTS)[number]; description: string };
  reportedBy: string;
  /** When it happened, UTC. */
  occurredAt: string;
  whatHappened: string;
  immediateRisk: YesNoUnsure;
  illegalMaterial: YesNoUnsure;
}

/** Who opened it: as the record names them, and the account it counts as submitted by (null: the anonymous form). */
export interface ConcernOrigin {
  by: string;
  submittedBy: string | null;
}

export interface ConcernServiceDeps {
  stores: HubStores;
  rules: IncidentRules["reported"];
  now?: () => Date;
}

/**
 * Opens an incident from a concern a person reported: graded by its kind and the flowchart's
 * questions, with the report kept as its first entry and the questions as a details entry, so
 * the DSL's flow reads it like any other incident. It has no client, look-ups or category.
 */
export class ConcernService extends DepsService<ConcernServiceDeps> {
  /** Stores the incident and its first two entries in one transaction; returns what alerts need to know. */
  open(origin: ConcernOrigin, concern: Concern): IncidentChange {
    const { stores } = this.deps;
    const { severity, atOnce } = gradeReport(this.deps.rules, concern.kind, concern);
    const at = this.deps.now().toISOString();
    const illegal = concern.illegalMaterial === "yes";
    const restricted = isRestrictedKind(concern.kind);
    return stores.transaction(() => {
      const incidentId = stores.incidents.insert({
        siteId: concern.siteId,
        clientAddress: "",
        hostname: null,
        mac: null,
        group: "",
        category: "",
        autoSeverity: severity,
        severity,
        illegal,
        openedAt: at,
        firstSeen: concern.occurredAt,
        lastSeen: concern.occurredAt,
        eventCount: 0,
        source: "report",
        kind: concern.kind,
        submittedBy: origin.submittedBy,
        restricted,
      });
      const { siteId: _site, ...reported } = concern;
      stores.incidents.appendEntry(incidentId, at, origin.by, "reported", { ...reported, severity });
      stores.incidents.appendEntry(incidentId, at, origin.by, "details", {
        reportedBy: concern.reportedBy,
        reportedTo: "the DSL",
        description: concern.whatHappened,
        illegalMaterial: concern.illegalMaterial,
        immediateRisk: concern.immediateRisk,
      });
      return {
        incidentId,
        kind: "raised",
        incidentKind: concern.kind,
        atOnce,
        restricted,
        siteId: concern.siteId,
        clientAddress: "",
        group: "",
        // Alerts name a category and throttle by it: a report's kind stands in, as the incident has none.
        category: concern.kind,
        severity,
        illegal,
        firstSeen: concern.occurredAt,
        eventCount: 0,
      };
    });
  }
}
