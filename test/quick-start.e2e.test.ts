import { spawnSync } from "node:child_process";
import { Resolver } from "node:dns/promises";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PgDatabase } from "@fenceline/hub/src/store/pg/pg-database.ts";
import { hasPostgres, startPostgresCluster } from "@fenceline/hub/src/testing/postgres-cluster.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { QuickStartRun } from "./support/quick-start-run.ts";
import { TestUpstream } from "./support/test-upstream.ts";

const hubBin = new URL("../hub/bin/fenceline-hub.mjs", import.meta.url).pathname;
const run = new QuickStartRun();
const ports = run.ports;
const waitFor = (pattern: RegExp, timeoutMs: number) => run.waitFor(pattern, timeoutMs);
let upstream: TestUpstream;

beforeAll(async () => {
  upstream = await new TestUpstream().start();
  // No internet here: the lists come from a local mirror holding one list.
  mkdirSync(join(run.work, "mirror", "ut1"), { recursive: true });
  writeFileSync(join(run.work, "mirror", "ut1", "agressif.txt"), "hate-site.test\n");
  await run.start({ FENCELINE_MIRROR: join(run.work, "mirror"), FENCELINE_UPSTREAM: upstream.url });
}, 30_000);

afterAll(async () => {
  run.kill();
  await upstream.stop();
});

describe("./run start: all of Fenceline on embedded defaults", () => {
  let password = "";

  it("comes up, printing the dashboard address and the first administrator's one-time password", async () => {
    await waitFor(/Fenceline is running/, 90_000);
    expect(run.output).toContain(`Dashboard:  http://127.0.0.1:${ports.hub}/`);
    expect(run.output).not.toMatch(/No list could be fetched|Lists: +none yet/);
    password = (await waitFor(/one-time password: (\S+)/, 5000))[1] as string;
    expect(password.length).toBeGreaterThanOrEqual(16);
  }, 100_000);

  it("filters DNS, ships the flagged look-up to the hub, and lets the administrator sign in to see it", async () => {
    const resolver = new Resolver({ timeout: 2000, tries: 3 });
    resolver.setServers([`127.0.0.1:${ports.dns}`]);
    let answered = false;
    for (let i = 0; i < 50 && !answered; i++) {
      try {
        await resolver.resolve4("example.org");
        answered = true;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
    expect(await resolver.resolve4("example.org")).toEqual(["192.0.2.1"]);
    await expect(resolver.resolve4("hate-site.test")).rejects.toMatchObject({ code: "ENOTFOUND" });

    const hub = `http://127.0.0.1:${ports.hub}`;
    const login = await fetch(`${hub}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "admin@fenceline.local", password }),
    });
    expect(login.status).toBe(200);
    const cookie = (login.headers.get("set-cookie") as string).split(";")[0] as string;
    // The one-time password opens nothing until it is changed.
    const { csrf, mustChangePassword } = (await login.json()) as { csrf: string; mustChangePassword: boolean };
    expect(mustChangePassword).toBe(true);
    expect((await fetch(`${hub}/api/events`, { headers: { cookie } })).status).toBe(403);
    const changed = await fetch(`${hub}/api/me/password`, {
      method: "POST",
      headers: { cookie, "x-csrf-token": csrf, "content-type": "application/json" },
      body: JSON.stringify({ current: password, next: "harbour lantern by the gateway" }),
    });
    expect(changed.status).toBe(204);
    let names: string[] = [];
    for (let i = 0; i < 50 && !names.includes("hate-site.test"); i++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const events = (await (await fetch(`${hub}/api/events`, { headers: { cookie } })).json()) as {
        events: { name: string }[];
      };
      names = events.events.map((e) => e.name);
    }
    expect(names).toContain("hate-site.test");
    expect((await fetch(`${hub}/`, { headers: { cookie } })).status).toBe(200);
  }, 30_000);

  it("stops cleanly on Ctrl-C", async () => {
    expect(await run.interrupt()).toBe(0);
    await waitFor(/Fenceline stopped\./, 1000);
  }, 20_000);

  it.skipIf(!hasPostgres())(
    "moves its hub database to PostgreSQL with migrate-store: every row, the audit chain verified on the copy",
    async () => {
      const cluster = await startPostgresCluster();
      try {
        const copy = cluster.createDatabase("quick_start");
        const from = join(run.work, "var", "hub.sqlite");
        const moved = spawnSync(process.execPath, [hubBin, "migrate-store", "--from", from, "--to", copy], {
          encoding: "utf8",
          timeout: 60_000,
        });
        expect(moved.stderr).toBe("");
        expect(moved.status).toBe(0);
        expect(moved.stdout).toMatch(/audit chain on SQLite: intact/);
        expect(moved.stdout).toMatch(/audit chain on PostgreSQL: intact/);
        // The command printed both sides' counts and exits 0 only when every table's are equal.
        const counts = (side: string) =>
          (moved.stdout.split(`${side}:\n`)[1] ?? "")
            .split(/\n(?! )/)[0]
            ?.trim()
            .split("\n") ?? [];
        expect(counts("PostgreSQL")).toEqual(counts("SQLite"));
        expect(counts("SQLite").length).toBeGreaterThan(20);
        const target = new PgDatabase(copy);
        try {
          const shipped = target.prepare("SELECT count(*) FROM events WHERE name = 'hate-site.test'").pluck().get();
          expect(shipped).toBeGreaterThanOrEqual(1);
          expect(target.prepare("SELECT count(*) FROM users").pluck().get()).toBe(1);
        } finally {
          target.close();
        }
      } finally {
        cluster.stop();
      }
    },
    120_000,
  );
});
