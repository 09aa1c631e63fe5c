import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hubMain } from "@fenceline/hub/src/cli/hub-cli.ts";
import { hubSettingsFromConfig } from "@fenceline/hub/src/cli/hub-from-config.ts";
import { loadHubConfig } from "@fenceline/hub/src/config/hub-config.ts";
import { createHub } from "@fenceline/hub/src/hub-app.ts";
import { openHubStores } from "@fenceline/hub/src/store/open-stores.ts";
import { serve } from "@hono/node-server";
import { pino } from "pino";

/** Runs the hub's command line in-process, as an administrator would on the hub's machine. */
export async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await hubMain(args, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

export interface Credentials {
  cookie: string;
  csrf: string;
}

/**
 * A hub on a real SQLite file, served over real HTTP on 127.0.0.1 (port 0), whose sites and first
 * accounts were made with the command line. Sign-in limits are raised: every request comes from 127.0.0.1.
 */
export async function accountsHub(sites: [string, string][]) {
  const work = mkdtempSync(join(tmpdir(), "fenceline-accounts-"));
  const config = join(work, "hub.yaml");
  writeFileSync(
    config,
    `listen: "127.0.0.1:0"\ndatabase: ${join(work, "hub.sqlite")}\nsecureCookies: false\nauth:\n  lockoutAttempts: 5\n  lockoutMinutes: 15\n  attemptsPerAddressPerMinute: 1000\n  sessionHours: 10\n`,
  );
  for (const [id, name] of sites) {
    const added = await cli(["sites", "add", "--config", config, id, name]);
    if (added.code !== 0) throw new Error(added.err);
  }
  /** A user made with `fenceline-hub users add`; returns the one-time password it printed. */
  const addUser = async (email: string, role: string, siteList?: string) => {
    const args = ["users", "add", "--config", config, "--email", email, "--name", email, "--role", role];
    const added = await cli(siteList ? [...args, "--sites", siteList] : args);
    if (added.code !== 0) throw new Error(added.err);
    return added.out.trim();
  };
  return { work, config, addUser };
}

/** Starts the hub's HTTP server on the folder's configuration; call after the command line is done. */
export async function serveAccountsHub(config: string) {
  const loaded = loadHubConfig(config);
  const stores = openHubStores(loaded.database as string);
  const hub = createHub({ stores, log: pino({ level: "silent" }), settings: hubSettingsFromConfig(loaded) });
  hub.services.alerts.notify = () => {};
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const started = serve({ fetch: hub.app.fetch, hostname: "127.0.0.1", port: 0 }, () => resolve(started));
  });
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;

  /** A JSON request over HTTP, as a bearer token or a signed-in session (with its CSRF token). */
  const call = async (method: string, path: string, as: string | Credentials | null, body?: unknown) => {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (typeof as === "string") headers.authorization = `Bearer ${as}`;
    else if (as) Object.assign(headers, { cookie: as.cookie, "x-csrf-token": as.csrf });
    const response = await fetch(`${url}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, text, json: (text ? JSON.parse(text) : null) as Record<string, unknown> };
  };

  /** A one-time password is changed at the first sign-in, as its owner must; later sign-ins use the new one. */
  const chosen = new Map<string, string>();
  const login = async (email: string, given: string): Promise<Credentials> => {
    const password = chosen.get(`${email}\n${given}`) ?? given;
    const response = await fetch(`${url}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, password }),
    });
    if (response.status !== 200) throw new Error(`sign-in of ${email}: ${response.status} ${await response.text()}`);
    const cookie = (response.headers.get("set-cookie") ?? "").split(";")[0] as string;
    const body = (await response.json()) as { csrf: string; mustChangePassword?: boolean };
    const session = { cookie, csrf: body.csrf };
    if (body.mustChangePassword) {
      const own = `${password}-own-Kq7`;
      const changed = await call("POST", "/api/me/password", session, { current: password, next: own });
      if (changed.status !== 204)
        throw new Error(`first password change of ${email}: ${changed.status} ${changed.text}`);
      chosen.set(`${email}\n${given}`, own);
    }
    return session;
  };

  const close = async () => {
    await new Promise((done) => server.close(done));
    await hub.services.alerts.settle();
    stores.close();
  };
  /** The password `email` signs in with now, given the one it was made with. */
  const passwordNow = (email: string, given: string) => chosen.get(`${email}\n${given}`) ?? given;
  return { hub, stores, url, call, login, passwordNow, close };
}
