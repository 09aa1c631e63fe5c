import { sitePolicySchema } from "@fenceline/shared/policy";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { createHubApp } from "../hub-app.ts";
import { openTempStores } from "../store/temp-stores.ts";
import { grantToken } from "../testing/grant-token.ts";
import { openTestDatabase } from "../testing/test-stores.ts";

const ADMIN = "fl_admin-token-for-identity-tests-0123456789";
const policy = { defaultGroup: "students", groups: [{ id: "students", kind: "student" }] };
const AT = "2026-12-01T09:00:00.000Z";
const person = {
  kind: "pupil" as const,
  displayName: "Ada Lovelace",
  externalId: "UPN-0017",
  username: "ALovelace",
  yearGroup: "Year 7",
  tutorGroup: "7B",
  tags: ["sen", "Year 7"],
};

/** A hub with sites A and B, a policy for A, and an enrolled agent of A. */
async function hubWithAgent() {
  const { stores, file } = openTempStores();
  const now = new Date("2026-12-02T10:00:00.000Z");
  const app = createHubApp({ stores, log: pino({ level: "silent" }), now: () => now });
  grantToken(stores, ADMIN, "ict-admin");
  const send = (method: string, path: string, body?: unknown, token = ADMIN, headers: Record<string, string> = {}) =>
    app.request(path, {
      method,
      headers: { "content-type": "application/json", authorization: `Bearer ${token}`, ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  for (const id of ["school-a", "school-b"]) await send("POST", "/api/sites", { id, name: id });
  await send("PUT", "/api/sites/school-a/policy", { policy, reason: "first policy" });
  const { token } = (await (await send("POST", "/api/sites/school-a/enrolment-tokens", {})).json()) as {
    token: string;
  };
  const { credential } = (await (await send("POST", "/api/agents/enrol", { token, name: "gw" })).json()) as {
    credential: string;
  };
  const poll = (etag?: string) =>
    send("GET", "/api/agents/policy", undefined, credential, etag ? { "if-none-match": etag } : {});
  return { stores, file, poll };
}

describe("the identity table in the agent's policy", () => {
  it("holds its own site's people, devices, tokens and sanction in force, parses as the agent parses it, and changes the ETag on an edit", async () => {
    const { stores, file, poll } = await hubWithAgent();
    const ada = stores.people.insert("school-a", person, AT);
    const other = stores.people.insert("school-b", { ...person, externalId: "UPN-9", username: "other" }, AT);
    const laptop = stores.devices.insert(
      "school-a",
      { mac: "aa:bb:cc:dd:ee:01", hostname: "lap-1", ownerId: ada.id, kind: "laptop", label: null },
      AT,
    );
    stores.devices.insert(
      "school-b",
      { mac: "aa:bb:cc:dd:ee:02", hostname: null, ownerId: other.id, kind: "phone", label: null },
      AT,
    );
    // Tokens and sanctions are written by their own parts of the hub; here, straight into the tables.
    const db = openTestDatabase(file);
    db.prepare(
      "INSERT INTO device_tokens (device_id, token_hash, created_at, created_by) VALUES (?, ?, ?, 'dsl'), (?, ?, ?, 'dsl')",
    ).run(laptop.id, "a".repeat(64), AT, laptop.id, "b".repeat(64), AT);
    db.prepare("UPDATE device_tokens SET revoked_at = ? WHERE token_hash = ?").run(AT, "b".repeat(64));
    const sanction = db.prepare(
      "INSERT INTO person_sanctions (person_id, reason, allow, starts_at, ends_at, set_by, lifted_at) VALUES (?, 'r', ?, ?, ?, 'dsl', ?)",
    );
    sanction.run(ada.id, '["bbc.co.uk"]', "2026-12-01T00:00:00.000Z", "2026-12-04T16:00:00.000Z", null);
    sanction.run(ada.id, "[]", "2026-12-02T00:00:00.000Z", "2026-12-09T16:00:00.000Z", AT); // lifted
    sanction.run(ada.id, "[]", "2026-11-20T00:00:00.000Z", "2026-11-27T16:00:00.000Z", null); // over

    const first = await poll();
    expect(first.status).toBe(200);
    const etag = first.headers.get("etag") as string;
    expect(etag).toMatch(/^"policy-1-[0-9a-f]{16}"$/);
    const body = (await first.json()) as { version: number; policy: unknown };
    const parsed = sitePolicySchema.parse(body.policy);
    expect(parsed.identity).toEqual({
      people: [
        {
          id: String(ada.id),
          logins: ["alovelace", "upn-0017"],
          directoryGroups: ["Year 7", "7B", "sen"],
          sanction: { until: Date.parse("2026-12-04T16:00:00.000Z"), allow: ["bbc.co.uk"] },
        },
      ],
      devices: [{ id: String(laptop.id), mac: "aa:bb:cc:dd:ee:01", person: String(ada.id) }],
      roaming: [{ tokenHash: "a".repeat(64), device: String(laptop.id) }],
    });
    expect(JSON.stringify(body)).not.toContain("Lovelace");

    expect((await poll(etag)).status).toBe(304);
    stores.people.update(ada.id, { ...person, tutorGroup: "7C" }, AT);
    const edited = await poll(etag);
    expect(edited.status).toBe(200);
    const next = edited.headers.get("etag") as string;
    expect(next).not.toBe(etag);
    expect((await poll(next)).status).toBe(304);
    db.prepare("UPDATE device_tokens SET revoked_at = ? WHERE token_hash = ?").run(AT, "a".repeat(64));
    expect((await poll(next)).status).toBe(200);
    db.close();
    stores.close();
  });

  it("keeps each person within what the agent takes: 32 groups at most, year and tutor group first, host names only in a sanction", async () => {
    const { stores, file, poll } = await hubWithAgent();
    const tags = Array.from({ length: 32 }, (_, i) => `tag-${i}`);
    const busy = stores.people.insert("school-a", { ...person, tags }, AT);
    const db = openTestDatabase(file);
    db.prepare(
      "INSERT INTO person_sanctions (person_id, reason, allow, starts_at, ends_at, set_by) VALUES (?, 'r', ?, ?, ?, 'dsl')",
    ).run(busy.id, '["bbc.co.uk", "not a host", "*.example"]', AT, "2026-12-04T16:00:00.000Z");
    const body = (await (await poll()).json()) as { policy: unknown };
    const [parsed] = sitePolicySchema.parse(body.policy).identity?.people ?? [];
    expect(parsed?.directoryGroups).toHaveLength(32);
    expect(parsed?.directoryGroups.slice(0, 3)).toEqual(["Year 7", "7B", "tag-0"]);
    expect(parsed?.sanction?.allow).toEqual(["bbc.co.uk"]);
    db.close();
    stores.close();
  });
});
