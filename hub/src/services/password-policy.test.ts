import { describe, expect, it } from "vitest";
import { passwordProblems } from "./password-policy.ts";

const context = { email: "jane.smith@school.test", current: "the old password of jane" };

describe("the password policy", () => {
  it.each([
    ["a long enough password", []],
    ["tqbfjotld", ["at least 12 characters"]],
    ["x".repeat(257), ["at most 256 characters", "no character repeated more than 4 times in a row"]],
    ["jane.smith@school.test", ["not your email address or its name part"]],
    ["JaneSmith2026!!", ["not your email address or its name part"]],
    ["Jane.Smith@school.test is mine", ["not your email address or its name part"]],
    ["the old password of jane", ["different from the current password"]],
    ["correct horse aaaaaaa", ["no character repeated more than 4 times in a row"]],
    ["111111111111", ["no character repeated more than 4 times in a row"]],
    ["QWERTY123456", ["not one of the commonly used passwords"]],
    ["administrator", ["not one of the commonly used passwords"]],
    ["1q2w3e4r5t6y", ["not one of the commonly used passwords"]],
  ] as const)("%j: %j", (password, expected) => {
    expect(passwordProblems(password, context)).toEqual(expected);
  });

  it("refuses a short name part only as the whole password", () => {
    expect(passwordProblems("predictable words", { email: "ict@school.test" })).toEqual([]);
    expect(passwordProblems("I.C.T.", { email: "ict@school.test" })).toContain(
      "not your email address or its name part",
    );
  });

  it("checks the current password only when there is one", () => {
    expect(passwordProblems("the old password of jane", { email: context.email })).toEqual([]);
  });
});
