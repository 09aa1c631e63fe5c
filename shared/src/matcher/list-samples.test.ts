import { describe, expect, it } from "vitest";
import { isSampleHost, SpreadSampler } from "./list-samples.ts";
import { listsFromEntries } from "./lists-from-entries.ts";
import { testCategories } from "./test-categories.ts";

const names = (count: number) => Array.from({ length: count }, (_, i) => `site${i}.example`);
const sample = (list: readonly string[], max?: number) => {
  const sampler = new SpreadSampler(list.length, max);
  for (const name of list) sampler.offer(() => name);
  return sampler.samples();
};

describe("list samples", () => {
  it("spreads over the whole list, the same way every time", () => {
    const list = names(100);
    expect(sample(list)).toEqual([
      "site0.example",
      "site20.example",
      "site40.example",
      "site60.example",
      "site80.example",
    ]);
    expect(sample(list)).toEqual(sample(list));
  });

  it("takes every valid name of a short list, and skips names that are not plain hosts", () => {
    expect(sample(["a.example", "10.0.0.1", "*.wild.example", "b.example"])).toEqual(["a.example", "b.example"]);
    expect(sample(["bad_", "-x.example", "ok.example"], 1)).toEqual(["ok.example"]);
  });

  it("accepts plain host names only", () => {
    expect(isSampleHost("www.bbc.co.uk")).toBe(true);
    expect(isSampleHost("localhost")).toBe(false);
    expect(isSampleHost("1.2.3.4")).toBe(false);
    expect(isSampleHost(`${"a".repeat(64)}.example`)).toBe(false);
  });

  it("are kept for unlocked block lists only: never for a locked category or an allow list", () => {
    const lists = listsFromEntries(testCategories(), [
      { id: "porn", kind: "block", category: "adult", entries: names(12) },
      { id: "iwf", kind: "block", category: "illegal", entries: ["secret.example"] },
      { id: "sex-ed", kind: "allow", allows: ["adult"], entries: ["health.example"] },
    ]);
    const [porn, iwf, allow] = lists.meta.lists;
    expect(porn?.samples).toHaveLength(5);
    expect(iwf?.samples).toBeUndefined();
    expect(allow?.samples).toBeUndefined();
    expect(JSON.stringify(lists.meta)).not.toContain("secret.example");
  });
});
