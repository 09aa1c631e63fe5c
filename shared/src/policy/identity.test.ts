import { describe, expect, it } from "vitest";
import { groupForDirectoryGroups, identityTableSchema, sanctionInForce } from "./identity.ts";

describe("groupForDirectoryGroups", () => {
  const rules = [
    { directoryGroup: "Year 7", group: "students-ks3" },
    { directoryGroup: "Sixth Form", group: "students-ks5" },
    { directoryGroup: "All students", group: "students" },
  ];

  it("takes the first rule, in the policy's order, that names one of the person's groups", () => {
    expect(groupForDirectoryGroups(rules, ["All students", "year 7"])).toBe("students-ks3");
    expect(groupForDirectoryGroups(rules, ["All students"])).toBe("students");
  });

  it("gives null when no rule applies, so that the address block decides", () => {
    expect(groupForDirectoryGroups(rules, ["Staff"])).toBeNull();
    expect(groupForDirectoryGroups([], ["Year 7"])).toBeNull();
  });
});

describe("sanctionInForce", () => {
  it("holds until its end and not after", () => {
    expect(sanctionInForce({ until: 1000, allow: [] }, 999)).toBe(true);
    expect(sanctionInForce({ until: 1000, allow: [] }, 1000)).toBe(false);
    expect(sanctionInForce(undefined, 0)).toBe(false);
  });
});

describe("identityTableSchema", () => {
  it("refuses a roaming token that is not a SHA-256", () => {
    expect(identityTableSchema.safeParse({ roaming: [{ tokenHash: "abc", device: "1" }] }).success).toBe(false);
  });
});
