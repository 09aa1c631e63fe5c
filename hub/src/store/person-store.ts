import type { PersonKind } from "../domain/directory-fields.ts";
import { bySql, type HubDatabase } from "./hub-database.ts";
import { likeAnyCase } from "./portable-sql.ts";
import { SqlStore } from "./sql-store.ts";

/** A person of a site as the hub holds them: personal data, seen by the DSL roles only. */
export interface Person {
  id: number;
  siteId: string;
  kind: PersonKind;
  displayName: string;
  externalId: string | null;
  username: string | null;
  yearGroup: string | null;
  tutorGroup: string | null;
  tags: string[];
  createdAt: string;
  updatedAt: string;
}

/** What a new or edited person holds; the store stamps the id and times. */
export type PersonFields = Omit<Person, "id" | "siteId" | "createdAt" | "updatedAt">;

/** A page of a site's people: a text search over name, ids and login, or one year group. */
export interface PersonFilter {
  text?: string;
  yearGroup?: string;
  limit: number;
  offset: number;
}

interface PersonRow extends Omit<Person, "tags"> {
  tags: string;
}

const COLUMNS = `id, site_id AS "siteId", kind, display_name AS "displayName", external_id AS "externalId", username, year_group AS "yearGroup", tutor_group AS "tutorGroup", tags, created_at AS "createdAt", updated_at AS "updatedAt"`;

const toPerson = (row: PersonRow | undefined): Person | undefined =>
  row ? { ...row, tags: JSON.parse(row.tags) as string[] } : undefined;

/** LIKE with its wildcards escaped: a search for "50%" means the text "50%". */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * A site's people matching the search text (any case, as SQLite's LIKE matches: ILIKE on
 * PostgreSQL) and year group; either left out when null (the CASTs give PostgreSQL the type it
 * cannot infer from `IS NULL` alone).
 */
const personFilter = (db: HubDatabase) => {
  const like = likeAnyCase(db);
  return `site_id = @siteId
    AND (CAST(@text AS TEXT) IS NULL OR display_name ${like} @text ESCAPE '\\' OR external_id ${like} @text ESCAPE '\\'
      OR username ${like} @text ESCAPE '\\')
    AND (CAST(@yearGroup AS TEXT) IS NULL OR year_group = @yearGroup)`;
};

const prepare = (db: HubDatabase) => ({
  byId: db.prepare(`SELECT ${COLUMNS} FROM people WHERE id = ?`),
  byExternalId: db.prepare(`SELECT ${COLUMNS} FROM people WHERE site_id = ? AND external_id = ?`),
  byUsername: db.prepare(`SELECT ${COLUMNS} FROM people WHERE site_id = ? AND username = ?`),
  page: db.prepare(
    `SELECT ${COLUMNS} FROM people WHERE ${personFilter(db)}
     ORDER BY ${bySql(db, { sqlite: "display_name COLLATE NOCASE", postgres: 'lower(display_name) COLLATE "C"' })}, id
     LIMIT @limit OFFSET @offset`,
  ),
  count: db.prepare(`SELECT count(*) FROM people WHERE ${personFilter(db)}`).pluck(),
  all: db.prepare(`SELECT ${COLUMNS} FROM people WHERE site_id = ? ORDER BY id`),
  insert: db
    .prepare(
      `INSERT INTO people (site_id, kind, display_name, external_id, username, year_group, tutor_group, tags, created_at, updated_at)
     VALUES (@siteId, @kind, @displayName, @externalId, @username, @yearGroup, @tutorGroup, @tags, @at, @at) RETURNING id`,
    )
    .pluck(),
  update: db.prepare(
    `UPDATE people SET kind = @kind, display_name = @displayName, external_id = @externalId, username = @username,
       year_group = @yearGroup, tutor_group = @tutorGroup, tags = @tags, updated_at = @at WHERE id = @id`,
  ),
  delete: db.prepare("DELETE FROM people WHERE id = ?"),
});

/** The people of each site: pupils and learners, staff, visitors. */
export class PersonStore extends SqlStore<ReturnType<typeof prepare>> {
  constructor(db: HubDatabase) {
    super(db, prepare);
  }

  get(id: number): Person | undefined {
    return toPerson(this.statements.byId.get(id) as PersonRow | undefined);
  }

  byExternalId(siteId: string, externalId: string): Person | undefined {
    return toPerson(this.statements.byExternalId.get(siteId, externalId) as PersonRow | undefined);
  }

  byUsername(siteId: string, username: string): Person | undefined {
    return toPerson(this.statements.byUsername.get(siteId, username) as PersonRow | undefined);
  }

  /** A page of a site's people by name, with the count of all that match. */
  list(siteId: string, filter: PersonFilter): { people: Person[]; total: number } {
    const params = {
      siteId,
      text: filter.text ? likePattern(filter.text) : null,
      yearGroup: filter.yearGroup || null,
    };
    const rows = this.statements.page.all({ ...params, limit: filter.limit, offset: filter.offset }) as PersonRow[];
    return { people: rows.map((row) => toPerson(row) as Person), total: this.statements.count.get(params) as number };
  }

  /** Every person of a site, oldest first: for the identity table and the directory import. */
  all(siteId: string): Person[] {
    return (this.statements.all.all(siteId) as PersonRow[]).map((row) => toPerson(row) as Person);
  }

  insert(siteId: string, fields: PersonFields, at: string): Person {
    const id = this.statements.insert.get({ ...fields, siteId, tags: JSON.stringify(fields.tags), at });
    return this.get(Number(id)) as Person;
  }

  update(id: number, fields: PersonFields, at: string): Person | undefined {
    this.statements.update.run({ ...fields, id, tags: JSON.stringify(fields.tags), at });
    return this.get(id);
  }

  /** Removes a person; their devices stay, without an owner. Whether one is found. */
  delete(id: number): boolean {
    return this.statements.delete.run(id).changes > 0;
  }
}
