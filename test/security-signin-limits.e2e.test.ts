import { afterEach, describe, expect, it } from "vitest";
import { apiLogin, refusalOf, type SigninHub, sessionHeaders, startSigninHub } from "./support/signin-hub.ts";

// Attacks on the sign-in limits and on tokens and sessions, each over real HTTP against a running hub.
const OWN = "the owner's own long password";
const MINUTE = 60_000;
const ATTACKER = "203.0.113.9";
const OWNER = "198.51.100.7";
let h: SigninHub;

afterEach(async () => {
  await h.close();
});

describe("15: sign-in lockout and limits", () => {
  it("answers a delayed (formerly locked) account exactly as a wrong password or an unknown account", async () => {
    h = await startSigninHub();
    await h.addUserWithOwnPassword("dsl@school.test", OWN);
    for (let i = 0; i < 5; i++) expect((await apiLogin(h.url, "dsl@school.test", `guess ${i}`)).status).toBe(401);
    const delayed = await apiLogin(h.url, "dsl@school.test", OWN);
    const unknown = await apiLogin(h.url, "nobody@school.test", OWN);
    expect(delayed.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(refusalOf(delayed.body)).toEqual(refusalOf(unknown.body));
    expect(delayed.cookie).toBeNull();
  });

  it("five guesses every 15 minutes from elsewhere never lock the owner out", async () => {
    h = await startSigninHub(["127.0.0.1"]);
    await h.addUserWithOwnPassword("dsl@school.test", OWN);
    for (let round = 0; round < 4; round++) {
      for (let i = 0; i < 5; i++) await apiLogin(h.url, "dsl@school.test", `guess ${round}-${i}`, ATTACKER);
      // Even the right password is refused to the guesser's address while it must wait…
      expect((await apiLogin(h.url, "dsl@school.test", OWN, ATTACKER)).status).toBe(401);
      // …while the owner, at their own address, signs in at once.
      expect((await apiLogin(h.url, "dsl@school.test", OWN, OWNER)).status).toBe(200);
      h.advance(15 * MINUTE);
    }
  });

  it("the guesser's waits grow with each failure (1 s, 2 s, 4 s …)", async () => {
    h = await startSigninHub(["127.0.0.1"]);
    await h.addUserWithOwnPassword("dsl@school.test", OWN);
    for (let i = 0; i < 5; i++) await apiLogin(h.url, "dsl@school.test", `guess ${i}`, ATTACKER);
    for (const seconds of [1, 2, 4, 8]) {
      h.advance(seconds * 1000 - 10);
      expect((await apiLogin(h.url, "dsl@school.test", OWN, ATTACKER)).status).toBe(401);
      h.advance(10);
      await apiLogin(h.url, "dsl@school.test", "another guess", ATTACKER);
    }
    h.advance(16_000);
    expect((await apiLogin(h.url, "dsl@school.test", OWN, ATTACKER)).status).toBe(200);
  });

  it("behind a trusted proxy, the per-address limit is per client, not for the whole school", async () => {
    h = await startSigninHub(["127.0.0.1"]);
    for (let i = 0; i < 20; i++) await apiLogin(h.url, `u${i}@school.test`, "guess", ATTACKER);
    expect((await apiLogin(h.url, "x@school.test", "guess", ATTACKER)).status).toBe(429);
    // Names written to the left of the client's own address are the client's; they are not believed.
    expect((await apiLogin(h.url, "x@school.test", "guess", `10.9.9.9, ${ATTACKER}`)).status).toBe(429);
    expect((await apiLogin(h.url, "x@school.test", "guess", OWNER)).status).toBe(401);
  });

  it("X-Forwarded-For from a client that is not a trusted proxy is ignored", async () => {
    h = await startSigninHub();
    for (let i = 0; i < 20; i++) await apiLogin(h.url, `u${i}@school.test`, "guess", `192.0.2.${i}`);
    expect((await apiLogin(h.url, "x@school.test", "guess", "192.0.2.200")).status).toBe(429);
  });

  it("guessing the current password on POST /api/me/password is limited", async () => {
    h = await startSigninHub();
    const { session } = await h.addUserWithOwnPassword("dsl@school.test", OWN);
    const change = (current: string) =>
      fetch(`${h.url}/api/me/password`, {
        method: "POST",
        headers: sessionHeaders(session),
        body: JSON.stringify({ current, next: "a brand new long password" }),
      });
    // The change that set OWN was the first attempt of this quarter-hour.
    for (let i = 0; i < 4; i++) expect((await change(`guess ${i}`)).status).toBe(401);
    expect((await change(OWN)).status).toBe(429);
    h.advance(15 * MINUTE);
    expect((await change(OWN)).status).toBe(204);
  });
});

describe("21: API tokens expire and carry a scope; sessions end when idle", () => {
  let session: { cookie: string | null; csrf: string | null } | undefined;
  async function token(body: object) {
    session ??= (await h.addUserWithOwnPassword("admin@school.test", OWN, "ict-admin")).session;
    const made = await fetch(`${h.url}/api/me/tokens`, {
      method: "POST",
      headers: sessionHeaders(session),
      body: JSON.stringify(body),
    });
    return { status: made.status, ...((await made.json()) as { token: string; expiresAt: string; scope: string }) };
  }

  it("a read-only token (the default) can read but not change anything", async () => {
    h = await startSigninHub();
    session = undefined;
    const made = await token({ name: "reports script" });
    expect(made.scope).toBe("read-only");
    const auth = { authorization: `Bearer ${made.token}`, "content-type": "application/json" };
    expect((await fetch(`${h.url}/api/users`, { headers: auth })).status).toBe(200);
    const write = await fetch(`${h.url}/api/users`, {
      method: "POST",
      headers: auth,
      body: JSON.stringify({ email: "mole@school.test", name: "Mole", role: "ict-admin", sites: null }),
    });
    expect(write.status).toBe(403);
    expect(refusalOf((await write.json()) as Record<string, unknown>).message).toMatch(/read-only/);
  });

  it("a token stops working when it expires, and cannot be made to last beyond the maximum", async () => {
    h = await startSigninHub();
    session = undefined;
    const made = await token({ name: "short", days: 7, scope: "read-write" });
    const auth = { authorization: `Bearer ${made.token}` };
    expect((await fetch(`${h.url}/api/me`, { headers: auth })).status).toBe(200);
    expect((await token({ name: "forever", days: 3650 })).status).toBe(400);
    h.advance(7 * 24 * 60 * MINUTE);
    expect((await fetch(`${h.url}/api/me`, { headers: auth })).status).toBe(401);
  });

  it("a session unused for 30 minutes ends; one in use does not", async () => {
    h = await startSigninHub();
    const { session } = await h.addUserWithOwnPassword("dsl@school.test", OWN);
    const cookie = { cookie: session.cookie as string };
    for (let i = 0; i < 6; i++) {
      h.advance(20 * MINUTE);
      expect((await fetch(`${h.url}/api/me`, { headers: cookie })).status).toBe(200);
    }
    h.advance(31 * MINUTE);
    expect((await fetch(`${h.url}/api/me`, { headers: cookie })).status).toBe(401);
  });
});
