import { type CheckRequest, type CheckResult, checkRequestsSchema } from "@fenceline/shared/checks";
import type { Logger } from "pino";
import { request } from "undici";

export interface HubAddress {
  url: string;
  credential: string;
}

const TIMEOUTS = { headersTimeout: 10_000, bodyTimeout: 10_000 } as const;

/** The checks the hub wants run and this agent has not answered; null (logged) when the hub gave none usable. */
export async function fetchCheckRequests(hub: HubAddress, log: Logger): Promise<CheckRequest[] | null> {
  try {
    const response = await request(new URL("/api/agents/checks", hub.url), {
      headers: { authorization: `Bearer ${hub.credential}` },
      ...TIMEOUTS,
    });
    if (response.statusCode !== 200) {
      await response.body.dump();
      log.warn({ status: response.statusCode }, "hub refused the filtering check request");
      return null;
    }
    const parsed = checkRequestsSchema.safeParse(await response.body.json());
    if (!parsed.success) {
      log.warn({ problems: parsed.error.issues.length }, "hub's filtering check requests are invalid");
      return null;
    }
    return parsed.data.runs;
  } catch (error) {
    log.warn({ err: error }, "cannot ask the hub for filtering checks");
    return null;
  }
}

/** What became of a result sent: stored, refused for good (the run is closed), or to send again later. */
export type Delivery = "stored" | "closed" | "retry";

export async function postCheckResult(
  hub: HubAddress,
  runId: string,
  result: CheckResult,
  log: Logger,
): Promise<Delivery> {
  try {
    const response = await request(new URL(`/api/agents/checks/${encodeURIComponent(runId)}`, hub.url), {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${hub.credential}` },
      body: JSON.stringify(result),
      ...TIMEOUTS,
    });
    await response.body.dump();
    if (response.statusCode === 204 || response.statusCode === 200) return "stored";
    if (response.statusCode === 409) return "closed";
    log.warn({ status: response.statusCode, run: runId }, "hub did not store a filtering check result");
    return "retry";
  } catch (error) {
    log.warn({ err: error, run: runId }, "cannot send a filtering check result to the hub");
    return "retry";
  }
}
