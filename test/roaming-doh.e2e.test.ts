import { execFile } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { ClientHttp2Session } from "node:http2";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { startAgent } from "@fenceline/agent/src/agent.ts";
import { validateConfig } from "@fenceline/agent/src/config/load-config.ts";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness, TEST_GROUPS, writeTestSnapshot } from "./support/agent-harness.ts";
import { queryPacket, readReply, TYPE } from "./support/dns-client.ts";
import { dohRequest, dohSession } from "./support/doh-client.ts";
import { selfSignedCertificate } from "./support/self-signed.ts";

const run = promisify(execFile);
const newToken = () => `fldoh_${randomBytes(32).toString("base64url")}`;
const sha256 = (token: string) => createHash("sha256").update(token).digest("hex");

/** Device 5 belongs to person 17, in Year 7 (the stricter ks3 group); device 6's owner is in no mapped group. */
const PUPIL_TOKEN = newToken();
const OTHER_TOKEN = newToken();
const UNKNOWN_TOKEN = newToken();

let h: Harness;
let work: string;
let cert: string;
let dohPort: number;
let web: Server;
let webPort: number;
let webVisits = 0;
let session: ClientHttp2Session;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "fenceline-doh-"));
  const tls = selfSignedCertificate(work);
  cert = tls.cert;
  h = await startHarness({
    doh: { listen: "127.0.0.1:0", ...tls },
    policy: {
      groups: [...TEST_GROUPS, { id: "ks3", kind: "student", blockMode: "nxdomain", block: ["strict.test"] }],
      directoryGroups: [{ directoryGroup: "Year 7", group: "ks3" }],
      identity: {
        people: [
          { id: "17", directoryGroups: ["Year 7"] },
          { id: "18", directoryGroups: ["Governors"] },
        ],
        devices: [
          { id: "5", mac: null, person: "17" },
          { id: "6", mac: null, person: "18" },
        ],
        roaming: [
          { tokenHash: sha256(PUPIL_TOKEN), device: "5" },
          { tokenHash: sha256(OTHER_TOKEN), device: "6" },
        ],
      },
    },
  });
  // Every name the test upstream answers is this machine, where a small web server waits for curl.
  h.upstream.address = "127.0.0.1";
  dohPort = h.agent.dohPort as number;
  web = createServer((_, response) => {
    webVisits++;
    response.end("reached through DoH");
  });
  await new Promise<void>((resolve) => web.listen(0, "127.0.0.1", resolve));
  webPort = (web.address() as { port: number }).port;
  session = dohSession(dohPort);
});

afterAll(async () => {
  session?.close();
  web?.close();
  await h?.stop();
});

/** kdig's report over DNS over HTTPS (POST, or GET with `get`), checking the certificate the test made. */
async function kdig(token: string, name: string, get = false): Promise<string> {
  const args = [`+https=/dns-query/${token}`, "@127.0.0.1", "-p", String(dohPort), `+tls-ca=${cert}`];
  try {
    const { stdout } = await run("kdig", [...args, ...(get ? ["+https-get"] : []), "+timeout=3", name, "A"]);
    return stdout;
  } catch (error) {
    // kdig exits non-zero when the server refuses; its report still says how.
    return `${(error as { stdout: string }).stdout}\nexit ${(error as { code: number }).code}`;
  }
}

/** curl fetching a page whose host name it resolves over DNS over HTTPS; its exit code and body. */
async function curlThroughDoh(token: string, host: string): Promise<{ code: number; body: string }> {
  const args = [`--doh-url`, `https://127.0.0.1:${dohPort}/dns-query/${token}`, "--doh-insecure", "-4", "-s"];
  try {
    const { stdout } = await run("curl", [...args, "--max-time", "5", `http://${host}:${webPort}/`]);
    return { code: 0, body: stdout };
  } catch (error) {
    return { code: (error as { code: number }).code, body: "" };
  }
}

const metrics = async () => (await fetch(`http://127.0.0.1:${h.httpPort}/metrics`)).text();
const refusedForToken = async () =>
  Number(/fenceline_doh_refused_total\{reason="token"\} (\d+)/.exec(await metrics())?.[1] ?? 0);

