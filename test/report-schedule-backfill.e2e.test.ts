import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHub } from "@fenceline/hub/src/hub-app.ts";
import { openHubStores } from "@fenceline/hub/src/store/open-stores.ts";
import { grantToken } from "@fenceline/hub/src/testing/grant-token.ts";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { freePort } from "./support/free-port.ts";
import { runToExit } from "./support/run-to-exit.ts";

const hubBin = new URL("../hub/bin/fenceline-hub.mjs", import.meta.url).pathname;
const ADMIN = "fl_admin-token-for-schedule-backfill-01";

/** `fenceline-hub start` on `config` until /health answers; returns the process. */
async function start(config: string, url: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [hubBin, "start", "--config", config], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (chunk) => {
    stderr += chunk;
  });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the hub exited ${child.exitCode}: ${stderr}`);
    const healthy = await fetch(`${url}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (healthy) return child;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill("SIGKILL");
  throw new Error(`the hub did not answer /health: ${stderr}`);
}

/**
 * Stops the hub with SIGTERM; true if it exited by itself. A report task left running (a schedule
 * started twice, say) keeps it alive and would send its report twice: then it is killed.
 */
const stop = (child: ChildProcess) =>
  new Promise<boolean>((resolve) => {
    if (child.exitCode !== null) return resolve(true);
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      child.kill("SIGKILL");
    }, 10_000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve(!killed);
    });
    child.kill("SIGTERM");
  });

describe("the default schedules for sites made before, at the hub's start", () => {
  it("a site without them gets the four at the first start, once: a second start adds none", async () => {
    const work = mkdtempSync(join(tmpdir(), "fenceline-schedule-backfill-"));
    const database = join(work, "hub.sqlite");
    const stores = openHubStores(database);
    // Made below the actions, as a site made by an older version: no default schedules.
    createHub({ stores, log: pino({ level: "silent" }) }).services.enrolment.createSite("school-old", "Old School");
    grantToken(stores, ADMIN, "ict-admin");
    expect(stores.reports.schedules()).toEqual([]);
    stores.close();
    const url = `http://127.0.0.1:${await freePort()}`;
    const config = join(work, "hub.yaml");
    writeFileSync(config, `listen: "${url.slice(7)}"\ndatabase: ${database}\nlogLevel: fatal\n`);
    const kinds = async () => {
      const response = await fetch(`${url}/api/report-schedules`, { headers: { authorization: `Bearer ${ADMIN}` } });
      const { schedules } = (await response.json()) as { schedules: { kind: string; sites: string[] }[] };
      return schedules.map((s) => `${s.sites.join()} ${s.kind}`);
    };
    const expected = ["weekly-ict", "dsl-digest", "termly-incidents", "board-quarterly"].map((k) => `school-old ${k}`);
    for (const _run of [1, 2]) {
      const hub = await start(config, url);
      let listed: string[] = [];
      try {
        listed = await kinds();
      } finally {
        expect(await stop(hub)).toBe(true);
      }
      expect(listed).toEqual(expected);
    }
    const after = openHubStores(database);
    const audited = after.audit.page(0, 100, "report.schedule-defaults-added", null);
    after.close();
    expect(audited.map((e) => [e.actor, e.target])).toEqual([["system", "school-old"]]);
  }, 150_000);

  it("`fenceline-hub sites add` gives the new site its four schedules and exits", async () => {
    const work = mkdtempSync(join(tmpdir(), "fenceline-schedule-cli-"));
    const database = join(work, "hub.sqlite");
    const config = join(work, "hub.yaml");
    writeFileSync(config, `listen: "127.0.0.1:0"\ndatabase: ${database}\nlogLevel: fatal\n`);
    // A command that lingered (on the scheduler's timers, say) would be killed at the limit, and
    // exit with no code. The limit is generous: node starts slowly on a loaded machine.
    const { code } = await runToExit(
      hubBin,
      ["sites", "add", "--config", config, "school-new", "New", "School"],
      45_000,
    );
    expect(code).toBe(0);
    const stores = openHubStores(database);
    const kinds = stores.reports.schedules().map((s) => `${s.sites.join()} ${s.kind}`);
    stores.close();
    expect(kinds).toEqual(
      ["weekly-ict", "dsl-digest", "termly-incidents", "board-quarterly"].map((k) => `school-new ${k}`),
    );
  }, 90_000);
});
