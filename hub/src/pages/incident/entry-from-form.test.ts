import { describe, expect, it } from "vitest";
import { entryFromForm } from "./entry-from-form.ts";
import { localDateValue, localInputValue } from "./wall-clock.ts";

describe("a submitted incident form as an entry", () => {
  it.each([
    [
      "a referral typed in BST is stored in UTC; empty optional fields are left out",
      { _csrf: "t", kind: "referral", agency: "lado", at: "2026-07-01T10:30", reference: "", contact: " " },
      { kind: "referral", agency: "lado", at: "2026-07-01T09:30:00.000Z" },
    ],
    [
      "an outcome names its referral by number",
      { kind: "referral-outcome", ofSeq: "4", outcome: "no case to answer", at: "2026-12-01T09:00" },
      { kind: "referral-outcome", ofSeq: 4, outcome: "no case to answer", at: "2026-12-01T09:00:00.000Z" },
    ],
    [
      "a correction names its entry by number",
      { kind: "correction", ofSeq: "2", reason: "typo" },
      { kind: "correction", ofSeq: 2, reason: "typo" },
    ],
    [
      "a time that is not one is passed on for the action to refuse",
      { kind: "parents-informed", status: "yes", at: "yesterday" },
      { kind: "parents-informed", status: "yes", at: "yesterday" },
    ],
  ])("%s", (_name, form, entry) => {
    expect(entryFromForm(form, "Europe/London")).toEqual(entry);
  });

  it("a stored instant goes back into a datetime-local input on the same wall clock", () => {
    expect(localInputValue("2026-07-01T09:30:00.000Z", "Europe/London")).toBe("2026-07-01T10:30");
    expect(localInputValue("2026-01-15T09:30:00.000Z", "Europe/Berlin")).toBe("2026-01-15T10:30");
    expect(localDateValue("2026-06-30T23:30:00.000Z", "Europe/London")).toBe("2026-07-01");
    const typed = localInputValue("2026-03-29T14:05:00.000Z", "Europe/London");
    expect(entryFromForm({ kind: "x", at: typed }, "Europe/London").at).toBe("2026-03-29T14:05:00.000Z");
  });
});
