import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { beforeEach, describe, expect, it } from "vitest";
import { createHub } from "../hub-app.ts";
import { openSqlInspector } from "../store/sql-inspector.ts";
import { openTestStores } from "../testing/test-stores.ts";

const PASSWORD = "correct horse battery staple";
let now = new Date("2026-11-23T09:00:00Z");
let hub: ReturnType<typeof createHub>;
let file: string;

beforeEach(async () => {
  now = new Date("2026-11-23T09:00:00Z");
  file = join(mkdtempSync(join(tmpdir(), "fenceline-auth-")), "hub.sqlite");
  hub = createHub({ stores: openTestStores(file), log: pino({ level: "silent" }), now: () => now });
  await hub.services.users.create({
    email: "dsl@school.test",
    name: "DSL",
    role: "dsl",
    sites: null,
    password: PASSWORD,
  });
});

const login = (password: string) =>
  hub.app.request("/api/auth/login", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: "dsl@school.test", password }),
  });

describe("login", () => {
  it("sets an HttpOnly, SameSite=Strict session cookie and returns the CSRF token", async () => {
    const response = await login(PASSWORD);
    expect(response.status).toBe(200);
    const cookie = response.headers.get("set-cookie") as string;
    expect(cookie).toMatch(/fenceline_session=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const { csrf } = (await response.json()) as { csrf: string };
    const me = await hub.app.request("/api/me", { headers: { cookie: cookie.split(";")[0] as string } });
    expect(await me.json()).toMatchObject({ user: { email: "dsl@school.test", role: "dsl" }, csrf });
  });

  it("says the same for an unknown email and a wrong password", async () => {
    const wrong = await login("not the password");
    const unknown = await hub.app.request("/api/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "nobody@school.test", password: PASSWORD }),
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const message = (r: unknown) => (r as { error: { message: string } }).error.message;
    expect(message(await wrong.json())).toBe(message(await unknown.json()));
  });

  it("after 5 failures from one address, slows that address down with the same answer as a wrong password", async () => {
    for (let i = 0; i < 5; i++) expect((await login("wrong password")).status).toBe(401);
    const delayed = await login(PASSWORD);
    const wrong = await hub.app.request("/api/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "nobody@school.test", password: "x" }),
    });
    expect(delayed.status).toBe(401);
    const body = async (r: Response) => ((await r.json()) as { error: { code: string; message: string } }).error;
    const [a, b] = [await body(delayed), await body(wrong)];
    expect([a.code, a.message]).toEqual([b.code, b.message]);
    now = new Date(now.getTime() + 1_000);
    expect((await login(PASSWORD)).status).toBe(200);
    const actions = hub.services.audit.page(0, 100, "auth.").map((e) => e.action);
    expect(actions).toContain("auth.login-delayed");
  });

  it("each failure past the free ones doubles the wait, up to the lockout minutes", async () => {
    for (let i = 0; i < 5; i++) await login("wrong password");
    for (const wait of [1, 2, 4, 8]) {
      now = new Date(now.getTime() + wait * 1_000 - 1);
      expect((await login(PASSWORD)).status).toBe(401);
      now = new Date(now.getTime() + 1);
      expect((await login("wrong again")).status).toBe(401);
    }
    now = new Date(now.getTime() + 16_000);
    expect((await login(PASSWORD)).status).toBe(200);
  });

  it("a sign-in resets the failure count", async () => {
    for (let i = 0; i < 4; i++) await login("wrong password");
    expect((await login(PASSWORD)).status).toBe(200);
    for (let i = 0; i < 4; i++) await login("wrong password");
    expect((await login(PASSWORD)).status).toBe(200);
  });

  it("rate-limits attempts from one address across accounts", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) {
      const response = await hub.app.request("/api/auth/login", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: `user-${i}@school.test`, password: "whatever it is" }),
      });
      statuses.push(response.status);
    }
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(20)).toEqual([429, 429]);
  });

  it("a session ends at logout and at expiry", async () => {
    const response = await login(PASSWORD);
    const cookie = (response.headers.get("set-cookie") as string).split(";")[0] as string;
    const { csrf } = (await response.json()) as { csrf: string };
    expect((await hub.app.request("/api/me", { headers: { cookie } })).status).toBe(200);
    now = new Date(now.getTime() + 11 * 3_600_000);
    expect((await hub.app.request("/api/me", { headers: { cookie } })).status).toBe(401);
    now = new Date("2026-11-23T09:00:00Z");
    const again = await login(PASSWORD);
    const cookie2 = (again.headers.get("set-cookie") as string).split(";")[0] as string;
    const csrf2 = ((await again.json()) as { csrf: string }).csrf;
    expect(csrf2).not.toBe(csrf);
    await hub.app.request("/api/auth/logout", { method: "POST", headers: { cookie: cookie2, "x-csrf-token": csrf2 } });
    expect((await hub.app.request("/api/me", { headers: { cookie: cookie2 } })).status).toBe(401);
  });
});

