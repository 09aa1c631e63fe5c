import { describe, expect, it } from "vitest";
import { cnameTargets } from "./cname-targets.ts";
import { readName } from "./read-name.ts";

const out = new Uint8Array(256);
const wire = (...labels: string[]) => [...labels.flatMap((l) => [l.length, ...Buffer.from(l)]), 0];

describe("CNAME targets in a response", () => {
  it("finds each CNAME's target and reads it through compression pointers, lower-cased", () => {
    // Header (1 question, 2 answers), question www.Example.test A IN, CNAME to cdn.<ptr to example.test>, A.
    const question = wire("www", "Example", "test");
    const bytes = Uint8Array.from([
      0,
      1,
      0x81,
      0x80,
      0,
      1,
      0,
      2,
      0,
      0,
      0,
      0,
      ...question,
      0,
      1,
      0,
      1,
      0xc0,
      12,
      0,
      5,
      0,
      1,
      0,
      0,
      0,
      60,
      0,
      6,
      3,
      ...Buffer.from("cdn"),
      0xc0,
      16,
      0xc0,
      12,
      0,
      1,
      0,
      1,
      0,
      0,
      0,
      60,
      0,
      4,
      192,
      0,
      2,
      1,
    ]);
    const targets = cnameTargets(bytes);
    expect(targets).toHaveLength(1);
    const length = readName(bytes, targets[0] as number, out);
    expect(Array.from(out.subarray(0, length))).toEqual(wire("cdn", "example", "test"));
  });

  it("refuses pointer loops, names past 255 bytes and names cut short, and survives garbage", () => {
    expect(readName(Uint8Array.from([0xc0, 0]), 0, out)).toBe(-1);
    expect(readName(Uint8Array.from([0xc0, 2, 0xc0, 0]), 0, out)).toBe(-1);
    const long = Uint8Array.from(
      Array.from({ length: 5 }, () => [63, ...new Array(63).fill(97)])
        .flat()
        .concat(0),
    );
    expect(readName(long, 0, out)).toBe(-1);
    expect(readName(Uint8Array.from([5, 97, 98]), 0, out)).toBe(-1);
    for (let i = 0; i < 2000; i++) {
      const junk = Uint8Array.from({ length: 12 + (i % 60) }, () => Math.floor(Math.random() * 256));
      for (const at of cnameTargets(junk)) readName(junk, at, out);
    }
  });
});
