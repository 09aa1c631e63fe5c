import { readFileSync } from "node:fs";
import { mkdir, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { issueLines } from "@fenceline/shared";
import { policyProblems, type SitePolicy, sitePolicySchema } from "@fenceline/shared/policy";
import type { Logger } from "pino";
import { request } from "undici";

export interface HubPolicy {
  version: number;
  policy: SitePolicy;
  etag: string | null;
}

/** A policy as the hub or the cache file gives it, checked; null with the problems logged if unusable. */
function checkHubPolicy(value: unknown, log: Logger): { version: number; policy: SitePolicy } | null {
  const version = (value as { version?: unknown })?.version;
  const parsed = sitePolicySchema.safeParse((value as { policy?: unknown })?.policy);
  const problems = parsed.success ? policyProblems(parsed.data) : issueLines(parsed.error.issues);
  if (!parsed.success || problems.length > 0 || typeof version !== "number") {
    log.error({ problems }, "policy from the hub is invalid; keeping the policy in force");
    return null;
  }
  return { version, policy: parsed.data };
}

/** The last good policy the hub sent, from the cache file, or null. */
export function readCachedPolicy(file: string, log: Logger): HubPolicy | null {
  try {
    const cached = JSON.parse(readFileSync(file, "utf8")) as { etag?: string | null };
    const checked = checkHubPolicy(cached, log);
    return checked ? { ...checked, etag: cached.etag ?? null } : null;
  } catch {
    return null;
  }
}

/**
 * Polls the hub for the site's policy (If-None-Match, so unchanged costs a 304). A new one is
 * validated, handed to `apply` (which compiles it and swaps it in whole, or refuses it), and only
 * then written to the cache file, atomically, as the last good copy.
 */
export function startPolicyPolling(
  hub: { url: string; credential: string },
  intervalMs: number,
  cacheFile: string,
  initial: HubPolicy | null,
  apply: (policy: SitePolicy) => boolean,
  log: Logger,
): () => void {
  let etag = initial?.etag ?? null;
  const poll = async () => {
    try {
      const response = await request(new URL("/api/agents/policy", hub.url), {
        headers: { authorization: `Bearer ${hub.credential}`, ...(etag ? { "if-none-match": etag } : {}) },
        headersTimeout: 10_000,
        bodyTimeout: 10_000,
      });
      if (response.statusCode !== 200) {
        await response.body.dump();
        if (response.statusCode !== 304 && response.statusCode !== 204)
          log.warn({ status: response.statusCode }, "hub refused the policy request");
        return;
      }
      const checked = checkHubPolicy(await response.body.json(), log);
      const nextTag = typeof response.headers.etag === "string" ? response.headers.etag : null;
      if (!checked || !apply(checked.policy)) return;
      etag = nextTag;
      await mkdir(dirname(cacheFile), { recursive: true });
      const temporary = `${cacheFile}.${process.pid}.tmp`;
      await writeFile(temporary, JSON.stringify({ version: checked.version, policy: checked.policy, etag }));
      await rename(temporary, cacheFile);
      log.info({ version: checked.version }, "policy from the hub applied");
    } catch (error) {
      log.warn({ err: error }, "cannot fetch the policy from the hub; keeping the policy in force");
    }
  };
  void poll();
  const timer = setInterval(poll, intervalMs).unref();
  return () => clearInterval(timer);
}
