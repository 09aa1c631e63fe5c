import { type Zippable, zipSync } from "fflate";
import type { Actor } from "../domain/roles.ts";
import { HubError } from "../hub-error.ts";
import { sha256Hex } from "../store/attachment-files.ts";
import type { HubStores } from "../store/open-stores.ts";
import type { AttachmentService } from "./attachment-service.ts";
import { actorName } from "./audit-service.ts";
import {
  alertsCsv,
  type EvidenceMaterial,
  eventsCsv,
  incidentJson,
  readme,
  recordCsv,
  referralsCsv,
} from "./evidence-pack-files.ts";
import { DepsService } from "./store-service.ts";

/** The most events a pack holds of one incident (a repeat incident can gather many). */
const MAX_EVENTS = 100_000;

export interface EvidencePack {
  fileName: string;
  zip: Uint8Array;
  /** The SHA-256 of SHA256SUMS: what the audit log records, so the pack can be shown unchanged later. */
  manifestSha256: string;
  /** Every file in the pack, SHA256SUMS last. */
  files: string[];
}

export interface EvidencePackServiceDeps {
  stores: Pick<HubStores, "incidents" | "eventQueries" | "alerts">;
  attachments: AttachmentService;
  /** The site's time zone, for the times people read. */
  zoneOf: (siteId: string) => string;
  contextMinutes: number;
  now?: () => Date;
}

/**
 * One incident's evidence, for the police, the LADO or CEOP: a ZIP of the incident record, every
 * event and its context, the alerts sent, the referrals and the attached files, with a manifest of
 * SHA-256 hashes in the exact form `sha256sum -c` checks.
 */
export class EvidencePackService extends DepsService<EvidencePackServiceDeps> {
  make(actor: Actor, incidentId: number): EvidencePack {
    const material = this.material(actor, incidentId);
    const files = new Map<string, Uint8Array>();
    const text = (name: string, content: string) => files.set(name, Buffer.from(content, "utf8"));
    text("incident.json", incidentJson(material));
    text("record.csv", recordCsv(material));
    text("events.csv", eventsCsv(material));
    text("alerts.csv", alertsCsv(material));
    text("referrals.csv", referralsCsv(material));
    const attachmentFiles = material.attachments.map((a) => {
      const name = `attachments/${a.sha256}-${a.name}`;
      files.set(name, this.deps.attachments.content(incidentId, a.sha256).bytes);
      return name;
    });
    text("README.txt", readme(material, attachmentFiles, material.events.length >= MAX_EVENTS));
    const sums = [...files].map(([name, bytes]) => `${sha256Hex(bytes)}  ${name}\n`).join("");
    const manifest = Buffer.from(sums, "utf8");
    files.set("SHA256SUMS", manifest);
    const mtime = new Date(material.madeAt);
    const zippable: Zippable = {};
    for (const [name, bytes] of files) zippable[name] = [bytes, { mtime }];
    const stamp = material.madeAt.replace(/[-:]/g, "").slice(0, 15);
    return {
      fileName: `incident-${incidentId}-evidence-${stamp}Z.zip`,
      zip: zipSync(zippable, { level: 6 }),
      manifestSha256: sha256Hex(manifest),
      files: [...files.keys()],
    };
  }

  private material(actor: Actor, incidentId: number): EvidenceMaterial {
    const incident = this.deps.stores.incidents.get(incidentId);
    if (!incident) throw new HubError("not-found", `no incident ${incidentId}`);
    const span = this.deps.contextMinutes * 60_000;
    const context = this.deps.stores.eventQueries
      .context(
        incident.siteId,
        incident.clientAddress,
        new Date(Date.parse(incident.firstSeen) - span).toISOString(),
        new Date(Date.parse(incident.lastSeen) + span).toISOString(),
        MAX_EVENTS,
      )
      .filter((event) => event.incidentId !== incidentId);
    return {
      incident,
      entries: this.deps.stores.incidents.entries(incidentId),
      events: this.deps.stores.eventQueries.ofIncident(incident, MAX_EVENTS),
      context,
      alerts: this.deps.stores.alerts.forIncident(incidentId),
      attachments: this.deps.attachments.list(incidentId),
      zone: this.deps.zoneOf(incident.siteId),
      madeBy: actorName(actor),
      madeAt: this.deps.now().toISOString(),
    };
  }
}
