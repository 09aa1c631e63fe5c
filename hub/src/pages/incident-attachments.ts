import type { Context } from "hono";
import { html } from "hono/html";
import { ATTACHMENT_TYPES, acceptedTypesText } from "../domain/attachment-types.ts";
import { isTerminalState } from "../domain/incident-workflow.ts";
import { actorCan } from "../domain/roles.ts";
import { download } from "../http/download.ts";
import type { HubEnv } from "../http/hub-env.ts";
import { HubError } from "../hub-error.ts";
import type { AttachmentRow } from "../store/attachment-store.ts";
import { back, csrfField, type Markup, table, when } from "./layout.ts";
import { getPage, type PageDef, type PageDeps, postPage } from "./page-def.ts";

/** What the section shows of one incident. */
export interface AttachmentsView {
  id: number;
  state: string;
  attachments: readonly AttachmentRow[];
}

const sizeText = (bytes: number) =>
  bytes < 1024
    ? `${bytes} B`
    : bytes < 1048576
      ? `${(bytes / 1024).toFixed(1)} KiB`
      : `${(bytes / 1048576).toFixed(1)} MiB`;

/**
 * The incident page's evidence: the attached files (hash, size, type, who uploaded each and when,
 * in the site's zone), the upload form for those who may act, and the evidence pack download.
 */
export function attachmentsSection(c: Context<HubEnv>, view: AttachmentsView, zone: string): Markup {
  const actor = c.get("actor");
  const seesFiles = actor ? actorCan(actor, "identities:read") : false;
  const canUpload = actor ? actorCan(actor, "incidents:write") && seesFiles && !isTerminalState(view.state) : false;
  const accept = Object.keys(ATTACHMENT_TYPES).join(",");
  const rows = view.attachments.map((a) => [
    seesFiles ? html`<a href="/incidents/${view.id}/attachments/${a.sha256}" download>${a.name}</a>` : a.name,
    html`<code>${a.sha256}</code>`,
    sizeText(a.size),
    a.mediaType,
    a.uploadedBy,
    when(a.uploadedAt, zone),
  ]);
  return html`<section aria-labelledby="evidence-heading"><h2 id="evidence-heading">Evidence</h2>
<p class="muted">Attached files are kept unchanged, named by their SHA-256, and only downloaded, never shown here.
If the material may be illegal, do not view, copy or forward it: record that it was seen and refer it.</p>
${table(["File", "SHA-256", "Size", "Type", "Uploaded by", "Uploaded"], rows, "No file attached.")}
${
  canUpload
    ? html`<form method="post" action="/incidents/${view.id}/attachments" enctype="multipart/form-data"><fieldset><legend>Attach a screenshot or document</legend>${csrfField(c)}
<label for="attachment-file">File (${acceptedTypesText()})</label><input id="attachment-file" name="file" type="file" accept="${accept}" required>
<p><button type="submit">Attach to the record</button></p></fieldset></form>`
    : ""
}
${seesFiles ? html`<p><a href="/incidents/${view.id}/evidence-pack" download>Download evidence pack</a> (ZIP with the record, events, alerts, referrals, attachments and SHA256SUMS; the download is logged)</p>` : ""}
</section>`;
}

/** Attaching a file from the incident page, and downloading an attachment or the evidence pack. */
export function incidentAttachmentPages({ actions }: PageDeps): PageDef[] {
  const idOf = (c: Context<HubEnv>) => Number(c.req.param("id"));
  const pageOf = (c: Context<HubEnv>) => `/incidents/${c.req.param("id")}`;
  const upload = postPage(
    "/incidents/:id/attachments",
    "incidents:write",
    // Room for the file and the form's own parts around it.
    { back: pageOf, maxBody: actions.evidence.maxBytes() + 64 * 1024 },
    async (c, { actor, files }) => {
      // Another site's incident, or one restricted to its route, does not exist for this user.
      actions.incidents.siteOf(actor, { id: idOf(c) });
      const file = files.get("file");
      if (!file || file.size === 0) throw new HubError("invalid-request", "choose a file to attach");
      const bytes = new Uint8Array(await file.arrayBuffer());
      const { attachment } = actions.evidence.attach(actor, { id: idOf(c), name: file.name, bytes });
      return back(c, pageOf(c), { done: `Attached ${attachment.name} (SHA-256 ${attachment.sha256}).` });
    },
  );
  const attachment = getPage("/incidents/:id/attachments/:sha256", "incidents:read", (c, { actor }) => {
    const found = actions.evidence.download(actor, { id: idOf(c), sha256: c.req.param("sha256") ?? "" });
    return download({ bytes: found.bytes, name: found.attachment.name, type: found.attachment.mediaType });
  });
  const pack = getPage("/incidents/:id/evidence-pack", "incidents:read", (c, { actor }) => {
    const made = actions.evidence.pack(actor, { id: idOf(c) });
    return download({ bytes: made.zip, name: made.fileName, type: "application/zip" });
  });
  return [upload, attachment, pack];
}
