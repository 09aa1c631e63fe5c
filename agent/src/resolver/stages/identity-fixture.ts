import { listsFromEntries } from "@fenceline/shared/matcher";
import { testCategories } from "@fenceline/shared/matcher/test-categories";
import { sitePolicySchema } from "@fenceline/shared/policy";
import { parseQueryPacket, type QueryPacket } from "../../dns/query-packet.ts";
import { IdentityMap } from "../../identity/identity-map.ts";
import { CompiledPolicy } from "../../policy/compiled-policy.ts";
import type { Answer } from "../answer.ts";
import type { QueryContext } from "../query-context.ts";
import { compose, type MaybeAnswer } from "../stage.ts";
import type { LeaseInfo } from "./identify.ts";
import { identify } from "./identify.ts";
import { sanction } from "./sanction.ts";

/**
 * A policy with an identity table for the identify and sanction tests: students on 10.0.0.0/24,
 * staff on 10.0.1.0/24; Ann (login ann@school, Year 7, devices by MAC) and Bob (staff directory
 * group); Cat under a sanction until `catUntil`, allowed bbc.co.uk; the students' allow list
 * holds school.example.
 */
export function identityPolicy(catUntil: number): CompiledPolicy {
  const policy = sitePolicySchema.parse({
    defaultGroup: "guests",
    groups: [
      { id: "students", kind: "student", cidrs: ["10.0.0.0/24"], allow: ["school.example"], blockMode: "nxdomain" },
      { id: "staff", kind: "staff", cidrs: ["10.0.1.0/24"] },
      { id: "year-7", kind: "student" },
      { id: "guests", kind: "guest" },
    ],
    directoryGroups: [
      { directoryGroup: "Year 7", group: "year-7" },
      { directoryGroup: "Staff", group: "staff" },
    ],
    identity: {
      people: [
        { id: "1", logins: ["Ann@School"], directoryGroups: ["year 7", "7B"] },
        { id: "2", logins: ["bob"], directoryGroups: ["staff"] },
        { id: "3", logins: ["cat"], sanction: { until: catUntil, allow: ["bbc.co.uk"] } },
      ],
      devices: [
        { id: "11", mac: "aa:bb:cc:00:00:01", person: "1" },
        { id: "12", mac: "aa:bb:cc:00:00:02", person: null },
        { id: "13", mac: null, person: "3" },
      ],
    },
  });
  return new CompiledPolicy(policy, listsFromEntries(testCategories(), []));
}

/** identify then sanction, then an upstream that answers "resolved"; the context is kept for reading. */
export function identifyChain(
  policy: CompiledPolicy,
  network: IdentityMap,
  leases: Record<string, LeaseInfo> = {},
): (address: string, name?: string, roamingDevice?: string | null) => { context: QueryContext; answer: Answer } {
  const resolved: Answer = { bytes: new Uint8Array(12), outcome: "resolved", reason: null, label: "upstream" };
  const run = compose([
    identify(() => policy, {
      leaseOf: (address) => leases[address] ?? null,
      networkOf: (address, now) => network.get(address, now),
    }),
    sanction(),
    (): MaybeAnswer => resolved,
  ]);
  return (address, name = "www.example.com", roamingDevice = null) => {
    const context = contextFor(address, name, roamingDevice);
    return { context, answer: run(context) as Answer };
  };
}

export function networkMap(): IdentityMap {
  return new IdentityMap(100);
}

function contextFor(address: string, name: string, roamingDevice: string | null): QueryContext {
  const bytes: number[] = [0x12, 0x34, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0];
  for (const label of name.split(".")) bytes.push(label.length, ...Buffer.from(label));
  bytes.push(0, 0, 1, 0, 1);
  return {
    query: parseQueryPacket(Uint8Array.from(bytes)) as QueryPacket,
    transport: "udp",
    remoteAddress: address,
    receivedAt: 0,
    roamingDevice,
    client: { address, group: "", hostname: null, mac: null, user: null, person: null, device: null },
    policy: null,
    group: null,
    monitored: [],
  };
}
