import type { HubDatabase } from "./hub-database.ts";
import { SqlStore } from "./sql-store.ts";

/** A time-boxed sanction on a person: no internet but the allowed names, from `startsAt` until `endsAt`. */
export interface Sanction {
  id: number;
  personId: number;
  incidentId: number | null;
  reason: string;
  allow: string[];
  startsAt: string;
  endsAt: string;
  setBy: string;
  /** When it was lifted early, or recorded as ended; by whom ("system (sanction ended)" for the latter). */
  liftedAt: string | null;
  liftedBy: string | null;
}

export type NewSanction = Omit<Sanction, "id" | "liftedAt" | "liftedBy">;

/** A sanction with its person's site: what the sweep needs to record its end. */
export type SanctionAtSite = Sanction & { siteId: string };

const COLUMNS = `s.id, s.person_id AS "personId", s.incident_id AS "incidentId", s.reason, s.allow, s.starts_at AS "startsAt",
  s.ends_at AS "endsAt", s.set_by AS "setBy", s.lifted_at AS "liftedAt", s.lifted_by AS "liftedBy"`;

type Raw = Omit<SanctionAtSite, "allow"> & { allow: string };
const toSanction = (row: Raw): SanctionAtSite => ({ ...row, allow: JSON.parse(row.allow) as string[] });

const prepareStatements = (db: HubDatabase) => ({
  insert: db
    .prepare(
      `INSERT INTO person_sanctions (person_id, incident_id, reason, allow, starts_at, ends_at, set_by)
     VALUES (@personId, @incidentId, @reason, @allow, @startsAt, @endsAt, @setBy) RETURNING id`,
    )
    .pluck(),
  get: db.prepare(`SELECT ${COLUMNS}, p.site_id AS "siteId" FROM person_sanctions s JOIN people p ON p.id = s.person_id
    WHERE s.id = ?`),
  ofPerson:
    db.prepare(`SELECT ${COLUMNS}, p.site_id AS "siteId" FROM person_sanctions s JOIN people p ON p.id = s.person_id
    WHERE s.person_id = ? ORDER BY s.id DESC LIMIT ?`),
  lift: db.prepare("UPDATE person_sanctions SET lifted_at = ?, lifted_by = ? WHERE id = ? AND lifted_at IS NULL"),
  ended:
    db.prepare(`SELECT ${COLUMNS}, p.site_id AS "siteId" FROM person_sanctions s JOIN people p ON p.id = s.person_id
    WHERE s.lifted_at IS NULL AND s.ends_at <= ? ORDER BY s.ends_at LIMIT ?`),
});

/** Sanctions on people, as set, lifted early, or recorded as ended. */
export class SanctionStore extends SqlStore<ReturnType<typeof prepareStatements>> {
  constructor(db: HubDatabase) {
    super(db, prepareStatements);
  }

  insert(sanction: NewSanction): number {
    return Number(this.statements.insert.get({ ...sanction, allow: JSON.stringify(sanction.allow) }));
  }

  get(id: number): SanctionAtSite | undefined {
    const row = this.statements.get.get(id) as Raw | undefined;
    return row ? toSanction(row) : undefined;
  }

  /** The person's latest sanctions, newest first. */
  ofPerson(personId: number, limit = 50): SanctionAtSite[] {
    return (this.statements.ofPerson.all(personId, limit) as Raw[]).map(toSanction);
  }

  /** Marks it lifted (early, or as ended) once; whether it was still in place. */
  lift(id: number, at: string, by: string): boolean {
    return this.statements.lift.run(at, by, id).changes > 0;
  }

  /** Sanctions past their end not yet recorded as ended, oldest end first. */
  ended(at: string, limit = 500): SanctionAtSite[] {
    return (this.statements.ended.all(at, limit) as Raw[]).map(toSanction);
  }
}

/** Whether a sanction is in force at `at` (ISO): not lifted, not ended. */
export function sanctionActive(sanction: Pick<Sanction, "liftedAt" | "endsAt">, at: string): boolean {
  return sanction.liftedAt === null && sanction.endsAt > at;
}
