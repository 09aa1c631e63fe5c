import { join } from "node:path";

/**
 * What an agent needs to report to a test hub (see `hubWithAgent`): an outbox in the hub's folder
 * that flushes quickly, and the hub link with the heartbeat left quiet and the policy polled every
 * `policyPollSeconds`; the agent's copy of the hub's policy is `policyCacheFile` there.
 */
export function linkToHub(
  hub: { work: string; credentialFile: string },
  url: string,
  options: { policyPollSeconds?: number; flushMs?: number; maxEvents?: number } = {},
) {
  return {
    outbox: {
      file: join(hub.work, "outbox.sqlite"),
      maxEvents: options.maxEvents ?? 1000,
      flushMs: options.flushMs ?? 50,
    },
    hub: {
      url,
      credentialFile: hub.credentialFile,
      heartbeatSeconds: 3600,
      policyPollSeconds: options.policyPollSeconds ?? 5,
      policyCacheFile: join(hub.work, "hub-policy.json"),
    },
  };
}

export interface ApiReply {
  status: number;
  body: Record<string, unknown>;
}

/** JSON calls to the hub's app with a bearer token; a body that is not JSON reads as {}. */
export function hubApi(app: { request(path: string, init: RequestInit): Response | Promise<Response> }) {
  return async (method: string, path: string, body: unknown, token: string): Promise<ApiReply> => {
    const response = await app.request(path, {
      method,
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json().catch(() => ({}))) as Record<string, unknown> };
  };
}

/** Waits until `test` holds, checking every 100 ms; throws naming `what` after `timeoutMs`. */
export async function until(test: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const started = Date.now();
  while (!(await test())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
