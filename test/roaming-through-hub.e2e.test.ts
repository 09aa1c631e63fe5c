import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { createHubApp } from "@fenceline/hub/src/hub-app.ts";
import { openHubStores } from "@fenceline/hub/src/store/open-stores.ts";
import { grantToken } from "@fenceline/hub/src/testing/grant-token.ts";
import Database from "better-sqlite3";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "./support/agent-harness.ts";
import { freePort } from "./support/free-port.ts";
import { serveHub } from "./support/hub-with-agent.ts";
import { selfSignedCertificate } from "./support/self-signed.ts";

const run = promisify(execFile);
const ICT = "fl_ict-token-for-roaming-through-hub-0123456789";
const DSL = "fl_dsl-token-for-roaming-through-hub-0123456789";

/**
 * The roaming chain whole: a pupil and their laptop entered at the hub, a token issued there for
 * the laptop, the agent given the identity table by its policy poll; kdig over DNS over HTTPS with
 * that token is filtered by the pupil's directory group, and a token revoked at the hub is refused
 * from the agent's next poll.
 */
let work: string;
let cert: string;
let h: Harness;
let closeHub: () => Promise<void>;
let send: (method: string, path: string, body: unknown, token?: string) => Promise<Record<string, unknown>>;
let cacheFile: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "fenceline-roaming-hub-"));
  const stores = openHubStores(join(work, "hub.sqlite"));
  const app = createHubApp({ stores, log: pino({ level: "silent" }) });
  grantToken(stores, ICT, "ict-admin");
  grantToken(stores, DSL, "dsl");
  send = async (method, path, body, token = ICT) =>
    (await (
      await app.request(path, {
        method,
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
    )
      .json()
      .catch(() => ({}))) as Record<string, unknown>;
  await send("POST", "/api/sites", { id: "school-a", name: "School A" });
  const { token } = (await send("POST", "/api/sites/school-a/enrolment-tokens", {})) as { token: string };
  const { credential } = (await send("POST", "/api/agents/enrol", { token, name: "roaming" })) as {
    credential: string;
  };
  writeFileSync(join(work, "credential"), credential);
  await send("PUT", "/api/sites/school-a/policy", {
    policy: {
      defaultGroup: "everyone",
      groups: [
        { id: "everyone", kind: "staff" },
        { id: "ks3", kind: "student", blockMode: "nxdomain", block: ["strict.test"] },
      ],
      directoryGroups: [{ directoryGroup: "Year 7", group: "ks3" }],
    },
    reason: "key stage 3 by year group",
  });
  const port = await freePort();
  const server = await serveHub(app.fetch, port);
  closeHub = server.close;
  const tls = selfSignedCertificate(work);
  cert = tls.cert;
  cacheFile = join(work, "hub-policy.json");
  h = await startHarness({
    doh: { listen: "127.0.0.1:0", ...tls },
    outbox: { file: join(work, "outbox.sqlite"), maxEvents: 1000, flushMs: 50 },
    hub: {
      url: `http://127.0.0.1:${port}`,
      credentialFile: join(work, "credential"),
      heartbeatSeconds: 3600,
      policyPollSeconds: 5,
      policyCacheFile: cacheFile,
    },
  });
}, 30_000);

afterAll(async () => {
  await h?.stop();
  await closeHub?.();
});

async function kdig(token: string, name: string): Promise<string> {
  const args = [`+https=/dns-query/${token}`, "@127.0.0.1", "-p", String(h.agent.dohPort), `+tls-ca=${cert}`];
  try {
    return (await run("kdig", [...args, "+timeout=3", name, "A"])).stdout;
  } catch (error) {
    return `${(error as { stdout: string }).stdout}\nexit ${(error as { code: number }).code}`;
  }
}

/** Waits until the agent's cached copy of the hub's policy passes `test` (it is written once applied). */
async function appliedPolicy(test: (policy: { identity?: { roaming: unknown[] } }) => boolean): Promise<void> {
  const started = Date.now();
  while (Date.now() - started < 15_000) {
    if (existsSync(cacheFile) && test(JSON.parse(readFileSync(cacheFile, "utf8")).policy)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("the agent did not apply the hub's policy in time");
}

/** The hub's stored event for `name`, once it has arrived (read from the hub's own database file). */
async function storedEvent(name: string): Promise<unknown> {
  const db = new Database(join(work, "hub.sqlite"), { readonly: true });
  try {
    const started = Date.now();
    while (Date.now() - started < 10_000) {
      const row = db.prepare("SELECT client_group, device_id, person_id FROM events WHERE name = ?").get(name);
      if (row) return row;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return null;
  } finally {
    db.close();
  }
}

describe("a roaming laptop through the hub", () => {
  it("is filtered by its owner's year group with a hub-issued token, and refused once the token is revoked", async () => {
    const pupil = (await send(
      "POST",
      "/api/sites/school-a/people",
      { displayName: "Ada", yearGroup: "Year 7" },
      DSL,
    )) as {
      id: number;
    };
    const laptop = (await send("POST", "/api/sites/school-a/devices", { kind: "laptop", ownerId: pupil.id }, DSL)) as {
      id: number;
    };
    const tokens = `/api/sites/school-a/devices/${laptop.id}/roaming-tokens`;
    const issued = (await send("POST", tokens, {})) as { id: number; token: string };
    expect(issued.token).toMatch(/^fldoh_/);
    await appliedPolicy((policy) => (policy.identity?.roaming.length ?? 0) === 1);

    expect(await kdig(issued.token, "allowed.test")).toMatch(/status: NOERROR/);
    expect(await kdig(issued.token, "strict.test")).toMatch(/status: NXDOMAIN/);
    // The refused look-up reaches the hub as the pupil's, from the laptop, in their group.
    expect(await storedEvent("strict.test")).toEqual({
      client_group: "ks3",
      device_id: laptop.id,
      person_id: pupil.id,
    });

    await send("DELETE", `${tokens}/${issued.id}`, undefined);
    await appliedPolicy((policy) => (policy.identity?.roaming.length ?? 0) === 0);
    const refused = await kdig(issued.token, "allowed.test");
    expect(refused).not.toMatch(/status: NOERROR/);
    expect(refused).toMatch(/401|exit/);
  }, 45_000);
});
