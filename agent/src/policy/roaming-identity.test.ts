import { describe, expect, it } from "vitest";
import { RoamingIdentity } from "./roaming-identity.ts";

const HASH_A = "a".repeat(64);
const HASH_B = "b".repeat(64);
const HASH_C = "c".repeat(64);

const identity = new RoamingIdentity({
  directoryGroups: [
    { directoryGroup: "Year 7", group: "students-ks3" },
    { directoryGroup: "Staff", group: "staff" },
  ],
  identity: {
    people: [
      { id: "17", logins: [], directoryGroups: ["year 7"] },
      { id: "18", logins: [], directoryGroups: ["Governors"] },
    ],
    devices: [
      { id: "5", mac: null, person: "17" },
      { id: "6", mac: null, person: "18" },
      { id: "7", mac: null, person: null },
    ],
    roaming: [
      { tokenHash: HASH_A, device: "5" },
      { tokenHash: HASH_B, device: "6" },
      { tokenHash: HASH_C, device: "7" },
    ],
  },
});

describe("RoamingIdentity", () => {
  it("finds a token's device, its owner and the group of the owner's directory groups", () => {
    expect(identity.deviceFor(HASH_A)).toBe("5");
    expect(identity.device("5")).toEqual({ device: "5", person: "17", group: "students-ks3" });
  });

  it.each([
    ["an owner whose groups no rule names", "6", { device: "6", person: "18", group: null }],
    ["a device without an owner", "7", { device: "7", person: null, group: null }],
  ])("gives no group (the default then) for %s", (_, id, expected) => {
    expect(identity.device(id)).toEqual(expected);
  });

  it("knows no token or device the identity table does not list", () => {
    expect(identity.deviceFor("d".repeat(64))).toBeNull();
    expect(identity.device("8")).toBeNull();
    const empty = new RoamingIdentity({ directoryGroups: [] });
    expect(empty.deviceFor(HASH_A)).toBeNull();
  });
});
