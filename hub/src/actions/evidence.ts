import type { Actor } from "../domain/roles.ts";
import { HubError } from "../hub-error.ts";
import type { HubServices } from "../hub-services.ts";
import { requirePermission } from "./access.ts";
import type { incidentActions } from "./incidents.ts";

const SHA256 = /^[0-9a-f]{64}$/;

/** Where the incident actions decide who may see an incident: its site, and its route if restricted. */
type IncidentVisibility = Pick<ReturnType<typeof incidentActions>, "siteOf">;

/**
 * An incident's evidence: files attached to it, each download of one, and the evidence pack for
 * the police, the LADO or CEOP. Whether the incident is the actor's to see is the incident
 * actions' check (its site, and its route when it is restricted), so both agree.
 */
export function evidenceActions(services: HubServices, incidents: IncidentVisibility) {
  const { attachments, evidencePacks, audit, settings } = services;
  // Files and packs show people and what they did in the clear: only roles that see identities get them.
  const readable = (actor: Actor, id: number) => {
    requirePermission(actor, "incidents:read");
    const siteId = incidents.siteOf(actor, { id });
    requirePermission(actor, "identities:read");
    return siteId;
  };
  return {
    /** The largest file accepted: what an upload's body is read up to. */
    maxBytes: (): number => settings.attachments.maxBytes,

    /** Attaches a screenshot or document to the incident; its hash goes into the record. */
    attach(actor: Actor, input: { id: number; name: string; bytes: Uint8Array }) {
      requirePermission(actor, "incidents:write");
      const siteId = readable(actor, input.id);
      const added = attachments.attach(actor, input.id, { name: input.name, bytes: input.bytes });
      const { sha256, size, mediaType, name } = added.attachment;
      audit.record(
        actor,
        "incident.attachment-added",
        `incident ${input.id}`,
        { sha256, size, mediaType, name, seq: added.seq },
        siteId,
      );
      return added;
    },

    list(actor: Actor, input: { id: number }) {
      requirePermission(actor, "incidents:read");
      incidents.siteOf(actor, { id: input.id });
      return attachments.list(input.id);
    },

    /** One attached file, for download; each download is logged. */
    download(actor: Actor, input: { id: number; sha256: string }) {
      const siteId = readable(actor, input.id);
      if (!SHA256.test(input.sha256))
        throw new HubError("invalid-request", "an attachment is named by its SHA-256, 64 lower-case hex digits");
      const found = attachments.content(input.id, input.sha256);
      audit.record(actor, "incident.attachment-downloaded", `incident ${input.id}`, { sha256: input.sha256 }, siteId);
      return found;
    },

    /** The incident's evidence pack (ZIP); the manifest's own SHA-256 goes into the audit log. */
    pack(actor: Actor, input: { id: number }) {
      const siteId = readable(actor, input.id);
      const pack = evidencePacks.make(actor, input.id);
      audit.record(
        actor,
        "incident.evidence-pack",
        `incident ${input.id}`,
        {
          manifestSha256: pack.manifestSha256,
          fileName: pack.fileName,
          files: pack.files.length,
          bytes: pack.zip.length,
        },
        siteId,
      );
      return pack;
    },
  };
}
