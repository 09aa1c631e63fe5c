import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "../actions/index.ts";
import { createHub } from "../hub-app.ts";
import { addPasswordUser, TEST_PASSWORD } from "../testing/password-user.ts";
import { openTestStores } from "../testing/test-stores.ts";
import { rulesFromForm } from "./policy-directory-groups.ts";

describe("the directory groups table as a form", () => {
  it.each([
    [
      "rows in their order",
      { "directoryGroup.0": "Year 7", "group.0": "ks3", "directoryGroup.1": "Year 12", "group.1": "sixth" },
      [
        ["Year 7", "ks3"],
        ["Year 12", "sixth"],
      ],
    ],
    [
      "rows moved by their order",
      {
        "order.0": "2",
        "directoryGroup.0": "Year 7",
        "group.0": "ks3",
        "order.1": "1",
        "directoryGroup.1": "7B",
        "group.1": "staff",
      },
      [
        ["7B", "staff"],
        ["Year 7", "ks3"],
      ],
    ],
    [
      "blank rows left out",
      { "directoryGroup.0": "  ", "group.0": "ks3", "directoryGroup.3": " Year 8 ", "group.3": "ks3" },
      [["Year 8", "ks3"]],
    ],
    [
      "an order that is not a number kept in place",
      { "order.0": "x", "directoryGroup.0": "A", "group.0": "g", "directoryGroup.1": "B", "group.1": "g" },
      [
        ["A", "g"],
        ["B", "g"],
      ],
    ],
  ])("%s", (_name, form, expected) => {
    expect(rulesFromForm(form as Record<string, string>).map((r) => [r.directoryGroup, r.group])).toEqual(expected);
  });
});

describe("saving directory groups on the policy page", () => {
  async function setup() {
    const hub = createHub({ stores: openTestStores(":memory:"), log: pino({ level: "silent" }) });
    hub.actions.sites.create(SYSTEM_ACTOR, { id: "school-a", name: "A" });
    const policy = {
      defaultGroup: "students",
      groups: [
        { id: "students", kind: "student", cidrs: ["10.0.0.0/16"] },
        { id: "students-ks3", kind: "student" },
      ],
    };
    hub.actions.policy.replace(SYSTEM_ACTOR, { siteId: "school-a", policy, reason: "the first policy" });
    const email = await addPasswordUser(hub.services, "ict-admin");
    const login = await hub.app.request("/login", {
      method: "POST",
      body: new URLSearchParams({ email, password: TEST_PASSWORD, next: "/" }),
    });
    const cookie = (login.headers.get("set-cookie") as string).split(";")[0] as string;
    const page = await (await hub.app.request("/sites/school-a/policy", { headers: { cookie } })).text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1] as string;
    const post = (fields: Record<string, string>) =>
      hub.app.request("/sites/school-a/policy/directory-groups", {
        method: "POST",
        headers: { cookie },
        body: new URLSearchParams({ _csrf: csrf, ...fields }),
      });
    return { hub, post, page, cookie };
  }

  it("offers the table, saves the rules as a new version with the reason in the change log", async () => {
    const { hub, post, page, cookie } = await setup();
    expect(page).toContain('name="directoryGroup.0"');
    const saved = await post({
      "directoryGroup.0": "Year 7",
      "group.0": "students-ks3",
      "directoryGroup.1": "Year 8",
      "group.1": "students-ks3",
      reason: "key stage 3 by year group",
    });
    expect(saved.status).toBe(303);
    expect(saved.headers.get("location")).toMatch(/done=Saved/);
    const current = hub.actions.policy.current(SYSTEM_ACTOR, { siteId: "school-a" });
    expect(current?.version).toBe(2);
    expect((current?.policy as { directoryGroups?: unknown } | undefined)?.directoryGroups).toEqual([
      { directoryGroup: "Year 7", group: "students-ks3" },
      { directoryGroup: "Year 8", group: "students-ks3" },
    ]);
    expect(hub.actions.policy.changes(SYSTEM_ACTOR, { siteId: "school-a" })[0]?.reason).toBe(
      "key stage 3 by year group",
    );
    const again = await (await hub.app.request("/sites/school-a/policy", { headers: { cookie } })).text();
    expect(again).toContain('value="Year 8"');
  });

  it.each([
    [
      "a group the policy does not have",
      { "directoryGroup.0": "Year 7", "group.0": "nobody", reason: "a reason given" },
      /no group "nobody"/,
    ],
    ["no reason", { "directoryGroup.0": "Year 7", "group.0": "students", reason: "" }, /reason/],
    [
      "a directory group of 101 characters",
      { "directoryGroup.0": "x".repeat(101), "group.0": "students", reason: "a reason given" },
      /invalid/,
    ],
  ])("goes back with why for %s, saving nothing", async (_name, fields, message) => {
    const { hub, post } = await setup();
    const response = await post(fields);
    expect(response.status).toBe(303);
    expect(new URL(response.headers.get("location") ?? "", "http://hub").searchParams.get("error")).toMatch(message);
    expect(hub.actions.policy.current(SYSTEM_ACTOR, { siteId: "school-a" })?.version).toBe(1);
  });
});
