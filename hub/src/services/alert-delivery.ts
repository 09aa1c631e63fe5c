import type { Logger } from "pino";
import type { AlertStore, NewAlert } from "../store/alert-store.ts";

const RETRY_DELAYS_MS = [0, 2_000, 10_000];

/** A failure marked permanent, possibly as the cause of the error the HTTP client throws. */
function refusedForGood(error: unknown): boolean {
  let e = error as { permanent?: unknown; cause?: unknown } | undefined;
  for (let depth = 0; e && depth < 5; depth++, e = e.cause as typeof e) if (e.permanent === true) return true;
  return false;
}

/** Sends, with two retries, and returns the last error ("" when sent). */
export async function sendWithRetries(send: () => Promise<void>): Promise<string> {
  let lastError = "";
  for (const delay of RETRY_DELAYS_MS) {
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    try {
      await send();
      return "";
    } catch (error) {
      lastError = (error as Error).message || String(error);
      // A webhook the policy refuses stays refused: record it now rather than after the retries.
      if (refusedForGood(error)) break;
    }
  }
  return lastError;
}

/** Sends one alert and records it against its incident, sent or failed. */
export async function deliverAlert(
  deps: { alerts: AlertStore; log: Logger },
  alert: Omit<NewAlert, "status" | "error">,
  send: () => Promise<void>,
): Promise<boolean> {
  const error = await sendWithRetries(send);
  deps.alerts.record({ ...alert, status: error ? "failed" : "sent", error: error || null });
  if (error)
    deps.log.error({ incidentId: alert.incidentId, channel: alert.channel, error }, "alert could not be delivered");
  return !error;
}
