import { describe, expect, it } from "vitest";
import type { CompiledGroup } from "./compiled-group.ts";
import { CompiledIdentity } from "./compiled-identity.ts";

const HASH_A = "a".repeat(64);
const HASH_B = "b".repeat(64);
const ks3 = { config: { id: "students-ks3" } } as CompiledGroup;
const groups = new Map([["students-ks3", ks3]]);

const identity = new CompiledIdentity(
  {
    people: [
      { id: "17", logins: ["APupil"], directoryGroups: ["year 7"] },
      { id: "18", logins: [], directoryGroups: ["Governors"] },
    ],
    devices: [
      { id: "5", mac: "AA:BB:CC:00:00:05", person: "17" },
      { id: "6", mac: null, person: "18" },
      { id: "7", mac: null, person: null },
    ],
    roaming: [
      { tokenHash: HASH_A, device: "5" },
      { tokenHash: HASH_B, device: "6" },
    ],
  },
  [{ directoryGroup: "Year 7", group: "students-ks3" }],
  groups,
);

describe("CompiledIdentity", () => {
  it("finds a person by login in lower case, with the group their directory groups give", () => {
    expect(identity.personByLogin("apupil")?.group).toBe(ks3);
    expect(identity.person("18")?.group).toBeNull();
  });

  it("finds a device by MAC in lower case, and its owner", () => {
    expect(identity.deviceByMac("aa:bb:cc:00:00:05")?.owner?.id).toBe("17");
    expect(identity.device("7")?.owner).toBeNull();
  });

  it("finds a roaming token's device by the token's SHA-256, and knows no other token", () => {
    expect(identity.deviceForToken(HASH_A)).toBe("5");
    expect(identity.deviceForToken(HASH_B)).toBe("6");
    expect(identity.deviceForToken("d".repeat(64))).toBeNull();
    expect(new CompiledIdentity(undefined, [], groups).deviceForToken(HASH_A)).toBeNull();
  });
});
