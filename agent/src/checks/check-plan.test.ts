import type { Category } from "@fenceline/shared";
import { listsFromEntries } from "@fenceline/shared/matcher";
import { testCategories } from "@fenceline/shared/matcher/test-categories";
import { sitePolicySchema } from "@fenceline/shared/policy";
import { describe, expect, it } from "vitest";
import { CompiledPolicy } from "../policy/compiled-policy.ts";
import type { CircumventionRule, SafeSearchRule } from "../policy/name-rules.ts";
import { type CheckPlan, planCheck } from "./check-plan.ts";

const adultNames = Array.from({ length: 10 }, (_, i) => `adult${i}.example`);
const lists = listsFromEntries(testCategories(), [
  { id: "porn", kind: "block", category: "adult", entries: adultNames },
  { id: "iwf", kind: "block", category: "illegal", entries: ["secret.example", "adult4.example"] },
  { id: "sex-ed", kind: "allow", allows: ["adult"], entries: ["adult2.example"] },
  { id: "chat", kind: "block", category: "social", entries: ["chat.example"] },
]);
// Samples: adult0, adult2 (the allow list overrides it), adult4 (a locked list holds it), adult6, adult8.
const TUESDAY_NOON = Date.parse("2026-03-03T12:00:00Z");

function compile(groups: unknown[]): CompiledPolicy {
  return new CompiledPolicy(sitePolicySchema.parse({ defaultGroup: "staff", groups }), lists);
}
const google: SafeSearchRule = { engine: "google", targets: { on: "forcesafesearch.google.com" } };
const youtube: SafeSearchRule = { engine: "youtube", targets: { strict: "restrict.youtube.com" } };
const rules = {
  safeSearch: new Map([
    ["google.com", google],
    ["www.google.com", google],
    ["www.youtube.com", youtube],
  ]),
  circumvention: new Map<string, CircumventionRule>(
    ["use-application-dns.net", "mask.icloud.com", "mask-h2.icloud.com"].map((name) => [
      name,
      { name, answer: "nxdomain" },
    ]),
  ),
};

function plan(groups: unknown[], canaries = [{ category: "illegal", name: "Canary.Example" }]): CheckPlan {
  return planCheck({ policy: compile(groups), canaries, ...rules, popular: ["www.bbc.co.uk"], now: TUESDAY_NOON });
}
const itemsOf = (result: CheckPlan, group: string, kind: string) =>
  result.items
    .filter((i) => i.group === group && i.kind === kind)
    .map((i) => `${i.category ?? "-"} ${i.name} ${i.expected}`);

describe("the check plan", () => {
  const groups = [
    { id: "students", kind: "student", allow: ["adult6.example"] },
    { id: "staff", kind: "staff", categories: { adult: "allow" }, safeSearch: { enabled: false } },
  ];

  it("tests each category a group blocks with samples the lists and the group still block, and locked ones with canaries", () => {
    const result = plan(groups);
    expect(itemsOf(result, "students", "category")).toEqual([
      "illegal canary.example blocked",
      "adult adult0.example blocked",
      "adult adult8.example blocked",
      "social chat.example blocked",
    ]);
    expect(result.items.find((i) => i.name === "canary.example")?.canary).toBe(true);
    // Staff allow adult and social (the taxonomy's staff default): only the locked category is tested.
    expect(itemsOf(result, "staff", "category")).toEqual(["illegal canary.example blocked"]);
    expect(result.untested).toEqual([
      { group: "students", category: "gambling", why: "no-names" },
      { group: "staff", category: "gambling", why: "no-names" },
    ]);
  });

  it("never copies a locked list's names; without a canary the locked category is untested", () => {
    const result = plan(groups, []);
    expect(JSON.stringify(result)).not.toMatch(/secret\.example|adult4\.example/);
    expect(result.untested).toContainEqual({ group: "students", category: "illegal", why: "no-canary" });
  });

  it("adds safe search where enforced, circumvention names and popular sites for every group", () => {
    const result = plan(groups);
    expect(itemsOf(result, "students", "safe-search")).toEqual([
      "- www.google.com rewritten",
      "- www.youtube.com rewritten",
    ]);
    expect(itemsOf(result, "staff", "safe-search")).toEqual([]);
    expect(itemsOf(result, "staff", "circumvention")).toEqual([
      "- use-application-dns.net refused",
      "- mask.icloud.com refused",
    ]);
    expect(itemsOf(result, "staff", "popular")).toEqual(["- www.bbc.co.uk not-blocked"]);
  });

  it("follows the categories a group blocks now: a time window open now counts, a blocked engine is not rewritten", () => {
    const result = plan([
      {
        id: "students",
        kind: "student",
        block: ["www.youtube.com"],
        windows: [{ days: ["tue"], from: "11:00", to: "13:00", categories: { adult: "monitor" } }],
      },
    ]);
    expect(itemsOf(result, "students", "category").some((line) => line.startsWith("adult"))).toBe(false);
    expect(itemsOf(result, "students", "safe-search")).toEqual(["- www.google.com rewritten"]);
  });

  it("expects a circumvention-class category's names refused, as the resolver records their blocks", () => {
    const [illegal, adult] = testCategories();
    const doh = { ...(adult as Category), id: "doh", class: "circumvention" as const };
    const dohLists = listsFromEntries(
      [illegal as Category, doh],
      [{ id: "doh", kind: "block", category: "doh", entries: ["doh.example"] }],
    );
    const policy = new CompiledPolicy(
      sitePolicySchema.parse({ defaultGroup: "students", groups: [{ id: "students", kind: "student" }] }),
      dohLists,
    );
    const result = planCheck({ policy, canaries: [], ...rules, popular: [], now: TUESDAY_NOON });
    expect(itemsOf(result, "students", "category")).toEqual(["doh doh.example refused"]);
  });

  it("still tests a UKSIC heading the group's kind must block when the policy lets it through", () => {
    const headed = testCategories().map((c) => (c.id === "adult" ? { ...c, uksic: "pornography" as const } : c));
    const headedLists = listsFromEntries(headed, [
      { id: "porn", kind: "block", category: "adult", entries: ["adult0.example"] },
    ]);
    const policy = new CompiledPolicy(
      sitePolicySchema.parse({
        defaultGroup: "students",
        groups: [{ id: "students", kind: "student", categories: { adult: "allow" } }],
      }),
      headedLists,
    );
    const result = planCheck({ policy, canaries: [], ...rules, popular: [], now: TUESDAY_NOON });
    expect(itemsOf(result, "students", "category")).toEqual(["adult adult0.example blocked"]);
  });
});
