import { bySql, type HubDatabase } from "./hub-database.ts";

/**
 * The values of a JSON array of strings given as one parameter (`param`: `?` or `@name`), as a
 * subquery's rows for `x IN (...)`: one statement serves lists of any length. SQLite reads the
 * array with json_each, PostgreSQL with jsonb_array_elements_text.
 */
export function jsonListValues(db: Pick<HubDatabase, "dialect">, param: string): string {
  return bySql(db, {
    sqlite: `SELECT value FROM json_each(${param})`,
    postgres: `SELECT jsonb_array_elements_text(${param}::jsonb)`,
  });
}

/** The operator of a search that ignores case: SQLite's LIKE does (for ASCII), PostgreSQL's needs ILIKE. */
export function likeAnyCase(db: Pick<HubDatabase, "dialect">): string {
  return bySql(db, { sqlite: "LIKE", postgres: "ILIKE" });
}

/** `n` parameters for `x IN (...)`, or NULL for none (an empty list, which matches nothing). */
export function inList(n: number): string {
  return n === 0 ? "NULL" : Array.from({ length: n }, () => "?").join(",");
}
