import { describe, expect, it } from "vitest";
import { readForAllSites } from "./site-reads.ts";

describe("a report's per-site reads", () => {
  it("reads all the report's sites once per arguments, and a site outside the report on its own", () => {
    const asked: string[] = [];
    const read = readForAllSites(["a", "b", "c"], (ids, day: string) => {
      asked.push(`${ids.join("+")}@${day}`);
      return new Map(ids.filter((id) => id !== "c").map((id) => [id, [`${id} on ${day}`]]));
    });
    expect(read("a", "mon")).toEqual(["a on mon"]);
    expect(read("b", "mon")).toEqual(["b on mon"]);
    expect(read("c", "mon")).toEqual([]);
    expect(read("b", "tue")).toEqual(["b on tue"]);
    expect(read("z", "mon")).toEqual(["z on mon"]);
    expect(asked).toEqual(["a+b+c@mon", "a+b+c@tue", "z@mon"]);
  });
});
