import { describe, expect, it } from "vitest";
import { createMatchBuffer } from "./domain-matcher.ts";
import { listsFromEntries } from "./lists-from-entries.ts";
import { testCategories } from "./test-categories.ts";

const lists = listsFromEntries(testCategories(), [
  { id: "csam-feed", kind: "block", category: "illegal", entries: ["abuse.example", "hidden.host.example"] },
  {
    id: "porn",
    kind: "block",
    category: "adult",
    entries: ["example.com", "porn.blogspot.com", "adult.example", "abuse.example"],
  },
  { id: "bets", kind: "block", category: "gambling", entries: ["casino.example", "adult.example"] },
  { id: "social", kind: "block", category: "social", entries: ["social.example"] },
  { id: "sex-ed", kind: "allow", allows: ["adult"], entries: ["health.example.com", "blogspot.com", "abuse.example"] },
  { id: "everything", kind: "allow", allows: ["*"], entries: ["hidden.host.example", "casino.example"] },
]);

function wire(name: string): Uint8Array {
  const bytes: number[] = [];
  for (const label of name.split(".")) bytes.push(label.length, ...new TextEncoder().encode(label));
  return new Uint8Array([...bytes, 0]);
}

describe("matching on label boundaries", () => {
  it.each([
    ["example.com", ["example.com"]],
    ["a.b.example.com", ["example.com"]],
    ["badexample.com", []],
    ["com", []],
    ["example.co", []],
    ["xexample.com", []],
    ["example.com.", ["example.com"]],
    ["EXAMPLE.Com", ["example.com"]],
    ["porn.blogspot.com", ["porn.blogspot.com"]],
    ["www.porn.blogspot.com", ["porn.blogspot.com"]],
    ["other.blogspot.com", []],
  ])("%s matches %j", (name, rules) => {
    const found = lists
      .explain(name)
      .categories.filter((c) => c.list === "porn")
      .map((c) => c.rule);
    expect(found).toEqual(rules);
  });
});

describe("allow and block", () => {
  it.each([
    ["an allow at the same suffix overrides", "health.example.com", [], "sex-ed"],
    ["an allow below the block overrides for its subtree", "a.health.example.com", [], "sex-ed"],
    ["the block still applies beside the allow", "news.example.com", ["adult"], null],
    ["an allow above a block does not unblock it", "porn.blogspot.com", ["adult"], null],
    ["an allow only covers its categories", "adult.example", ["adult", "gambling"], null],
    ["a wildcard allow covers unlocked categories", "casino.example", [], "everything"],
    ["a locked category is never allowed", "abuse.example", ["illegal"], "sex-ed"],
    ["a locked category ignores a wildcard allow", "hidden.host.example", ["illegal"], null],
    ["no match", "school.example.org", [], null],
  ])("%s", (_, name, blocking, allowList) => {
    const explanation = lists.explain(name);
    expect(explanation.blocking).toEqual(blocking);
    expect(explanation.allowedBy?.list ?? null).toBe(allowList);
  });

  it("reports every category on a name, with the rule and whether it is locked", () => {
    const explanation = lists.explain("www.abuse.example");
    expect(explanation.categories).toEqual([
      { id: "illegal", list: "csam-feed", listVersion: "in-memory", rule: "abuse.example", locked: true },
      { id: "adult", list: "porn", listVersion: "in-memory", rule: "abuse.example", locked: false },
    ]);
  });

  it("applies each default group's actions", () => {
    const social = lists.explain("social.example");
    expect(lists.blocksFor("student", social)).toBe(true);
    expect(lists.blocksFor("staff", social)).toBe(false);
    expect(lists.blocksFor("staff", lists.explain("abuse.example"))).toBe(true);
  });
});

describe("lookups on DNS wire bytes", () => {
  it.each(["example.com", "a.B.Example.COM", "health.example.com", "badexample.com", "casino.example", "x"])(
    "%s gives the same matches as the string lookup",
    (name) => {
      const fromString = createMatchBuffer();
      const fromWire = createMatchBuffer();
      const bytes = wire(name);
      const count = lists.matcher.matchName(name, fromString);
      expect(lists.matcher.matchWire(bytes, 0, fromWire)).toBe(count);
      for (let m = 0; m < count; m++) expect(fromWire[2 * m]).toBe(fromString[2 * m]);
    },
  );

  it("reads a name at an offset inside a packet", () => {
    const packet = new Uint8Array([1, 2, 3, ...wire("porn.blogspot.com"), 0, 1, 0, 1]);
    expect(lists.matcher.matchWire(packet, 3, createMatchBuffer())).toBe(
      lists.matcher.matchName("porn.blogspot.com", createMatchBuffer()),
    );
    expect(lists.matcher.matchName("porn.blogspot.com", createMatchBuffer())).toBe(2);
  });

  it.each([
    ["label length over 63", new Uint8Array([64, ...new Uint8Array(64), 0])],
    ["compression pointer", new Uint8Array([0xc0, 12])],
    ["runs off the buffer", new Uint8Array([7, 101, 120])],
    ["no terminating zero", new Uint8Array([3, 99, 111, 109])],
    ["longer than 255 bytes", new Uint8Array([...Array.from({ length: 130 }, () => [1, 97]).flat(), 0])],
  ])("rejects a malformed name: %s", (_, bytes) => {
    expect(lists.matcher.matchWire(bytes, 0, createMatchBuffer())).toBe(-1);
  });
});
