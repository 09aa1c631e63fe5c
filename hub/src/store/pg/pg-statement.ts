import type { HubRunResult, HubStatement } from "../hub-database.ts";
import type { PgConnection, PgResult } from "./pg-connection.ts";
import type { ParameterSlot } from "./placeholders.ts";

/** A statement prepared on the server once per SQL text, shared by every `PgStatement` of that text. */
export interface PreparedPgSql {
  name: string;
  slots: readonly ParameterSlot[];
}

/** better-sqlite3's arguments: values in order, and at most one plain object for the named ones. */
function bindValues(slots: readonly ParameterSlot[], args: readonly unknown[]): unknown[] {
  const isNamedObject = (a: unknown) =>
    a !== null && typeof a === "object" && !(a instanceof Uint8Array) && !Array.isArray(a);
  const named = args.find(isNamedObject) as Record<string, unknown> | undefined;
  const positional = args.filter((a) => !isNamedObject(a)).flat();
  return slots.map((slot) => {
    if ("position" in slot) {
      if (slot.position >= positional.length) throw new RangeError("Too few parameter values were provided");
      return positional[slot.position];
    }
    if (named === undefined || !(slot.name in named)) throw new RangeError(`Missing named parameter "${slot.name}"`);
    return named[slot.name];
  });
}

/** A row as better-sqlite3 gives it: an object keyed by column name, or with pluck its first column. */
function shapeRow(result: PgResult, row: unknown[], pluck: boolean): unknown {
  if (pluck) return row[0];
  // A loop, not Object.fromEntries of a mapped array: ingest shapes thousands of rows a batch.
  // Column names are the statement's own (its SQL text), never a request's.
  const shaped: Record<string, unknown> = {};
  const columns = result.columns;
  for (let c = 0; c < columns.length; c++) shaped[columns[c] as string] = row[c];
  return shaped;
}

/** What `run` returns: the rows changed, and the inserted id where the statement says `RETURNING id`. */
function runResult(result: PgResult, sql: string): HubRunResult {
  const idColumn = result.columns.indexOf("id");
  const id = idColumn >= 0 ? result.rows[0]?.[idColumn] : undefined;
  return {
    changes: result.changes,
    get lastInsertRowid(): number {
      if (typeof id === "number") return id;
      throw new Error(
        `lastInsertRowid on PostgreSQL needs the statement to end in RETURNING id (and to insert a row): ${sql}`,
      );
    },
  };
}

/** A statement of a `PgDatabase`, used as a better-sqlite3 statement is. */
export class PgStatement implements HubStatement {
  private plucking = false;

  private readonly connection: PgConnection;
  private readonly prepared: PreparedPgSql;
  private readonly sql: string;

  constructor(connection: PgConnection, prepared: PreparedPgSql, sql: string) {
    this.connection = connection;
    this.prepared = prepared;
    this.sql = sql;
  }

  run(...params: unknown[]): HubRunResult {
    return runResult(this.execute(params), this.sql);
  }

  get(...params: unknown[]): unknown {
    const result = this.execute(params);
    const row = result.rows[0];
    return row === undefined ? undefined : shapeRow(result, row, this.plucking);
  }

  all(...params: unknown[]): unknown[] {
    const result = this.execute(params);
    return result.rows.map((row) => shapeRow(result, row, this.plucking));
  }

  pluck(toggle = true): this {
    this.plucking = toggle;
    return this;
  }

  private execute(params: readonly unknown[]): PgResult {
    return this.connection.execute(this.prepared.name, bindValues(this.prepared.slots, params));
  }
}
