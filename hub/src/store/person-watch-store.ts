import type { HubDatabase } from "./hub-database.ts";
import { jsonListValues } from "./portable-sql.ts";
import { SqlStore } from "./sql-store.ts";

/** A watch on a person: why, when it is to be reviewed (a date), who set it and when. */
export interface PersonWatch {
  personId: number;
  reason: string;
  reviewOn: string;
  setBy: string;
  setAt: string;
}

/** A watched person with their name and site, for the DSL digest. */
export interface WatchedPerson extends PersonWatch {
  siteId: string;
  displayName: string;
  yearGroup: string | null;
  tutorGroup: string | null;
}

const COLUMNS = `person_id AS "personId", reason, review_on AS "reviewOn", set_by AS "setBy", set_at AS "setAt"`;

const prepareStatements = (db: HubDatabase) => ({
  get: db.prepare(`SELECT ${COLUMNS} FROM person_watch WHERE person_id = ?`),
  upsert: db.prepare(
    `INSERT INTO person_watch (person_id, reason, review_on, set_by, set_at) VALUES (@personId, @reason, @reviewOn, @setBy, @setAt)
     ON CONFLICT(person_id) DO UPDATE SET reason = excluded.reason, review_on = excluded.review_on,
       set_by = excluded.set_by, set_at = excluded.set_at`,
  ),
  remove: db.prepare("DELETE FROM person_watch WHERE person_id = ?"),
  atSites: db.prepare(
    `SELECT w.person_id AS "personId", w.reason, w.review_on AS "reviewOn", w.set_by AS "setBy", w.set_at AS "setAt",
       p.site_id AS "siteId", p.display_name AS "displayName", p.year_group AS "yearGroup", p.tutor_group AS "tutorGroup"
     FROM person_watch w JOIN people p ON p.id = w.person_id
     WHERE p.site_id IN (${jsonListValues(db, "?")}) ORDER BY w.review_on, p.display_name`,
  ),
});

/** The watch list: people the DSL keeps an eye on, one watch each. */
export class PersonWatchStore extends SqlStore<ReturnType<typeof prepareStatements>> {
  constructor(db: HubDatabase) {
    super(db, prepareStatements);
  }

  get(personId: number): PersonWatch | undefined {
    return this.statements.get.get(personId) as PersonWatch | undefined;
  }

  /** Sets or replaces the person's watch. */
  set(watch: PersonWatch): void {
    this.statements.upsert.run(watch);
  }

  /** Ends the watch; whether there was one. */
  remove(personId: number): boolean {
    return this.statements.remove.run(personId).changes > 0;
  }

  /** Everyone watched at these sites, soonest review first. */
  atSites(sites: readonly string[]): WatchedPerson[] {
    return this.statements.atSites.all(JSON.stringify(sites)) as WatchedPerson[];
  }
}
