import { describe, expect, it } from "vitest";
import { mayReadAllSites } from "./report-scheduler.ts";

describe("mayReadAllSites", () => {
  it.each([
    ["a user of every site, any report", null, [], true],
    ["a user of every site, some sites", null, ["a"], true],
    ["a site-limited user, a report over every site", ["a"], [], false],
    ["a site-limited user, a report over their site", ["a", "b"], ["a"], true],
    ["a site-limited user, a report over another site too", ["a"], ["a", "c"], false],
  ] as const)("%s", (_name, userSites, scheduleSites, expected) => {
    expect(mayReadAllSites(userSites, scheduleSites)).toBe(expected);
  });
});
