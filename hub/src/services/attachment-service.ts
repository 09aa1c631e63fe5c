import {
  acceptedTypesText,
  DEFAULT_ATTACHMENT_MAX_BYTES,
  safeAttachmentName,
  sniffAttachmentType,
} from "../domain/attachment-types.ts";
import { isTerminalState } from "../domain/incident-workflow.ts";
import type { Actor } from "../domain/roles.ts";
import { HubError } from "../hub-error.ts";
import { sha256Hex } from "../store/attachment-files.ts";
import type { AttachmentRow } from "../store/attachment-store.ts";
import type { HubStores } from "../store/open-stores.ts";
import { actorName } from "./audit-service.ts";
import { DepsService } from "./store-service.ts";

export interface AttachmentSettings {
  /** Largest file accepted, in bytes. */
  maxBytes: number;
}

export const DEFAULT_ATTACHMENT_SETTINGS: AttachmentSettings = { maxBytes: DEFAULT_ATTACHMENT_MAX_BYTES };

export interface AttachmentServiceDeps {
  stores: Pick<HubStores, "attachments" | "incidents" | "transaction">;
  settings: AttachmentSettings;
  now?: () => Date;
}

/**
 * Screenshots and documents attached to an incident: checked by content, stored by their hash,
 * and put in the incident's record as an `attachment` entry naming that hash.
 */
export class AttachmentService extends DepsService<AttachmentServiceDeps> {
  /** Attaches `bytes` to the incident; returns the attachment and its entry in the record. */
  attach(actor: Actor, incidentId: number, upload: { name: string; bytes: Uint8Array }) {
    const { maxBytes } = this.deps.settings;
    if (upload.bytes.length === 0) throw new HubError("invalid-request", "the file is empty");
    if (upload.bytes.length > maxBytes)
      throw new HubError("payload-too-large", `the file is over the ${maxBytes}-byte limit`);
    const mediaType = sniffAttachmentType(upload.bytes);
    if (!mediaType)
      throw new HubError(
        "unsupported-media-type",
        `this kind of file cannot be attached; the hub accepts ${acceptedTypesText()}`,
      );
    const sha256 = sha256Hex(upload.bytes);
    return this.deps.stores.transaction(() => {
      const incident = this.deps.stores.incidents.get(incidentId);
      if (!incident) throw new HubError("not-found", `no incident ${incidentId}`);
      if (isTerminalState(incident.state))
        throw new HubError("conflict", `the incident is ${incident.state}; reopen it before attaching a file`);
      if (this.deps.stores.attachments.find(incidentId, sha256))
        throw new HubError("conflict", "this file is already attached to the incident", { sha256 });
      const row: Omit<AttachmentRow, "id"> = {
        incidentId,
        sha256,
        size: upload.bytes.length,
        mediaType,
        name: safeAttachmentName(upload.name, mediaType),
        uploadedBy: actorName(actor),
        uploadedAt: this.deps.now().toISOString(),
      };
      const { incidentId: _id, uploadedBy, uploadedAt, ...body } = row;
      const seq = this.deps.stores.incidents.appendEntry(incidentId, uploadedAt, uploadedBy, "attachment", body);
      const id = this.deps.stores.attachments.add(row, upload.bytes);
      return { attachment: { id, ...row }, seq };
    });
  }

  list(incidentId: number): AttachmentRow[] {
    return this.deps.stores.attachments.forIncident(incidentId);
  }

  /** One attachment of the incident with its content, checked against its hash. */
  content(incidentId: number, sha256: string): { attachment: AttachmentRow; bytes: Buffer } {
    const attachment = this.deps.stores.attachments.find(incidentId, sha256);
    if (!attachment) throw new HubError("not-found", "no such attachment on this incident");
    const bytes = this.deps.stores.attachments.content(sha256);
    if (!bytes)
      throw new HubError(
        "conflict",
        `the stored file of attachment ${sha256} is missing or no longer matches its hash`,
      );
    return { attachment, bytes };
  }
}
