import { describe, expect, it } from "vitest";
import { ThreadFigures } from "./thread-figures.ts";

describe("thread figures", () => {
  it("hands a worker's figures to the main thread's in one report, then starts again from zero", () => {
    const main = new ThreadFigures();
    const worker = new ThreadFigures();
    for (const figures of [main, worker]) {
      figures.query("blocked", "adult", "students", 0.0002);
      figures.upstream("udp://a", 0.004, "ok");
      figures.malformed("formerr");
      figures.truncated();
    }
    worker.query("resolved", "udp://a", "staff", 0.03);
    worker.upstream("udp://a", 3, "timeout");
    const report = worker.take();
    expect(report).not.toBeNull();
    main.add(report as NonNullable<typeof report>);

    const counts = [...main.queries.cells()].map((c) => `${c.outcome}/${c.group}=${c.count}`).sort();
    expect(counts).toEqual(["blocked/students=2", "resolved/staff=1"]);
    const blocked = main.queries.durationsByOutcome().get("blocked");
    expect({ count: blocked?.count, bucket: blocked?.buckets[1] }).toEqual({ count: 2, bucket: 2 });
    expect(main.queries.durationsByOutcome().get("resolved")?.count).toBe(1);
    const upstream = main.upstreams.get("udp://a");
    expect(upstream?.get("ok")?.count).toBe(2);
    expect(upstream?.get("ok")?.sum).toBeCloseTo(0.008, 6);
    expect(upstream?.get("timeout")?.count).toBe(1);
    expect(main.malformedPackets).toEqual({ drop: 0, formerr: 2, notimp: 0 });
    expect(main.truncatedAnswers).toBe(2);

    // Taken once: a second take has nothing, so nothing is counted twice.
    expect(worker.take()).toBeNull();
    worker.malformed("drop");
    expect(worker.take()).toMatchObject({ counts: [], upstreams: [], malformed: { drop: 1 }, truncated: 0 });
  });
});
