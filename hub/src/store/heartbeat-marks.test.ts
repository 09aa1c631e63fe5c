import { describe, expect, it } from "vitest";
import { openTempStores, seedAgent } from "./temp-stores.ts";

const OFFLINE_SECONDS = 180;
const range = { sites: ["school-a"], from: "2026-11-23T00:00:00.000Z", to: "2026-11-24T00:00:00.000Z" };
const beatAt = (seconds: number) => new Date(Date.parse(range.from) + seconds * 1000);

/** A heartbeat body with its list update (`update` names it: "a" is an update at 01:00 that worked). */
const body = (update: string | null) =>
  JSON.stringify({
    queries: { resolved: 1 },
    lists: { builtAt: "2026-11-22T00:00:00.000Z" },
    listsUpdate: update
      ? { at: `2026-11-23T0${update === "a" ? 1 : 2}:00:00.000Z`, ok: update !== "b", errors: [] }
      : null,
    upstreams: [],
  });

describe("ReportStore.heartbeatMarks", () => {
  it.each([
    {
      name: "a beat a minute: the first and the last only",
      beats: [0, 60, 120, 180, 240].map((at) => ({ at, update: null })),
      marks: [0, 240],
    },
    {
      // 180 s is not a silence, but the test runs a second under it so that the report decides; 179 s is not one.
      name: "the beat after each silence longer than a second under the threshold",
      beats: [0, 180, 359, 540, 570].map((at) => ({ at, update: null })),
      marks: [0, 180, 540, 570],
    },
    {
      name: "the first beat of each run of one list update, a run that comes back included",
      beats: [null, "a", "a", "b", "b", "a", null].map((update, n) => ({ at: n * 60, update })),
      marks: [0, 60, 180, 300, 360],
    },
    {
      // A silence that began before the period is measured from the period's start by the report.
      name: "the first beat of the period has no beat before it, whatever came before the period",
      beats: [-600, 0, 60, 120].map((at) => ({ at, update: null })),
      marks: [0, 120],
    },
  ])("$name", ({ beats, marks }) => {
    const { stores } = openTempStores();
    const agent = seedAgent(stores);
    for (const beat of beats)
      stores.fleet.recordHeartbeat(agent, beatAt(beat.at).toISOString(), body(beat.update), "school-a", []);
    const rows = stores.reportData.heartbeatMarks(range, OFFLINE_SECONDS);
    expect(rows.map((r) => (Date.parse(String(r.at)) - Date.parse(range.from)) / 1000)).toEqual(marks);
    // Each mark's silence before it: none for the period's first, else back to the beat before.
    expect(rows.map((r) => (r.gapMs === null ? null : Number(r.gapMs) / 1000))).toEqual(
      marks.map((at, n) => {
        const before = beats[beats.findIndex((b) => b.at === at) - 1];
        return n === 0 || !before ? null : at - before.at;
      }),
    );
    stores.close();
  });
});
