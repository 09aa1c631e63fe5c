import { describe, expect, it } from "vitest";
import { z } from "zod";
import { issueLines } from "./zod-issues.ts";

const schema = z.strictObject({ listen: z.array(z.string()), nested: z.strictObject({ n: z.number() }) });

describe("issueLines", () => {
  it.each([
    ["the whole value", 42, ["(whole): Invalid input: expected object, received number"]],
    ["an array item", { listen: [1], nested: { n: 1 } }, ["listen.0: Invalid input: expected string, received number"]],
    [
      "a nested field",
      { listen: [], nested: { n: "x" } },
      ["nested.n: Invalid input: expected number, received string"],
    ],
    ["an unknown key", { listen: [], nested: { n: 1 }, extra: 1 }, ['(whole): Unrecognized key: "extra"']],
  ])("%s", (_what, value, lines) => {
    const result = schema.safeParse(value);
    expect(issueLines(result.error?.issues ?? [])).toEqual(lines);
  });

  it("names symbol keys too", () => {
    expect(issueLines([{ path: [Symbol("s"), 1], message: "m" }])).toEqual(["Symbol(s).1: m"]);
  });
});
