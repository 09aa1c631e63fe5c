import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { seedDevice } from "@fenceline/hub/src/store/seed-device.ts";
import { parse } from "plist";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_TOKEN, type SigninHub, startSigninHub } from "./support/signin-hub.ts";

let hub: SigninHub;
let device: string;
const ict = { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" };
const api = (path: string, method = "GET", body?: unknown) =>
  fetch(`${hub.url}${path}`, { method, headers: ict, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
const tokens = () => `/api/sites/school-a/devices/${device}/roaming-tokens`;
const profile = (format: string) => api(`/api/sites/school-a/devices/${device}/roaming-profile`, "POST", { format });

beforeAll(async () => {
  hub = await startSigninHub();
  expect((await api("/api/sites", "POST", { id: "school-a", name: "St Mary's <Primary>" })).status).toBe(201);
  device = seedDevice(hub.hub.services.stores, "school-a", "Laptop 7");
});
afterAll(() => hub?.close());

describe("roaming tokens over HTTP", () => {
  let issued: { id: number; token: string };

  it("issues a token, shown once, kept only as its hash", async () => {
    const response = await api(tokens(), "POST");
    expect(response.status).toBe(201);
    expect(response.headers.get("cache-control")).toBe("no-store");
    issued = (await response.json()) as typeof issued;
    expect(issued.token).toMatch(/^fldoh_[A-Za-z0-9_-]{43}$/);
    const listed = await (await api(tokens())).text();
    expect(JSON.parse(listed)).toMatchObject({ tokens: [{ id: issued.id, revokedAt: null }] });
    expect(listed).not.toContain(issued.token.slice(6, 20));
    const audited = JSON.stringify(hub.audit("roaming-token"));
    expect(audited).toContain("roaming-token.issued");
    expect(audited).not.toContain(issued.token.slice(6, 20));
  });

  it("revokes a token once; the list keeps it, revoked", async () => {
    expect((await api(`${tokens()}/${issued.id}`, "DELETE")).status).toBe(204);
    expect((await api(`${tokens()}/${issued.id}`, "DELETE")).status).toBe(204);
    const { tokens: listed } = (await (await api(tokens())).json()) as { tokens: { id: number; revokedAt: string }[] };
    expect(listed.find((t) => t.id === issued.id)?.revokedAt).toEqual(expect.any(String));
    expect(hub.audit("roaming-token.revoked")).toHaveLength(1);
    expect((await api(`${tokens()}/99999`, "DELETE")).status).toBe(404);
  });
});

describe("device profiles over HTTP", () => {
  it("needs the site's roaming host first", async () => {
    expect((await profile("chrome")).status).toBe(409);
  });

  it("sets the site's roaming host and address", async () => {
    const response = await api("/api/sites/school-a/roaming", "PUT", {
      host: "doh.stmarys.test",
      address: "192.0.2.53",
    });
    expect(response.status).toBe(200);
    expect(await (await api("/api/sites/school-a/roaming")).json()).toEqual({
      roaming: { host: "doh.stmarys.test", address: "192.0.2.53" },
    });
  });

  it("makes an Apple profile with a fresh token that plistutil and the plist parser read", async () => {
    const response = await profile("apple");
    expect(response.status).toBe(201);
    expect(response.headers.get("content-type")).toBe("application/x-apple-aspen-config");
    expect(response.headers.get("content-disposition")).toMatch(/filename="fenceline-filtering\.mobileconfig"/);
    const body = await response.text();
    const dir = mkdtempSync(join(tmpdir(), "fenceline-mobileconfig-"));
    writeFileSync(join(dir, "p.mobileconfig"), body);
    execFileSync("plistutil", ["-i", join(dir, "p.mobileconfig"), "-o", join(dir, "p.bin"), "-f", "bin"]);
    const parsed = parse(body) as {
      PayloadContent: { DNSSettings: { ServerURL: string } }[];
      PayloadOrganization: string;
    };
    expect(parsed.PayloadOrganization).toBe("St Mary's <Primary>");
    expect(parsed.PayloadContent[0]?.DNSSettings.ServerURL).toMatch(
      /^https:\/\/doh\.stmarys\.test\/dns-query\/fldoh_[A-Za-z0-9_-]{43}$/,
    );
    const tokenId = Number(response.headers.get("x-roaming-token-id"));
    const { tokens: listed } = (await (await api(tokens())).json()) as { tokens: { id: number }[] };
    expect(listed.map((t) => t.id)).toContain(tokenId);
  });

  it("makes the Chrome policy JSON and the Windows script", async () => {
    const chrome = JSON.parse(await (await profile("chrome")).text()) as Record<string, string>;
    expect(chrome.DnsOverHttpsMode).toBe("secure");
    expect(chrome.DnsOverHttpsTemplates).toMatch(/^https:\/\/doh\.stmarys\.test\/dns-query\/fldoh_/);
    const windows = await (await profile("windows")).text();
    expect(windows).toContain("Add-DnsClientDohServerAddress -ServerAddress $server -DohTemplate $template");
    expect(windows).toContain("$server = '192.0.2.53'");
  });
});

describe("the roaming page", () => {
  it("saves the host from its form and refuses a bad one with why", async () => {
    const { session } = await hub.addUserWithOwnPassword("ict@roaming.test", "a long enough password 1", "ict-admin");
    const post = (host: string) =>
      fetch(`${hub.url}/sites/school-a/roaming`, {
        method: "POST",
        redirect: "manual",
        headers: { cookie: session.cookie as string, "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ _csrf: session.csrf as string, host, address: "" }),
      });
    const bad = await post("<b>not a host</b>");
    expect(bad.status).toBe(303);
    expect(new URL(bad.headers.get("location") ?? "", hub.url).searchParams.get("error")).toMatch(/host/);
    expect((await post("doh2.stmarys.test")).status).toBe(303);
    const shown = await (
      await fetch(`${hub.url}/sites/school-a/roaming`, { headers: { cookie: session.cookie as string } })
    ).text();
    expect(shown).toContain("doh2.stmarys.test");
    expect(shown).not.toContain("<b>not a host</b>");
  });
});
