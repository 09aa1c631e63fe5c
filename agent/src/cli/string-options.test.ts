import { describe, expect, it } from "vitest";
import { stringOptions } from "./string-options.ts";
import { isUsageError } from "./usage-error.ts";

describe("stringOptions", () => {
  it.each([
    [["--hub", "http://h", "--name", "gw"], { hub: "http://h", name: "gw" }],
    [["--name=gw"], { name: "gw" }],
    [[], {}],
  ])("%j → %j", (args, values) => {
    expect(stringOptions(args, ["hub", "name"])).toEqual(values);
  });

  it.each([[["--other", "x"]], [["stray"]], [["--hub"]]])("refuses %j as a usage error", (args) => {
    const error = (() => {
      try {
        stringOptions(args, ["hub", "name"]);
      } catch (thrown) {
        return thrown;
      }
    })();
    expect(isUsageError(error)).toBe(true);
  });
});
