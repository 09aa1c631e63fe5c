import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { apiLogin, refusalOf, type SigninHub, sessionHeaders, startSigninHub } from "./support/signin-hub.ts";

// Attacks on signing in, sessions and tokens, each over real HTTP against a running hub.
const OWN = "the owner's own long password";
const MINUTE = 60_000;
let h: SigninHub;

beforeEach(async () => {
  h = await startSigninHub();
});
afterEach(async () => {
  await h.close();
});

const get = (path: string, headers: Record<string, string>) =>
  fetch(`${h.url}${path}`, { headers, redirect: "manual" });

describe("5: the address to go to after signing in", () => {
  it.each([
    "/%09/evil.example",
    "/%0A/evil.example",
    "%09//evil.example",
    "/%5C/evil.example",
    "//evil.example",
    "http://evil.example/",
    "/incidents%0D%0ASet-Cookie:%20x=1",
  ])("next=%s stays on the hub, after a 303 (never a 500)", async (next) => {
    await h.addUserWithOwnPassword("dsl@school.test", OWN);
    const body = `email=dsl%40school.test&password=${encodeURIComponent(OWN)}&next=${next}`;
    const response = await fetch(`${h.url}/login`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body,
      redirect: "manual",
    });
    expect(response.status).toBe(303);
    const location = response.headers.get("location") as string;
    // Where a browser would go: resolved against the page it is on.
    expect(new URL(location, `${h.url}/login`).origin).toBe(h.url);
    expect(location).toMatch(/^\/(?![/\\])/);
  });
});

describe("6: a password reset or change ends the other sessions and API tokens", () => {
  async function readWriteToken(session: { cookie: string | null; csrf: string | null }) {
    const made = await fetch(`${h.url}/api/me/tokens`, {
      method: "POST",
      headers: sessionHeaders(session),
      body: JSON.stringify({ name: "script", scope: "read-write" }),
    });
    return { authorization: `Bearer ${((await made.json()) as { token: string }).token}` };
  }

  it("a reset by an administrator ends every session and token of the user", async () => {
    const { id, session } = await h.addUserWithOwnPassword("dsl@school.test", OWN);
    const token = await readWriteToken(session);
    const other = await apiLogin(h.url, "dsl@school.test", OWN);
    expect((await get("/api/me", { cookie: other.cookie as string })).status).toBe(200);
    await h.resetPassword(id);
    expect((await get("/api/me", { cookie: session.cookie as string })).status).toBe(401);
    expect((await get("/api/me", { cookie: other.cookie as string })).status).toBe(401);
    expect((await get("/api/me", token)).status).toBe(401);
  });

  it("a change ends the others but keeps the session that made it", async () => {
    const { session } = await h.addUserWithOwnPassword("dsl@school.test", OWN);
    const token = await readWriteToken(session);
    const stolen = await apiLogin(h.url, "dsl@school.test", OWN);
    const changed = await fetch(`${h.url}/api/me/password`, {
      method: "POST",
      headers: sessionHeaders(session),
      body: JSON.stringify({ current: OWN, next: "a brand new long password" }),
    });
    expect(changed.status).toBe(204);
    expect((await get("/api/me", { cookie: session.cookie as string })).status).toBe(200);
    expect((await get("/api/me", { cookie: stolen.cookie as string })).status).toBe(401);
    expect((await get("/api/me", token)).status).toBe(401);
    expect(h.audit("auth.password-changed").at(-1)?.detail).toEqual({ sessionsEnded: 1, tokensRevoked: 1 });
  });
});

describe("7: a one-time password", () => {
  it("allows nothing but changing it: pages go to the form, API calls are refused", async () => {
    const { password } = await h.addUser("dsl@school.test");
    const first = await apiLogin(h.url, "dsl@school.test", password);
    expect(first.status).toBe(200);
    expect(first.body.mustChangePassword).toBe(true);
    const cookie = { cookie: first.cookie as string };
    const api = await get("/api/me/tokens", cookie);
    expect(api.status).toBe(403);
    expect(refusalOf((await api.json()) as Record<string, unknown>).message).toMatch(/one-time password/);
    const token = await fetch(`${h.url}/api/me/tokens`, {
      method: "POST",
      headers: sessionHeaders(first),
      body: JSON.stringify({ name: "escape hatch" }),
    });
    expect(token.status).toBe(403);
    for (const path of ["/", "/incidents", "/events"]) {
      const page = await get(path, cookie);
      expect(page.status).toBe(303);
      expect(page.headers.get("location")).toMatch(/^\/account\?/);
    }
    expect((await get("/account", cookie)).status).toBe(200);
    const changed = await fetch(`${h.url}/api/me/password`, {
      method: "POST",
      headers: sessionHeaders(first),
      body: JSON.stringify({ current: password, next: OWN }),
    });
    expect(changed.status).toBe(204);
    expect((await get("/api/me/tokens", cookie)).status).toBe(200);
    expect((await get("/", cookie)).status).toBe(200);
  });

  it("signing in with the form goes straight to the change form", async () => {
    const { password } = await h.addUser("dsl@school.test");
    const response = await fetch(`${h.url}/login`, {
      method: "POST",
      body: new URLSearchParams({ email: "dsl@school.test", password, next: "/incidents" }),
      redirect: "manual",
    });
    expect(response.headers.get("location")).toMatch(/^\/account\?error=/);
  });

  it("expires after 72 hours: sign-in refused, saying to ask for a reset; a reset gives a fresh one", async () => {
    const { id, password } = await h.addUser("dsl@school.test");
    h.advance(72 * 60 * MINUTE + MINUTE);
    const late = await apiLogin(h.url, "dsl@school.test", password);
    expect(late.status).toBe(401);
    expect(refusalOf(late.body).message).toMatch(/expired.*reset/);
    const fresh = await h.resetPassword(id);
    expect((await apiLogin(h.url, "dsl@school.test", fresh)).status).toBe(200);
  });
});

describe("11: a flood of rate-limited sign-ins", () => {
  it("writes one summary row per address and window, not a row per attempt", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 300; i++) {
      const email = `${i}-${"a".repeat(290)}@x.test`;
      statuses.push((await apiLogin(h.url, email, "guess")).status);
    }
    expect(statuses.filter((s) => s === 429)).toHaveLength(280);
    expect(h.audit("auth.rate-limited")).toHaveLength(0);
    // The window over, the next attempt (from anywhere) writes the summary of the last one.
    h.advance(MINUTE + 1);
    await apiLogin(h.url, "someone@school.test", "guess");
    const rows = h.audit("auth.rate-limited");
    expect(rows).toHaveLength(1);
    const detail = rows[0]?.detail as { count: number; emails: string[] };
    expect(rows[0]?.target).toBe("127.0.0.1");
    expect(detail.count).toBe(280);
    expect(detail.emails.length).toBeLessThanOrEqual(3);
    for (const email of detail.emails) expect(email.length).toBeLessThanOrEqual(64);
    expect(h.audit("auth.").length).toBeLessThan(30);
  });
});
