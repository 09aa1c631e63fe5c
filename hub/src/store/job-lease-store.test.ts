import { afterEach, describe, expect, it } from "vitest";
import { openTestStores } from "../testing/test-stores.ts";
import { openTempStores } from "./temp-stores.ts";

const T = Date.parse("2026-11-23T10:00:00Z");
let close: () => void = () => {};
afterEach(() => close());

/** Two connections to one file, as two hub processes have. */
function twoConnections() {
  const { stores: first, file } = openTempStores();
  const second = openTestStores(file);
  close = () => {
    first.close();
    second.close();
  };
  return [first, second] as const;
}

describe("JobLeaseStore", () => {
  it("gives a lease to one holder at a time, across connections; its holder may renew it", () => {
    const [{ jobLeases: a }, { jobLeases: b }] = twoConnections();
    expect(a.tryAcquire("sweep:digests", "hub-1", 60_000, T)).toBe(true);
    expect(b.tryAcquire("sweep:digests", "hub-2", 60_000, T + 1)).toBe(false);
    expect(a.tryAcquire("sweep:digests", "hub-1", 60_000, T + 2)).toBe(true);
    expect(b.holder("sweep:digests")).toEqual({ holder: "hub-1", expiresAt: T + 2 + 60_000 });
    // Another job's lease is another matter.
    expect(b.tryAcquire("retention", "hub-2", 60_000, T)).toBe(true);
  });

  it("lets another holder take an expired lease, and only the holder release it", () => {
    const [{ jobLeases: a }, { jobLeases: b }] = twoConnections();
    a.tryAcquire("retention", "hub-1", 60_000, T);
    expect(b.tryAcquire("retention", "hub-2", 60_000, T + 59_999)).toBe(false);
    expect(b.tryAcquire("retention", "hub-2", 60_000, T + 60_000)).toBe(true);
    // The first holder, late, cannot release what it no longer holds.
    a.release("retention", "hub-1");
    expect(a.tryAcquire("retention", "hub-1", 60_000, T + 60_001)).toBe(false);
    b.release("retention", "hub-2");
    expect(a.tryAcquire("retention", "hub-1", 60_000, T + 60_002)).toBe(true);
  });

  it("lets one claimant have each report firing", () => {
    const [first, second] = twoConnections();
    const [a, b] = [first.jobLeases, second.jobLeases];
    const at = new Date(T);
    const id = first.reports.insertSchedule({
      ...{ kind: "weekly-ict", cron: "0 7 * * 1", sites: [], roles: ["ict-admin"] },
      ...{ createdBy: "test", createdAt: at.toISOString() },
    });
    expect(a.claimSlot(id, "2026-11-23T10:00:00.000Z", "hub-1", at)).toBe(true);
    expect(b.claimSlot(id, "2026-11-23T10:00:00.000Z", "hub-2", at)).toBe(false);
    expect(b.claimSlot(id, "2026-11-30T10:00:00.000Z", "hub-2", at)).toBe(true);
  });
});
