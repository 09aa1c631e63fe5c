import { ROLE_PERMISSIONS } from "../domain/roles.ts";
import type { AlertSender } from "../services/alert-sender.ts";
import type { HubStores } from "../store/open-stores.ts";

/** When the daily audit anchor goes out (hub's local time): before the school day. */
export const AUDIT_ANCHOR_CRON = "30 6 * * *";

export type AuditHeadReader = () => { seq: number; hash: string; count: number } | null;

/**
 * Emails the audit log's sealed head to the DSLs and their deputies: a copy outside the hub, so
 * that removing the newest entries and the head with them (by someone who also took the key)
 * still shows against yesterday's email. Returns the recipients.
 */
export async function sendAuditAnchor(deps: {
  stores: HubStores;
  sender: AlertSender;
  auditHead: AuditHeadReader;
}): Promise<string[]> {
  const to = deps.stores.users
    .all()
    .filter((u) => !u.disabledAt && ROLE_PERMISSIONS[u.role].includes("reports:safeguarding"))
    .map((u) => u.email);
  // Without SMTP there is no one to tell; the head is still in every report's footer.
  if (to.length === 0 || !deps.sender.canEmail) return [];
  const head = deps.auditHead();
  const text = head
    ? [
        "The hub's audit log, as sealed this morning:",
        "",
        `  Entries:      ${head.count}`,
        `  Newest entry: #${head.seq}`,
        `  Its hash:     ${head.hash}`,
        "",
        "Keep this email: it is the log's anchor outside the hub. Entry numbers only grow; if a",
        `later email, a report's footer or "fenceline-hub audit verify" shows entry #${head.seq} with another`,
        "hash, or no entry that far, entries were removed from the log.",
      ].join("\n")
    : 'The audit log\'s sealed head does NOT hold: entries or the head were removed or changed. Ask the ICT team to run "fenceline-hub audit verify" now.';
  await deps.sender.email(to, {
    subject: head
      ? `[Fenceline] Audit log anchor: ${head.count} entries, #${head.seq}`
      : "[Fenceline] AUDIT LOG CHECK FAILED",
    text,
  });
  return to;
}
