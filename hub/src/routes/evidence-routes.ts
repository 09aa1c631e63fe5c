import { z } from "zod";
import type { HubActions } from "../actions/index.ts";
import { download } from "../http/download.ts";
import { readBoundedBody } from "../http/read-bounded-body.ts";
import { HubError } from "../hub-error.ts";
import { param, type RouteDef, route } from "./route-def.ts";

function incidentId(text: string): number {
  const id = Number(text);
  if (!Number.isInteger(id) || id <= 0) throw new HubError("invalid-request", "an incident id is a positive number");
  return id;
}

const uploadQuery = z.object({ name: z.string().max(255).default("") });

/** An incident's attached files and its evidence pack. */
export function evidenceRoutes(actions: HubActions): RouteDef[] {
  return [
    route({
      method: "POST",
      path: "/api/incidents/:incidentId/attachments",
      tag: "incidents",
      summary:
        "Attach a screenshot or document (the raw file as the body, its name as ?name=): PNG, JPEG, GIF, WebP, PDF or plain text, by content",
      access: "incidents:write",
      query: uploadQuery,
      handle: async (c, { actor, query }) => {
        const id = incidentId(param(c, "incidentId"));
        // Who may attach is checked before the body is read: a refused upload costs nothing.
        actions.incidents.siteOf(actor, { id });
        const bytes = await readBoundedBody(c, { maxBytes: actions.evidence.maxBytes() });
        return c.json(actions.evidence.attach(actor, { id, name: query.name, bytes }), 201);
      },
    }),
    route({
      method: "GET",
      path: "/api/incidents/:incidentId/attachments",
      tag: "incidents",
      summary: "The files attached to an incident: hash, size, type, name, who uploaded it and when",
      access: "incidents:read",
      handle: (c, { actor }) =>
        c.json({ attachments: actions.evidence.list(actor, { id: incidentId(param(c, "incidentId")) }) }),
    }),
    route({
      method: "GET",
      path: "/api/incidents/:incidentId/attachments/:sha256",
      tag: "incidents",
      summary: "Download one attached file (never shown inline); each download is logged",
      access: "incidents:read",
      handle: (c, { actor }) => {
        const id = incidentId(param(c, "incidentId"));
        const { attachment, bytes } = actions.evidence.download(actor, { id, sha256: param(c, "sha256") });
        return download({ bytes, name: attachment.name, type: attachment.mediaType });
      },
    }),
    route({
      method: "GET",
      path: "/api/incidents/:incidentId/evidence-pack",
      tag: "incidents",
      summary:
        "The incident's evidence pack (ZIP): record, events and context, alerts, referrals, attachments, SHA256SUMS; logged with the manifest's hash",
      access: "incidents:read",
      handle: (c, { actor }) => {
        const pack = actions.evidence.pack(actor, { id: incidentId(param(c, "incidentId")) });
        const response = download({ bytes: pack.zip, name: pack.fileName, type: "application/zip" });
        response.headers.set("x-manifest-sha256", pack.manifestSha256);
        return response;
      },
    }),
  ];
}
