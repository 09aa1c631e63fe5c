import { type ChildProcess, spawn } from "node:child_process";
import { Resolver } from "node:dns/promises";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "./support/free-port.ts";
import { TestUpstream } from "./support/test-upstream.ts";

const root = join(import.meta.dirname, "..");
const work = mkdtempSync(join(tmpdir(), "fenceline-quick-start-"));
let child: ChildProcess;
let output = "";
let upstream: TestUpstream;
const ports = { hub: 0, dns: 0, http: 0 };

async function waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
  const started = Date.now();
  for (;;) {
    const match = output.match(pattern);
    if (match) return match;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${pattern}; output:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  upstream = await new TestUpstream().start();
  ports.hub = await freePort();
  ports.dns = await freePort();
  ports.http = await freePort();
  // No internet here: the lists come from a local mirror holding one list.
  mkdirSync(join(work, "mirror", "ut1"), { recursive: true });
  writeFileSync(join(work, "mirror", "ut1", "agressif.txt"), "hate-site.test\n");
  child = spawn("bash", ["scripts/start.sh"], {
    cwd: root,
    detached: true,
    env: {
      ...process.env,
      FENCELINE_VAR: join(work, "var"),
      FENCELINE_MIRROR: join(work, "mirror"),
      FENCELINE_UPSTREAM: upstream.url,
      FENCELINE_HUB_PORT: String(ports.hub),
      FENCELINE_DNS_PORT: String(ports.dns),
      FENCELINE_AGENT_HTTP_PORT: String(ports.http),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
}, 30_000);

afterAll(async () => {
  if (child.exitCode === null) process.kill(-(child.pid as number), "SIGKILL");
  await upstream.stop();
});

describe("./run start: all of Fenceline on embedded defaults", () => {
  let password = "";

  it("comes up, printing the dashboard address and the first administrator's one-time password", async () => {
    await waitFor(/Fenceline is running/, 90_000);
    expect(output).toContain(`Dashboard:  http://127.0.0.1:${ports.hub}/`);
    password = (await waitFor(/one-time password: (\S+)/, 5000))[1] as string;
    expect(password.length).toBeGreaterThanOrEqual(16);
  }, 100_000);

  it("filters DNS, ships the flagged look-up to the hub, and lets the administrator sign in to see it", async () => {
    const resolver = new Resolver({ timeout: 2000, tries: 3 });
    resolver.setServers([`127.0.0.1:${ports.dns}`]);
    let answered = false;
    for (let i = 0; i < 50 && !answered; i++) {
      try {
        await resolver.resolve4("example.org");
        answered = true;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
    expect(await resolver.resolve4("example.org")).toEqual(["192.0.2.1"]);
    await expect(resolver.resolve4("hate-site.test")).rejects.toMatchObject({ code: "ENOTFOUND" });

    const hub = `http://127.0.0.1:${ports.hub}`;
    const login = await fetch(`${hub}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "admin@fenceline.local", password }),
    });
    expect(login.status).toBe(200);
    const cookie = (login.headers.get("set-cookie") as string).split(";")[0] as string;
    let names: string[] = [];
    for (let i = 0; i < 50 && !names.includes("hate-site.test"); i++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const events = (await (await fetch(`${hub}/api/events`, { headers: { cookie } })).json()) as {
        events: { name: string }[];
      };
      names = events.events.map((e) => e.name);
    }
    expect(names).toContain("hate-site.test");
    expect((await fetch(`${hub}/`, { headers: { cookie } })).status).toBe(200);
  }, 30_000);

  it("stops cleanly on Ctrl-C", async () => {
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    process.kill(-(child.pid as number), "SIGINT");
    expect(await exited).toBe(0);
    await waitFor(/Fenceline stopped\./, 1000);
  }, 20_000);
});
