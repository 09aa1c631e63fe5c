import { bySql, type HubDatabase } from "./hub-database.ts";

/**
 * JSON in SQL on both dialects: the columns hold JSON as text; SQLite reads it with its JSON1
 * functions, PostgreSQL casts it to jsonb. Each helper gives an SQL expression (a subquery or a
 * value) to put into a statement, with both texts explicit.
 */

/** The text elements of a JSON array (an SQL expression such as `?` or a column), as a subquery of one column. */
export function jsonTextValues(db: Pick<HubDatabase, "dialect">, array: string): string {
  return bySql(db, {
    sqlite: `(SELECT value FROM json_each(${array}))`,
    postgres: `(SELECT value FROM jsonb_array_elements_text((${array})::jsonb) AS j(value))`,
  });
}

/** The elements of a JSON array of integers (ids), as a subquery of one integer column. */
export function jsonIntegerValues(db: Pick<HubDatabase, "dialect">, array: string): string {
  return bySql(db, {
    sqlite: `(SELECT value FROM json_each(${array}))`,
    postgres: `(SELECT value::bigint FROM jsonb_array_elements_text((${array})::jsonb) AS j(value))`,
  });
}

/**
 * A condition: `column` is one of the elements of a JSON array (texts, or integers with `integers`).
 * On PostgreSQL the array is read once into an SQL array that an index on `column` looks up
 * element by element. Written `IN (subquery)`, the planner may instead read every row the rest of
 * the condition leaves (a site's every device, at each batch) and hash the array against them.
 */
export function inJsonArray(db: Pick<HubDatabase, "dialect">, column: string, array: string, integers = false): string {
  const values = integers ? jsonIntegerValues(db, array) : jsonTextValues(db, array);
  return bySql(db, { sqlite: `${column} IN ${values}`, postgres: `${column} = ANY (ARRAY${values})` });
}

/** A JSON text array written into the statement as a literal: for lists the caller controls (site ids). */
export function jsonTextLiteral(db: Pick<HubDatabase, "dialect">, values: readonly string[]): string {
  return jsonTextValues(db, `'${JSON.stringify(values).replace(/'/g, "''")}'`);
}

/** The member `key` (a name, or an index into an array) of a JSON text column, as text; null when absent. */
export function jsonMember(db: Pick<HubDatabase, "dialect">, json: string, key: string | number): string {
  return bySql(db, {
    sqlite: `json_extract(${json}, '${typeof key === "number" ? `$[${key}]` : `$.${key}`}')`,
    postgres: `((${json})::jsonb ->> ${typeof key === "number" ? key : `'${key}'`})`,
  });
}
