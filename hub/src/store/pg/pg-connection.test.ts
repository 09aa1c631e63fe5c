import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasPostgres, type PostgresCluster, startPostgresCluster } from "../../testing/postgres-cluster.ts";
import { copyText } from "./copy-text.ts";
import { heldClosedBindings, PgConnection } from "./pg-connection.ts";
import { PgError } from "./pg-error.ts";

/** Resolves from a server's close callback: what follows runs at the end of a turn of the event loop. */
const atTheEndOfATurn = () =>
  new Promise<void>((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => server.close(() => resolve()));
  });

describe.skipIf(!hasPostgres())("PgConnection closing", () => {
  let cluster: PostgresCluster;
  let conninfo: string;

  beforeAll(async () => {
    cluster = await startPostgresCluster();
    conninfo = cluster.createDatabase("pg_connection");
  });
  afterAll(() => cluster?.stop());

  it("holds a closed binding until libuv has closed its socket watcher, however long the turn runs on", async () => {
    await atTheEndOfATurn();
    // Closed at the end of a turn, the watcher is closed at the end of the next one.
    new PgConnection(conninfo).close();
    expect(heldClosedBindings()).toBe(1);
    // Runs among the next turn's timers, before that turn's end, when the rest of this turn took over 100 ms.
    const heldAtTheNextTurnsTimers = new Promise((resolve) => setTimeout(() => resolve(heldClosedBindings()), 100));
    const start = Date.now();
    while (Date.now() - start < 150);
    expect(await heldAtTheNextTurnsTimers).toBe(1);
    for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setImmediate(resolve));
    expect(heldClosedBindings()).toBe(0);
  });
});

describe.skipIf(!hasPostgres())("PgConnection copying in", () => {
  let cluster: PostgresCluster;
  let connection: PgConnection;

  beforeAll(async () => {
    cluster = await startPostgresCluster();
    connection = new PgConnection(cluster.createDatabase("pg_copy"));
    connection.exec("CREATE TABLE t (id integer PRIMARY KEY, note text)");
  });
  afterAll(() => {
    connection?.close();
    cluster?.stop();
  });

  it("copies rows in and says how many", () => {
    expect(
      connection.copyIn(
        "COPY t (id, note) FROM STDIN",
        copyText([
          [1, "a\tb"],
          [2, null],
        ]),
      ),
    ).toBe(2);
    expect(connection.exec("SELECT id, note FROM t ORDER BY id").rows).toEqual([
      [1, "a\tb"],
      [2, null],
    ]);
  });

  it("fails whole on a refused row, with its SQLSTATE, and the connection runs the next statement", () => {
    const copy = () =>
      connection.copyIn(
        "COPY t (id, note) FROM STDIN",
        copyText([
          [3, "new"],
          [1, "again"],
        ]),
      );
    expect(copy).toThrow(PgError);
    expect(copy).toThrow(expect.objectContaining({ code: "23505" }));
    expect(() => connection.copyIn("COPY t (id, note) FROM STDIN", "x\tnot a number\n")).toThrow(
      expect.objectContaining({ code: "22P02" }),
    );
    expect(connection.exec("SELECT COUNT(*) FROM t").rows).toEqual([[2]]);
  });

  it("runs a statement that is not a COPY as any other", () => {
    expect(connection.copyIn("DELETE FROM t WHERE id = 2", "")).toBe(1);
  });
});
