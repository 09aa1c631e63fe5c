import { describe, expect, it } from "vitest";
import { createMatchBuffer } from "./domain-matcher.ts";
import { listsFromEntries } from "./lists-from-entries.ts";
import { decodeSnapshot, encodeSnapshot, SnapshotError } from "./snapshot.ts";
import { testCategories } from "./test-categories.ts";

const original = listsFromEntries(testCategories(), [
  { id: "porn", kind: "block", category: "adult", entries: ["example.com", "adult.example"] },
  { id: "sex-ed", kind: "allow", allows: ["adult"], entries: ["health.example.com"] },
]);
const bytes = encodeSnapshot(original.matcher, original.meta);

function codeOf(damaged: Uint8Array): string {
  try {
    decodeSnapshot(damaged);
  } catch (error) {
    expect(error).toBeInstanceOf(SnapshotError);
    return (error as SnapshotError).code;
  }
  throw new Error("damaged snapshot was accepted");
}

describe("snapshots", () => {
  it("round-trip: the loaded matcher answers as the built one", () => {
    const loaded = decodeSnapshot(bytes);
    expect(loaded.meta).toEqual(original.meta);
    for (const name of ["example.com", "www.example.com", "health.example.com", "adult.example", "other.org"]) {
      expect(loaded.explain(name)).toEqual(original.explain(name));
      expect(loaded.matcher.matchName(name, createMatchBuffer())).toBe(
        original.matcher.matchName(name, createMatchBuffer()),
      );
    }
  });

  it("carries the lists' samples, and loads a snapshot built before samples were kept", () => {
    expect(decodeSnapshot(bytes).meta.lists[0]?.samples).toEqual(["example.com", "adult.example"]);
    const lists = original.meta.lists.map(({ samples: _, ...info }) => info);
    const older = decodeSnapshot(encodeSnapshot(original.matcher, { ...original.meta, lists }));
    expect(older.meta.lists[0]?.samples).toBeUndefined();
    expect(older.explain("example.com").blocking).toEqual(["adult"]);
  });

  it("loads from an unaligned copy", () => {
    const shifted = new Uint8Array(bytes.length + 3);
    shifted.set(bytes, 3);
    expect(decodeSnapshot(shifted.subarray(3)).explain("example.com").blocking).toEqual(["adult"]);
  });

  it.each([
    ["a truncated file", () => bytes.subarray(0, bytes.length - 8), "snapshot-truncated"],
    ["a file shorter than its header", () => bytes.subarray(0, 20), "snapshot-truncated"],
    [
      "a file that is not a snapshot",
      () => new TextEncoder().encode("0.0.0.0 example.com\n".repeat(10)),
      "snapshot-not-a-snapshot",
    ],
    ["another format version", () => withByte(8, 99), "snapshot-format"],
    [
      "a flipped byte in the table",
      () => withByte(bytes.length - 20, (bytes[bytes.length - 20] as number) ^ 1),
      "snapshot-corrupt",
    ],
    ["a changed hash seed", () => withByte(28, (bytes[28] as number) ^ 1), "snapshot-corrupt"],
    ["a flipped checksum byte", () => withByte(40, (bytes[40] as number) ^ 1), "snapshot-corrupt"],
  ])("rejects %s with a clear error", (_, damage, code) => {
    expect(codeOf(damage())).toBe(code);
  });

  it("carries a random seed per build and a content version independent of it", () => {
    const other = listsFromEntries(
      original.meta.categories,
      [
        { id: "porn", kind: "block", category: "adult", entries: ["example.com", "adult.example"] },
        { id: "sex-ed", kind: "allow", allows: ["adult"], entries: ["health.example.com"] },
      ],
      [1, 2],
    );
    expect(other.matcher.seedA).not.toBe(original.matcher.seedA);
    expect(other.explain("www.example.com")).toEqual(original.explain("www.example.com"));
  });
});

function withByte(at: number, value: number): Uint8Array {
  const copy = bytes.slice();
  copy[at] = value;
  return copy;
}
