import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "../actions/access.ts";
import { createHub } from "../hub-app.ts";
import { openTempStores } from "../store/temp-stores.ts";

const PASSWORD = "a long enough password";
const { stores } = openTempStores();
const hub = createHub({ stores, log: pino({ level: "silent" }) });
hub.services.enrolment.createSite("school-a", "Hillside School");
hub.services.enrolment.createSite("school-b", "Brookside School");
for (const [email, sites] of [
  ["a.staff@school.test", null],
  ["b.staff@school.test", null],
  ["c.staff@school.test", ["school-b"]],
] as const)
  await hub.services.users.create({
    email,
    name: email,
    role: "staff",
    sites: sites ? [...sites] : null,
    password: PASSWORD,
  });

async function signIn(email: string) {
  const response = await hub.app.request("/api/auth/login", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  const cookie = (response.headers.get("set-cookie") as string).split(";")[0] as string;
  return { cookie, csrf: ((await response.json()) as { csrf: string }).csrf };
}
type Session = Awaited<ReturnType<typeof signIn>>;
const mine = async (session: Session) =>
  (await hub.app.request("/review-requests/mine", { headers: { cookie: session.cookie } })).text();
const report = (session: Session, form: Record<string, string>) =>
  hub.app.request("/review-requests/mine", {
    method: "POST",
    headers: { cookie: session.cookie },
    body: new URLSearchParams({ ...form, _csrf: session.csrf }),
  });

describe("the sites I reported page", () => {
  it("a staff member reports a name that got through and sees it with its status, then the decision's reason", async () => {
    const a = await signIn("a.staff@school.test");
    const page = await mine(a);
    expect(page).toContain('href="/review-requests/mine"');
    expect(page).toContain('<option value="school-a">Hillside School</option>');
    const sent = await report(a, { siteId: "school-a", name: "Proxy-A.example", reason: "pupils use it in ICT" });
    expect(sent.status).toBe(303);
    expect(new URL(sent.headers.get("location") ?? "", "http://hub").searchParams.get("done")).toMatch(/request \d+/);
    const [made] = hub.actions.reviewRequests.list(SYSTEM_ACTOR, { siteId: "school-a" });
    expect(made).toMatchObject({
      kind: "block",
      name: "proxy-a.example",
      requestedBy: expect.stringContaining("a.staff@"),
    });
    expect(await mine(a)).toContain("waiting for a decision");
    hub.actions.reviewRequests.refuse(SYSTEM_ACTOR, {
      ...{ siteId: "school-a", requestId: made?.id as number, reason: "blocked already as proxies" },
    });
    const decided = await mine(a);
    expect(decided).toContain("refused");
    expect(decided).toContain("blocked already as proxies");
  });

  it("staff B sees none of staff A's requests, and a site-limited member of staff cannot report at another site", async () => {
    const a = await signIn("a.staff@school.test");
    await report(a, { siteId: "school-b", name: "secret-of-a.example", reason: "only A knows this" });
    const b = await signIn("b.staff@school.test");
    const seenByB = await mine(b);
    expect(seenByB).not.toContain("secret-of-a.example");
    expect(seenByB).not.toContain("only A knows this");
    expect(seenByB).toContain("You have not reported a site.");
    // Nor through the queue's API or page: staff hold no policy:read.
    const queue = await hub.app.request("/sites/school-b/review-requests", { headers: { cookie: b.cookie } });
    expect(queue.status).toBe(403);
    const c = await signIn("c.staff@school.test");
    const elsewhere = await report(c, { siteId: "school-a", name: "elsewhere.example", reason: "not my school" });
    expect(elsewhere.status).toBe(404);
    expect(await mine(c)).not.toContain("secret-of-a.example");
    expect(hub.actions.reviewRequests.list(SYSTEM_ACTOR, { siteId: "school-a" }).map((r) => r.name)).not.toContain(
      "elsewhere.example",
    );
  });
});