describe("DNS over HTTPS for roaming devices", () => {
  it("resolves an allowed name for kdig, over POST and over GET", async () => {
    for (const get of [false, true]) {
      const out = await kdig(PUPIL_TOKEN, "allowed.test", get);
      expect(out).toMatch(/status: NOERROR/);
      expect(out).toMatch(/allowed\.test\.\s+\d+\s+IN\s+A\s+127\.0\.0\.1/);
    }
  });

  it("filters by the device's person's directory group, not the default group", async () => {
    h.agent.events.drain();
    expect(await kdig(PUPIL_TOKEN, "strict.test")).toMatch(/status: NXDOMAIN/);
    expect(h.agent.events.drain().pop()).toMatchObject({
      name: "strict.test",
      outcome: "blocked",
      group: "ks3",
      device: "5",
      person: "17",
    });
    // The same name for a device whose owner has no mapped group: the default group allows it.
    expect(await kdig(OTHER_TOKEN, "strict.test", true)).toMatch(/status: NOERROR/);
  });

  it("serves curl --doh-url: an allowed host is reached, a blocked one does not resolve", async () => {
    expect(await curlThroughDoh(PUPIL_TOKEN, "allowed.test")).toEqual({ code: 0, body: "reached through DoH" });
    const visits = webVisits;
    // curl gives up before connecting (its exit code for an unresolved DoH name varies by version).
    expect((await curlThroughDoh(PUPIL_TOKEN, "strict.test")).code).not.toBe(0);
    expect(webVisits).toBe(visits);
    expect(await curlThroughDoh(OTHER_TOKEN, "strict.test")).toEqual({ code: 0, body: "reached through DoH" });
    expect(webVisits).toBe(visits + 1);
  });

  it("refuses an unknown or revoked token with 401, and counts it", async () => {
    const before = await refusedForToken();
    const query = Buffer.from(queryPacket("allowed.test", TYPE.A, 0)).toString("base64url");
    const reply = await dohRequest(session, { path: `/dns-query/${UNKNOWN_TOKEN}?dns=${query}` });
    expect(reply.status).toBe(401);
    expect((await curlThroughDoh(UNKNOWN_TOKEN, "allowed.test")).code).not.toBe(0);
    const refused = await kdig(UNKNOWN_TOKEN, "allowed.test");
    expect(refused).toMatch(/status: 401/);
    expect(refused).not.toMatch(/NOERROR/);
    expect(await refusedForToken()).toBeGreaterThanOrEqual(before + 3);
  });

  it("answers with application/dns-message and a max-age of the smallest TTL", async () => {
    const query = Buffer.from(queryPacket("ttl.test", TYPE.A, 0)).toString("base64url");
    const reply = await dohRequest(session, { path: `/dns-query/${PUPIL_TOKEN}?dns=${query}` });
    expect(reply.status).toBe(200);
    expect(reply.headers["content-type"]).toBe("application/dns-message");
    expect(reply.headers["cache-control"]).toBe(`max-age=${h.upstream.ttl}`);
    expect(readReply(reply.body).answers[0]).toMatchObject({ name: "ttl.test", address: "127.0.0.1" });
  });

  it.each([
    ["a method other than GET and POST", { method: "PUT" }, 405],
    ["a POST that is not a DNS message", { method: "POST", headers: { "content-type": "application/json" } }, 415],
    ["a POST longer than any DNS message", { method: "POST", body: new Uint8Array(70_000) }, 400],
    ["a POST shorter than a DNS header", { method: "POST", body: new Uint8Array(5) }, 400],
    ["a GET without a dns parameter", { method: "GET" }, 400],
    ["a GET whose dns parameter is not base64url", { method: "GET", query: "?dns=%2B%2F%3D%3D" }, 400],
  ])("refuses %s (%i)", async (_, request, status) => {
    const body = "body" in request ? request.body : request.method === "POST" ? new Uint8Array(20) : undefined;
    const headers =
      "headers" in request
        ? request.headers
        : request.method === "POST"
          ? { "content-type": "application/dns-message" }
          : {};
    const path = `/dns-query/${PUPIL_TOKEN}${"query" in request ? request.query : ""}`;
    const reply = await dohRequest(session, { method: request.method, path, headers, ...(body ? { body } : {}) });
    expect(reply.status).toBe(status);
  });

  it("refuses a path other than /dns-query/<token> with 404", async () => {
    expect((await dohRequest(session, { path: "/" })).status).toBe(404);
  });
});

describe("the DoH certificate files", () => {
  it("stop the agent from starting, with the field named, when missing or not a certificate", async () => {
    const dir = mkdtempSync(join(tmpdir(), "fenceline-doh-bad-"));
    writeFileSync(join(dir, "cert.pem"), "not a certificate");
    writeFileSync(join(dir, "key.pem"), "not a key");
    const missing = { listen: "127.0.0.1:0", cert: join(dir, "none.pem"), key: join(dir, "key.pem") };
    await expect(startHarness({ doh: missing })).rejects.toThrow(/doh\.cert: cannot read .*none\.pem \(ENOENT\)/);
    const bad = { listen: "127.0.0.1:0", cert: join(dir, "cert.pem"), key: join(dir, "key.pem") };
    await expect(startHarness({ doh: bad })).rejects.toThrow(/doh\.cert and doh\.key: .* are not a PEM certificate/);
  });
});

describe("a roaming agent without a DNS listener", () => {
  it("answers over DNS over HTTPS alone", async () => {
    const dir = mkdtempSync(join(tmpdir(), "fenceline-doh-only-"));
    const token = newToken();
    const config = validateConfig({
      listen: [],
      upstreams: [h.upstream.url],
      snapshot: writeTestSnapshot(dir),
      doh: { listen: "127.0.0.1:0", ...selfSignedCertificate(dir) },
      policy: {
        defaultGroup: "guests",
        groups: TEST_GROUPS,
        identity: {
          devices: [{ id: "9", mac: null, person: null }],
          roaming: [{ tokenHash: sha256(token), device: "9" }],
        },
      },
      logLevel: "silent",
    });
    const agent = await startAgent(config, pino({ level: "silent" }));
    const own = dohSession(agent.dohPort as number);
    try {
      expect(agent.dns).toEqual({ udp: [], tcp: [] });
      const query = Buffer.from(queryPacket("allowed.test", TYPE.A, 0)).toString("base64url");
      const reply = await dohRequest(own, { path: `/dns-query/${token}?dns=${query}` });
      expect(reply.status).toBe(200);
      expect(readReply(reply.body).answers[0]).toMatchObject({ address: "127.0.0.1" });
    } finally {
      own.close();
      await agent.stop();
    }
  });
});
