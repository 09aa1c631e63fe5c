import { describe, expect, it } from "vitest";
import { QueryCountDeltas } from "./query-counts.ts";

const reading = (entries: [string, string, string, number][]) =>
  entries.map(([outcome, group, label, count]) => ({ outcome, group, label, count }));

describe("QueryCountDeltas", () => {
  it("gives the look-ups since the last reading per outcome, group and label, with totals per outcome", () => {
    const deltas = new QueryCountDeltas();
    const first = deltas.take(
      reading([
        ["blocked", "students", "adult", 2],
        ["blocked", "staff", "adult", 1],
        ["resolved", "students", "udp://127.0.0.1:53", 5],
      ]),
    );
    expect(first.byOutcome).toEqual({ blocked: 3, resolved: 5 });
    expect(first.counts).toEqual([
      { outcome: "blocked", group: "students", label: "adult", n: 2 },
      { outcome: "blocked", group: "staff", label: "adult", n: 1 },
      { outcome: "resolved", group: "students", label: "udp://127.0.0.1:53", n: 5 },
    ]);
    const second = deltas.take(
      reading([
        ["blocked", "students", "adult", 2],
        ["blocked", "staff", "adult", 4],
        ["resolved", "students", "udp://127.0.0.1:53", 5],
      ]),
    );
    expect(second).toEqual({
      byOutcome: { blocked: 3 },
      counts: [{ outcome: "blocked", group: "staff", label: "adult", n: 3 }],
    });
  });
});
