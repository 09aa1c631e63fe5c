import { afterEach, describe, expect, it } from "vitest";
import type { ReportDocument } from "../domain/report-document.ts";
import type { AlertSender } from "../services/alert-sender.ts";
import { openTwoHubs } from "../testing/two-hubs.ts";
import { ReportScheduler } from "./report-scheduler.ts";

let hubs: ReturnType<typeof openTwoHubs>;
afterEach(() => hubs.close());

/** Each hub's scheduler as its process builds it, recording what it emails instead of sending it. */
function schedulerOf(hub: ReturnType<typeof openTwoHubs>["a"], sent: string[][]) {
  const sender = { report: async (to: string[]) => void sent.push(to) } as unknown as AlertSender;
  const body = { introduction: "The week at school." } as ReportDocument;
  return new ReportScheduler({
    stores: hub.services.stores,
    generate: () => ({ id: 1, title: "DSL digest", body }),
    sender,
    publicUrl: "https://hub.school.test",
    auditHead: () => hub.services.audit.head(),
    zoneOf: () => "Europe/London",
    log: hub.services.log,
    leases: hub.services.jobLeases,
  });
}

describe("report schedules over two hub processes", () => {
  it("send one email when both processes' clocks fire the same slot, and one for the next slot", async () => {
    hubs = openTwoHubs();
    const { a, b } = hubs;
    await a.services.users.create({
      email: "dsl@school.test",
      name: "DSL",
      role: "dsl",
      sites: null,
      password: "a long enough password",
    });
    const sent: string[][] = [];
    const [first, second] = [schedulerOf(a, sent), schedulerOf(b, sent)];
    const schedule = first.store({ kind: "dsl-digest", cron: "0 7 * * 1", roles: ["dsl"], sites: [] }, "test");
    const monday = new Date("2026-11-23T07:00:00.120Z");
    const results = await Promise.all([
      first.fire(schedule, monday),
      second.fire(schedule, new Date("2026-11-23T07:00:00.950Z")),
    ]);
    expect(sent).toEqual([["dsl@school.test"]]);
    expect(results.map((r) => r.length).sort()).toEqual([0, 1]);
    await second.fire(schedule, new Date("2026-11-30T07:00:00.000Z"));
    expect(sent).toHaveLength(2);
  });

  it("send nothing for a schedule the other process stopped since this one started its task", async () => {
    hubs = openTwoHubs();
    const { a, b } = hubs;
    await a.services.users.create({
      email: "dsl@school.test",
      name: "DSL",
      role: "dsl",
      sites: null,
      password: "a long enough password",
    });
    const sent: string[][] = [];
    const [first, second] = [schedulerOf(a, sent), schedulerOf(b, sent)];
    const schedule = first.store({ kind: "dsl-digest", cron: "0 7 * * 1", roles: ["dsl"], sites: [] }, "test");
    second.remove(schedule.id);
    expect(await first.fire(schedule, new Date("2026-11-23T07:00:00Z"))).toEqual([]);
    expect(sent).toEqual([]);
  });

  it("start, move and stop on one process the schedules the other added, changed and removed", async () => {
    hubs = openTwoHubs();
    const [first, second] = [schedulerOf(hubs.a, []), schedulerOf(hubs.b, [])];
    second.start();
    try {
      const schedule = first.store({ kind: "dsl-digest", cron: "0 7 * * 1", roles: ["dsl"], sites: [] }, "test");
      expect(second.scheduled()).toEqual([]);
      second.resync();
      expect(second.scheduled()).toEqual([{ id: schedule.id, cron: "0 7 * * 1" }]);
      first.update(schedule.id, { cron: "0 8 * * 1", roles: ["dsl"] });
      second.resync();
      expect(second.scheduled()).toEqual([{ id: schedule.id, cron: "0 8 * * 1" }]);
      first.remove(schedule.id);
      second.resync();
      expect(second.scheduled()).toEqual([]);
    } finally {
      second.stop();
    }
  });
});
