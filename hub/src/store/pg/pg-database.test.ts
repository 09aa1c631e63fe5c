import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasPostgres, type PostgresCluster, startPostgresCluster } from "../../testing/postgres-cluster.ts";
import { bySql, type HubDatabase } from "../hub-database.ts";
import { openDatabase } from "../open-database.ts";
import { PgDatabase, SCOPE_LOCKS, scopeLockKey, WRITE_LOCK } from "./pg-database.ts";
import { PgError } from "./pg-error.ts";

/** One table the way a store's schema step would write it, per dialect where the two differ. */
function createItems(db: HubDatabase): void {
  db.exec(
    bySql(db, {
      sqlite: "CREATE TABLE items (id INTEGER PRIMARY KEY",
      postgres: "CREATE TABLE items (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY",
    }) +
      `, site_id TEXT NOT NULL, name TEXT NOT NULL, hits INTEGER NOT NULL DEFAULT 0, note TEXT,
        UNIQUE (site_id, name))`,
  );
}

describe.skipIf(!hasPostgres())("PgDatabase on a real PostgreSQL cluster", () => {
  let cluster: PostgresCluster;
  let db: PgDatabase;
  let databases = 0;
  /** A fresh database, so each test starts from empty tables. */
  const freshDatabase = () => new PgDatabase(cluster.createDatabase(`pg_database_${++databases}`));

  beforeAll(async () => {
    cluster = await startPostgresCluster();
    db = freshDatabase();
    createItems(db);
  });
  afterAll(() => {
    db?.close();
    cluster?.stop();
  });

  it("numbers `?` parameters, leaving a `?` inside a string literal as data", () => {
    const row = db.prepare(`SELECT '?' AS mark, 'it''s ?' AS quoted, ?::int + ?::int AS "sum"`).get(2, 3);
    expect(row).toEqual({ mark: "?", quoted: "it's ?", sum: 5 });
  });

  it("takes @name parameters from an object, as better-sqlite3 does, and says which one is missing", () => {
    const insert = db.prepare(
      "INSERT INTO items (site_id, name, note) VALUES (@siteId, @name, @siteId || '/' || @name)",
    );
    insert.run({ siteId: "named", name: "one" });
    expect(db.prepare("SELECT note FROM items WHERE site_id = ?").pluck().get("named")).toBe("named/one");
    expect(() => insert.run({ siteId: "named" })).toThrow(/Missing named parameter "name"/);
  });

  it("reads counts, int8, numeric and floats as numbers, booleans as 1/0, NULL as null, bytea as a Buffer", () => {
    const row = db
      .prepare(
        `SELECT count(*) AS "count", 9007199254740991::int8 AS big, sum(x) AS total, 1.5::float8 AS half,
           true AS yes, false AS no, NULL AS nothing, '\\x6869'::bytea AS bytes, 'text' AS words
         FROM (VALUES (1), (2)) AS v(x)`,
      )
      .get();
    expect(row).toEqual({
      count: 2,
      big: 9007199254740991,
      total: 3,
      half: 1.5,
      yes: 1,
      no: 0,
      nothing: null,
      bytes: Buffer.from("hi"),
      words: "text",
    });
  });

  it("run gives the changed rows, and the inserted id from RETURNING id", () => {
    const insert = db.prepare("INSERT INTO items (site_id, name) VALUES (?, ?) RETURNING id");
    const first = insert.run("run", "a");
    const second = insert.run("run", "b");
    expect(first.changes).toBe(1);
    expect(second.lastInsertRowid).toBe(Number(first.lastInsertRowid) + 1);
    expect(db.prepare("UPDATE items SET hits = hits + 1 WHERE site_id = ?").run("run").changes).toBe(2);
    expect(db.prepare("DELETE FROM items WHERE site_id = ?").run("nowhere").changes).toBe(0);
  });

  it("refuses lastInsertRowid without RETURNING id, saying what to add", () => {
    const result = db.prepare("INSERT INTO items (site_id, name) VALUES (?, ?)").run("no-returning", "a");
    expect(result.changes).toBe(1);
    expect(() => result.lastInsertRowid).toThrow(/RETURNING id/);
  });

  it("plucks the first column of get and all, and can turn pluck off again", () => {
    const names = db.prepare("SELECT name, hits FROM items WHERE site_id = ? ORDER BY name").pluck();
    expect(names.all("run")).toEqual(["a", "b"]);
    expect(names.get("run")).toBe("a");
    expect(names.get("nowhere")).toBeUndefined();
    expect(names.pluck(false).get("run")).toEqual({ name: "a", hits: 1 });
  });

  it("prepares each SQL text once, while each statement keeps its own pluck", () => {
    const sql = "SELECT name FROM items WHERE site_id = ? ORDER BY name";
    const plucked = db.prepare(sql).pluck();
    const rows = db.prepare(sql);
    expect(plucked.get("run")).toBe("a");
    expect(rows.get("run")).toEqual({ name: "a" });
  });

  it("lets a scope's transaction run beside another scope's, while one scope and the whole-database lock take turns", () => {
    const conninfo = cluster.createDatabase(`pg_database_${++databases}`);
    const [one, other] = [new PgDatabase(conninfo), new PgDatabase(conninfo)];
    const tries = (sql: string) => {
      const got = other.prepare(sql).pluck().get() as number;
      other.exec("SELECT pg_advisory_unlock_all()");
      return got;
    };
    const seen = one.scopedTransaction("site school-a", () => ({
      sameScope: tries(`SELECT pg_try_advisory_lock(${SCOPE_LOCKS}, ${scopeLockKey("site school-a")})`),
      otherScope: tries(`SELECT pg_try_advisory_lock(${SCOPE_LOCKS}, ${scopeLockKey("site school-b")})`),
      anotherScopedWriter: tries(`SELECT pg_try_advisory_lock_shared(${WRITE_LOCK})`),
      wholeDatabaseWriter: tries(`SELECT pg_try_advisory_lock(${WRITE_LOCK})`),
    }));
    expect(seen).toEqual({ sameScope: 0, otherScope: 1, anotherScopedWriter: 1, wholeDatabaseWriter: 0 });
    // Once it commits, everything is free again.
    expect(tries(`SELECT pg_try_advisory_lock(${WRITE_LOCK})`)).toBe(1);
    one.close();
    other.close();
  });

  it("leaves no transaction open when its locks cannot be taken, and the connection goes on", () => {
    const conninfo = cluster.createDatabase(`pg_database_${++databases}`);
    const [holder, waiter] = [new PgDatabase(conninfo), new PgDatabase(`${conninfo} options='-c lock_timeout=200'`)];
    holder.exec(`BEGIN; SELECT pg_advisory_xact_lock(${WRITE_LOCK})`);
    expect(() => waiter.transaction(() => 1).immediate()).toThrow(/lock timeout/);
    expect(() => waiter.scopedTransaction("site school-a", () => 1)).toThrow(/lock timeout/);
    expect(waiter.prepare("SELECT 1").pluck().get()).toBe(1);
    holder.exec("ROLLBACK");
    expect(waiter.transaction(() => waiter.prepare("SELECT 2").pluck().get()).immediate()).toBe(2);
    holder.close();
    waiter.close();
  });

  it("opens its sessions without JIT compilation, which costs the hub's short queries more than it saves", () => {
    expect(db.prepare("SELECT current_setting('jit')").pluck().get()).toBe("off");
  });

  it("plans every run of a prepared statement for its values, never one plan for any values", () => {
    db.exec(
      "CREATE TABLE planned (a int PRIMARY KEY, b text); INSERT INTO planned SELECT n, 'x' FROM generate_series(1, 100) n",
    );
    const read = db.prepare("SELECT b FROM planned WHERE a >= ? AND a < ?").pluck();
    for (let run = 0; run < 8; run++) expect(read.all(run, run + 2)).toEqual(["x", "x"].slice(run === 0 ? 1 : 0));
    const plans = db
      .prepare(
        `SELECT generic_plans AS generic, custom_plans AS custom FROM pg_prepared_statements
         WHERE statement LIKE 'SELECT b FROM planned%'`,
      )
      .get();
    expect(plans).toEqual({ generic: 0, custom: 8 });
  });

  it("runs several statements of DDL in one exec", () => {
    db.exec("CREATE TABLE first_table (a int); CREATE TABLE second_table (b int); INSERT INTO second_table VALUES (7)");
    expect(db.prepare("SELECT b FROM second_table").pluck().get()).toBe(7);
  });

  it("rolls a throwing transaction back whole, and a throwing nested one back to its savepoint", () => {
    const insert = db.prepare("INSERT INTO items (site_id, name) VALUES ('tx', ?)");
    const names = db.prepare("SELECT name FROM items WHERE site_id = 'tx' ORDER BY name").pluck();
    const inner = db.transaction((name: string) => {
      insert.run(name);
      throw new Error("inner fails");
    });
    const outer = db.transaction((fail: boolean) => {
      insert.run("outer");
      expect(() => inner("inner")).toThrow("inner fails");
      db.transaction(() => insert.run("nested"))();
      if (fail) throw new Error("outer fails");
      return "done";
    });
    expect(() => outer(true)).toThrow("outer fails");
    expect(names.all()).toEqual([]);
    expect(outer(false)).toBe("done");
    expect(names.all()).toEqual(["nested", "outer"]);
    // The immediate form (SQLite's write lock from the start) is the same transaction here.
    db.prepare("DELETE FROM items WHERE site_id = 'tx'").run();
    expect(() => outer.immediate(true)).toThrow("outer fails");
    expect(names.all()).toEqual([]);
    expect(outer.immediate(false)).toBe("done");
    expect(names.all()).toEqual(["nested", "outer"]);
  });

  it("reports a unique violation with its SQLSTATE and the unique flag, and the connection goes on", () => {
    const insert = db.prepare("INSERT INTO items (site_id, name) VALUES (?, ?)");
    insert.run("unique", "a");
    let error: unknown;
    try {
      insert.run("unique", "a");
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(PgError);
    expect(error).toMatchObject({ code: "23505", unique: true, constraint: "items_site_id_name_key" });
    expect(db.prepare("SELECT count(*) FROM items WHERE site_id = 'unique'").pluck().get()).toBe(1);
  });

  it("goes on with a transaction after a unique violation caught in a nested transaction (its savepoint)", () => {
    const insert = db.prepare("INSERT INTO items (site_id, name) VALUES ('caught', ?)");
    const insertUnlessPresent = db.transaction((name: string) => insert.run(name));
    const added = db.transaction(() => {
      insert.run("a");
      let duplicates = 0;
      try {
        insertUnlessPresent("a");
      } catch (error) {
        if ((error as PgError).unique) duplicates++;
        else throw error;
      }
      insert.run("b");
      return duplicates;
    })();
    expect(added).toBe(1);
    expect(db.prepare("SELECT name FROM items WHERE site_id = 'caught' ORDER BY name").pluck().all()).toEqual([
      "a",
      "b",
    ]);
  });

  it("reports other errors with their SQLSTATE, not as unique violations", () => {
    expect(() => db.prepare("SELECT * FROM no_such_table")).toThrow(
      expect.objectContaining({ code: "42P01", unique: false }),
    );
  });

  it("gives the same answers as SQLite to the same store-like statements", () => {
    const answers = (hub: HubDatabase) => {
      createItems(hub);
      const insert = hub.prepare("INSERT INTO items (site_id, name, hits) VALUES (@siteId, @name, @hits) RETURNING id");
      const ids = ["a", "b", "c"].map((name, i) => insert.run({ siteId: "s1", name, hits: i * 2 }).lastInsertRowid);
      const bump = hub.prepare("UPDATE items SET hits = hits + ?, note = ? WHERE site_id = ? AND hits >= ?");
      const record = hub.transaction(() => bump.run(10, "busy", "s1", 2).changes);
      return {
        ids: ids.map(Number),
        changed: record(),
        rows: hub.prepare(`SELECT name, hits, note, site_id AS "siteId" FROM items ORDER BY id`).all(),
        total: hub.prepare("SELECT SUM(hits) AS total, COUNT(*) AS n, MAX(note) AS note FROM items").get(),
        names: hub.prepare("SELECT name FROM items WHERE hits > ? ORDER BY name DESC").pluck().all(5),
        missing: hub.prepare("SELECT name FROM items WHERE id = ?").get(99),
      };
    };
    const sqlite = openDatabase(":memory:", 0);
    const postgres = freshDatabase();
    try {
      const onSqlite = answers(sqlite);
      expect(answers(postgres)).toEqual(onSqlite);
      expect(onSqlite.changed).toBe(2);
    } finally {
      sqlite.close();
      postgres.close();
    }
  });
});
