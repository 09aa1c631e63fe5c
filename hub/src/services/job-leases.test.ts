import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { openTempStores } from "../store/temp-stores.ts";
import { openTestStores } from "../testing/test-stores.ts";
import { AlertSweeper } from "./alert-sweeper.ts";
import { JobLeases } from "./job-leases.ts";

let close: () => void = () => {};
afterEach(() => close());

/** Two processes' leases over one database file, on one clock the test moves. */
function twoProcesses() {
  const { stores: first, file } = openTempStores();
  const second = openTestStores(file);
  close = () => {
    first.close();
    second.close();
  };
  const clock = { now: new Date("2026-11-23T10:00:00Z") };
  return {
    clock,
    a: new JobLeases(first.jobLeases, () => clock.now),
    b: new JobLeases(second.jobLeases, () => clock.now),
  };
}

/** Work that runs until the test lets it end. */
function heldWork() {
  let finish: () => void = () => {};
  const done = new Promise<number>((resolve) => {
    finish = () => resolve(1);
  });
  return { run: () => done, finish: () => finish() };
}

describe("JobLeases", () => {
  it("runs a job in one process at a time, and lets the other run it once it is given up", async () => {
    const { a, b } = twoProcesses();
    const work = heldWork();
    const first = a.run("sweep:digests", 60_000, work.run);
    expect(await b.run("sweep:digests", 60_000, () => 2)).toEqual({ ran: false });
    work.finish();
    expect(await first).toEqual({ ran: true, result: 1 });
    expect(await b.run("sweep:digests", 60_000, () => 2)).toEqual({ ran: true, result: 2 });
  });

  it("keeps a kept lease past the run, until it expires: one run per firing", async () => {
    const { a, b, clock } = twoProcesses();
    expect(await a.run("retention", 60_000, () => 1, true)).toEqual({ ran: true, result: 1 });
    expect(await b.run("retention", 60_000, () => 2, true)).toEqual({ ran: false });
    clock.now = new Date(clock.now.getTime() + 60_000);
    expect(await b.run("retention", 60_000, () => 2, true)).toEqual({ ran: true, result: 2 });
  });

  it("gives a lease up when the work fails", async () => {
    const { a, b } = twoProcesses();
    await expect(
      a.run("sweep:fleet", 60_000, () => {
        throw new Error("smtp down");
      }),
    ).rejects.toThrow("smtp down");
    expect(await b.run("sweep:fleet", 60_000, () => 3)).toEqual({ ran: true, result: 3 });
  });
});

describe("AlertSweeper with leases", () => {
  it("leaves a task to the process already running it, and runs the others", async () => {
    const { a, b } = twoProcesses();
    const log = pino({ level: "silent" });
    const slow = heldWork();
    const ran: string[] = [];
    const task = (name: string, who: string, run?: () => Promise<number>) => ({
      name,
      run:
        run ??
        (async () => {
          ran.push(`${who}:${name}`);
          return 0;
        }),
    });
    const first = new AlertSweeper([task("digests", "a", slow.run)], 30_000, log, a);
    const second = new AlertSweeper([task("digests", "b"), task("fleet", "b")], 30_000, log, b);
    const sweeping = first.sweep();
    await second.sweep();
    expect(ran).toEqual(["b:fleet"]);
    slow.finish();
    await sweeping;
    await second.sweep();
    expect(ran).toEqual(["b:fleet", "b:digests", "b:fleet"]);
  });
});
