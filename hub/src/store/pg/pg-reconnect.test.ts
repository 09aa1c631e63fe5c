import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasPostgres, type PostgresCluster, startPostgresCluster } from "../../testing/postgres-cluster.ts";
import { PgDatabase } from "./pg-database.ts";
import { isConnectionFailure, PgError } from "./pg-error.ts";

/**
 * The hub's connection when the server goes away under it (here: its backend terminated, as a
 * restart or failover does): the statement that finds out fails as a connection failure, and the
 * next one connects again, its prepared statements prepared afresh; a transaction that loses its
 * connection fails whole and keeps nothing.
 */
describe.skipIf(!hasPostgres())("PgDatabase when the server drops its connection", () => {
  let cluster: PostgresCluster;
  let db: PgDatabase;
  let admin: PgDatabase;
  const dropConnection = () => {
    const pid = db.prepare("SELECT pg_backend_pid()").pluck().get();
    admin.prepare("SELECT pg_terminate_backend(?::integer)").get(pid);
  };
  const failure = (work: () => unknown): unknown => {
    try {
      work();
    } catch (error) {
      return error;
    }
    throw new Error("expected a failure");
  };

  beforeAll(async () => {
    cluster = await startPostgresCluster();
    const conninfo = cluster.createDatabase("reconnect");
    db = new PgDatabase(conninfo);
    admin = new PgDatabase(conninfo);
    db.exec("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
  }, 60_000);
  afterAll(() => {
    db?.close();
    admin?.close();
    cluster?.stop();
  });

  it("fails the statement that finds the connection gone, then connects again for the next", () => {
    const insert = db.prepare("INSERT INTO items (id, name) VALUES (?, ?)");
    const count = db.prepare("SELECT count(*) FROM items").pluck();
    insert.run(1, "before");
    const before = db.prepare("SELECT pg_backend_pid()").pluck().get();
    dropConnection();
    const error = failure(() => count.get());
    expect(error).toBeInstanceOf(PgError);
    expect(isConnectionFailure(error)).toBe(true);
    // Statements prepared on the lost connection work on the new one.
    insert.run(2, "after");
    expect(count.get()).toBe(2);
    expect(db.prepare("SELECT pg_backend_pid()").pluck().get()).not.toBe(before);
  });

  it("fails a transaction whose connection is lost, keeping none of it, and the next one works", () => {
    const insert = db.prepare("INSERT INTO items (id, name) VALUES (?, ?)");
    const store = db.transaction((ids: number[], drop: boolean) => {
      insert.run(ids[0], "first");
      if (drop) dropConnection();
      insert.run(ids[1], "second");
    });
    const error = failure(() => store([10, 11], true));
    expect(isConnectionFailure(error)).toBe(true);
    expect(db.prepare("SELECT count(*) FROM items WHERE id >= 10").pluck().get()).toBe(0);
    store([10, 11], false);
    expect(db.prepare("SELECT count(*) FROM items WHERE id >= 10").pluck().get()).toBe(2);
  });

  it("fails a transaction begun on a connection that is already gone, and the next one works", () => {
    const insert = db.prepare("INSERT INTO items (id, name) VALUES (?, ?)");
    const store = db.transaction((id: number) => insert.run(id, "in a transaction"));
    dropConnection();
    expect(isConnectionFailure(failure(() => store.immediate(20)))).toBe(true);
    store.immediate(21);
    expect(db.prepare("SELECT id FROM items WHERE id >= 20").pluck().all()).toEqual([21]);
  });
});
