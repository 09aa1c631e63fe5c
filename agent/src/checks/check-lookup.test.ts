import { listsFromEntries } from "@fenceline/shared/matcher";
import { testCategories } from "@fenceline/shared/matcher/test-categories";
import { sitePolicySchema } from "@fenceline/shared/policy";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { CompiledPolicy } from "../policy/compiled-policy.ts";
import type { Answer } from "../resolver/answer.ts";
import type { QueryContext } from "../resolver/query-context.ts";
import { compose, type MaybeAnswer } from "../resolver/stage.ts";
import { asGroup } from "../resolver/stages/as-group.ts";
import { guard } from "../resolver/stages/guard.ts";
import { policy } from "../resolver/stages/policy.ts";
import { checkLookup, checkQuery } from "./check-lookup.ts";

const compiled = new CompiledPolicy(
  sitePolicySchema.parse({
    defaultGroup: "staff",
    groups: [
      { id: "students", kind: "student" },
      { id: "staff", kind: "staff", categories: { adult: "allow" } },
    ],
  }),
  listsFromEntries(testCategories(), [{ id: "porn", kind: "block", category: "adult", entries: ["adult.example"] }]),
);

/** The check chain's head over a policy stage, ending in an upstream that answers "resolved" (or never). */
function chain(upstream: (context: QueryContext) => MaybeAnswer) {
  const circumvention = new Map([
    ["use-application-dns.net", { name: "use-application-dns.net", answer: "nxdomain" as const }],
  ]);
  return compose([guard(pino({ level: "silent" })), asGroup(() => compiled), policy(circumvention), upstream]);
}
const resolved = (): Answer => ({ bytes: new Uint8Array(12), outcome: "resolved", reason: null, label: "upstream" });

describe("a check look-up", () => {
  it("asks as a client of the named group would, under the policy in force", async () => {
    const seen: string[] = [];
    const run = chain((context) => {
      seen.push(`${context.group?.config.id} ${context.query.name} ${context.transport}`);
      return resolved();
    });
    expect(await checkLookup(run, "adult.example", "students")).toBe("blocked");
    expect(await checkLookup(run, "Adult.Example.", "staff")).toBe("resolved");
    expect(await checkLookup(run, "use-application-dns.net", "staff")).toBe("circumvention");
    expect(seen).toEqual(["staff adult.example check"]);
  });

  it("is an error for a group the policy does not have, never another group's answer", async () => {
    expect(await checkLookup(chain(resolved), "adult.example", "nobody")).toBe("error");
  });

  it("is an error for a name DNS cannot carry", async () => {
    expect(checkQuery(`${"a".repeat(64)}.example`)).toBeNull();
    expect(await checkLookup(chain(resolved), "a..example", "staff")).toBe("error");
  });

  it("gives up with timeout when no answer comes", async () => {
    const never = chain(() => new Promise<Answer>(() => {}));
    expect(await checkLookup(never, "www.example.org", "staff", 20)).toBe("timeout");
  });
});
