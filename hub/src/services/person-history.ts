import { type DirectoryGroupRule, groupForDirectoryGroups } from "@fenceline/shared/policy";
import type { Severity } from "../domain/severity.ts";
import type { PersonSummary } from "../store/identity-lookup-store.ts";
import type { IncidentRow } from "../store/incident-store.ts";
import type { HubStores } from "../store/open-stores.ts";
import type { PersonWatch } from "../store/person-watch-store.ts";
import type { SanctionAtSite } from "../store/sanction-store.ts";

/** Earlier incidents shown at most. */
export const HISTORY_MAX = 50;

/** One earlier incident of the person, as the incident page lists it. */
export interface HistoryLine {
  id: number;
  siteId: string;
  category: string;
  kind: string;
  severity: Severity;
  state: string;
  firstSeen: string;
  clientAddress: string;
  deviceId: number | null;
}

/** Who an incident is about, with their watch, sanctions and earlier incidents. */
export interface IncidentPerson {
  person: PersonSummary;
  /** The policy group their directory groups give them under the site's rules; null: their address block decides. */
  policyGroup: string | null;
  watch: PersonWatch | null;
  sanctions: SanctionAtSite[];
  history: HistoryLine[];
}

/**
 * A person's history: their earlier incidents across their devices, and across the sites where
 * the same pupil is known (by external id), newest first. The caller says which incidents the
 * reader may know of (their sites; restricted ones only on the route).
 */
export function personHistory(
  stores: HubStores,
  incident: IncidentRow,
  mayKnow: (row: IncidentRow) => boolean,
): IncidentPerson | null {
  if (incident.personId === null) return null;
  const person = stores.identities.person(incident.personId);
  if (!person) return null;
  const people = stores.identities.samePerson(person.id);
  const history = stores.incidents
    .ofPeople(people, incident.id, HISTORY_MAX * 2)
    .filter(mayKnow)
    .slice(0, HISTORY_MAX)
    .map((row) => ({
      id: row.id,
      siteId: row.siteId,
      category: row.category,
      kind: row.kind,
      severity: row.severity,
      state: row.state,
      firstSeen: row.firstSeen,
      clientAddress: row.clientAddress,
      deviceId: row.deviceId,
    }));
  return {
    person,
    policyGroup: policyGroupOf(stores, person),
    watch: stores.personWatch.get(person.id) ?? null,
    sanctions: stores.sanctions.ofPerson(person.id, 20),
    history,
  };
}

/** The policy group the site's directory-group rules give the person (year group, tutor group, tags), or null. */
export function policyGroupOf(stores: HubStores, person: PersonSummary): string | null {
  const held = stores.policies.current(person.siteId);
  if (!held) return null;
  const rules = (JSON.parse(held.body) as { directoryGroups?: DirectoryGroupRule[] }).directoryGroups ?? [];
  return groupForDirectoryGroups(rules, directoryGroupsOf(person));
}

/** A person's directory groups: year group, tutor group and directory tags. */
export function directoryGroupsOf(person: PersonSummary): string[] {
  let tags: unknown = [];
  try {
    tags = JSON.parse(person.tags);
  } catch {
    // Tags stored by hand that are not JSON: the person simply has none.
  }
  const listed = Array.isArray(tags) ? tags.filter((tag): tag is string => typeof tag === "string") : [];
  return [person.yearGroup, person.tutorGroup, ...listed].filter((group): group is string => !!group);
}

/** "Pat Pupil (Year 9, 9B)": a person as pages and lists name them. */
export function personLabelOf(person: Pick<PersonSummary, "displayName" | "yearGroup" | "tutorGroup">): string {
  const groups = [person.yearGroup, person.tutorGroup].filter(Boolean).join(", ");
  return groups ? `${person.displayName} (${groups})` : person.displayName;
}

/** Incident rows with the name of the person each is about (null when unknown), each person read once. */
export function withPersonNames<T extends { personId: number | null }>(
  stores: HubStores,
  rows: readonly T[],
): (T & { personName: string | null })[] {
  const names = new Map<number, string | null>();
  return rows.map((row) => {
    if (row.personId === null) return { ...row, personName: null };
    if (!names.has(row.personId)) {
      const person = stores.identities.person(row.personId);
      names.set(row.personId, person ? personLabelOf(person) : null);
    }
    return { ...row, personName: names.get(row.personId) ?? null };
  });
}
