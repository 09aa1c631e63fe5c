import { describe, expect, it } from "vitest";
import { signInTarget } from "./sign-in-target.ts";

const HUB = "https://hub.school.test";

describe("signInTarget", () => {
  it.each([
    ["/incidents/3?status=open", "/incidents/3?status=open"],
    ["", "/"],
    ["//evil.example/x", "/"],
    ["/\\evil.example/x", "/"],
    ["/\t/evil.example/", "/"],
    ["/\n/evil.example/", "/"],
    ["\t//evil.example/", "/"],
    ["https://evil.example/", "/"],
    ["https://hub.school.test/events", "/"],
    ["javascript:alert(1)", "/"],
    ["/a\r\nSet-Cookie: x=1", "/aSet-Cookie:%20x=1"],
    ["/ünïcode path", "/%C3%BCn%C3%AFcode%20path"],
  ])("%j goes to %j", (next, expected) => {
    expect(signInTarget(next, HUB)).toBe(expected);
  });
});