describe("API tokens", () => {
  it("act as their user until revoked; the secret is shown once and stored hashed", async () => {
    const response = await login(PASSWORD);
    const cookie = (response.headers.get("set-cookie") as string).split(";")[0] as string;
    const { csrf } = (await response.json()) as { csrf: string };
    const created = await hub.app.request("/api/me/tokens", {
      method: "POST",
      headers: { cookie, "x-csrf-token": csrf, "content-type": "application/json" },
      body: JSON.stringify({ name: "reporting script", scope: "read-write" }),
    });
    const { id, token } = (await created.json()) as { id: string; token: string };
    const inspector = openSqlInspector(file);
    const stored = JSON.stringify(inspector.rows("SELECT * FROM api_tokens"));
    inspector.close();
    expect(stored).not.toContain(token);
    const auth = { authorization: `Bearer ${token}` };
    expect(await (await hub.app.request("/api/me", { headers: auth })).json()).toMatchObject({
      user: { role: "dsl" },
      csrf: null,
    });
    // A token is not an ambient credential: no CSRF token needed.
    expect((await hub.app.request(`/api/me/tokens/${id}`, { method: "DELETE", headers: auth })).status).toBe(204);
    expect((await hub.app.request("/api/me", { headers: auth })).status).toBe(401);
  });
});

describe("API token limits", () => {
  const signedIn = async () => {
    const response = await login(PASSWORD);
    const cookie = (response.headers.get("set-cookie") as string).split(";")[0] as string;
    const { csrf } = (await response.json()) as { csrf: string };
    return { cookie, "x-csrf-token": csrf, "content-type": "application/json" };
  };
  const create = async (body: object) =>
    hub.app.request("/api/me/tokens", { method: "POST", headers: await signedIn(), body: JSON.stringify(body) });

  it("are read-only unless asked otherwise: such a token may read but not change", async () => {
    const { token, scope } = (await (await create({ name: "reader" })).json()) as { token: string; scope: string };
    expect(scope).toBe("read-only");
    const auth = { authorization: `Bearer ${token}`, "content-type": "application/json" };
    expect((await hub.app.request("/api/me/tokens", { headers: auth })).status).toBe(200);
    const write = await hub.app.request("/api/me/tokens", { method: "POST", headers: auth, body: '{"name":"x"}' });
    expect(write.status).toBe(403);
  });

  it("expire after the days chosen (90 by default), and no later than the maximum", async () => {
    const made = (await (await create({ name: "short", days: 2 })).json()) as { token: string; expiresAt: string };
    expect(made.expiresAt).toBe("2026-11-25T09:00:00.000Z");
    const byDefault = (await (await create({ name: "default" })).json()) as { expiresAt: string };
    expect(byDefault.expiresAt).toBe("2027-02-21T09:00:00.000Z");
    expect((await create({ name: "forever", days: 3650 })).status).toBe(400);
    const auth = { authorization: `Bearer ${made.token}` };
    expect((await hub.app.request("/api/me", { headers: auth })).status).toBe(200);
    now = new Date("2026-11-25T09:00:00Z");
    expect((await hub.app.request("/api/me", { headers: auth })).status).toBe(401);
  });
});

describe("sessions", () => {
  it("end after 30 minutes unused, and not while used", async () => {
    const response = await login(PASSWORD);
    const cookie = (response.headers.get("set-cookie") as string).split(";")[0] as string;
    for (let i = 0; i < 4; i++) {
      now = new Date(now.getTime() + 25 * 60_000);
      expect((await hub.app.request("/api/me", { headers: { cookie } })).status).toBe(200);
    }
    now = new Date(now.getTime() + 31 * 60_000);
    expect((await hub.app.request("/api/me", { headers: { cookie } })).status).toBe(401);
  });
});
