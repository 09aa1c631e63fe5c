import { describe, expect, it } from "vitest";
import { newPassword } from "./password.ts";
import { newSecret } from "./secrets.ts";

describe("generated secrets", () => {
  it("never start with a dash, which a command line would take for an option", () => {
    // About one in 64 base64url strings starts with "-": 2,000 draws would all but surely meet one.
    for (let i = 0; i < 2000; i++) {
      expect(newSecret().startsWith("-")).toBe(false);
      expect(newPassword().startsWith("-")).toBe(false);
    }
    expect(newSecret()).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{42}$/);
  });
});
