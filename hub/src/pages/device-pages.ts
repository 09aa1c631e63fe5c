import type { Context } from "hono";
import { html } from "hono/html";
import { z } from "zod";
import type { DeviceView } from "../actions/devices.ts";
import { DEVICE_KINDS, type DeviceKind } from "../domain/directory-fields.ts";
import { type Actor, actorCan } from "../domain/roles.ts";
import type { HubEnv } from "../http/hub-env.ts";
import { ownerCell, pager, pathParam, textInput } from "./directory-page-parts.ts";
import { options } from "./form-fields.ts";
import { csrfField, page, table, when } from "./layout.ts";
import { field, formAction, formSchema, getPage, type PageDef, type PageDeps } from "./page-def.ts";

const deviceForm = formSchema({ mac: field(), hostname: field(), kind: field(), label: field(), ownerId: field() });

/** The device's fields from the form; the owner only from those who see people (ICT's form has no owner field). */
function deviceOfForm(actor: Actor, form: z.infer<typeof deviceForm>) {
  const kind = (DEVICE_KINDS as readonly string[]).includes(form.kind) ? (form.kind as DeviceKind) : undefined;
  const owner = form.ownerId.trim();
  const ownerId = owner === "" ? null : /^\d{1,15}$/.test(owner) ? Number(owner) : -1;
  return {
    mac: form.mac,
    hostname: form.hostname,
    label: form.label,
    ...(kind ? { kind } : {}),
    ...(actorCan(actor, "people:read") ? { ownerId } : {}),
  };
}

function deviceControls(actor: Actor, device?: DeviceView) {
  const owner = device?.owner && "id" in device.owner ? String(device.owner.id) : "";
  return html`${textInput("mac", "MAC address", device?.mac)}
${textInput("hostname", "Host name", device?.hostname)}
<label for="kind">Kind</label><select id="kind" name="kind">${options(DEVICE_KINDS, device?.kind ?? "laptop")}</select>
${textInput("label", "Label (asset tag, trolley)", device?.label)}
${actorCan(actor, "people:read") ? textInput("ownerId", "Owner (person number; empty for none)", owner) : ""}`;
}

const listQuery = z.object({
  q: z.string().max(100).catch(""),
  offset: z.coerce.number().int().min(0).max(1_000_000).catch(0),
});

/** Devices of a site: list, page, add, edit and remove. Owners are pseudonyms without people:read. */
export function devicePages({ actions, zoneOf }: PageDeps): PageDef[] {
  const site = (c: Context<HubEnv>) => pathParam(c, "siteId");
  const ref = (c: Context<HubEnv>) => ({ siteId: site(c), deviceId: pathParam(c, "deviceId") });
  return [
    getPage("/sites/:siteId/devices", "devices:read", (c, { actor }) => {
      const query = listQuery.parse(c.req.query());
      const found = actions.devices.list(actor, {
        siteId: site(c),
        ...(query.q ? { q: query.q } : {}),
        offset: query.offset,
      });
      const manage = actorCan(actor, "devices:manage");
      return page(
        c,
        `Devices of ${site(c)}`,
        html`<form method="get" class="row" style="align-items:end" role="search">
<div><label for="q">MAC, host name or label</label><input id="q" name="q" value="${query.q}"></div><div><button>Search</button></div></form>
${table(
  ["Device", "Kind", "MAC", "Host name", "Label", "Owner"],
  found.devices.map((d) => [
    html`<a href="/sites/${d.siteId}/devices/${d.id}">Device ${d.id}</a>`,
    d.kind,
    d.mac ?? "–",
    d.hostname ?? "–",
    d.label ?? "–",
    ownerCell(d.siteId, d.owner),
  ]),
  "No devices match.",
)}${pager(`/sites/${site(c)}/devices`, { q: query.q }, found)}
${
  manage
    ? html`<p><a href="/sites/${site(c)}/devices/import">Import from a device inventory export</a></p>
<details><summary>Add a device</summary><form method="post" action="/sites/${site(c)}/devices">${csrfField(c)}
${deviceControls(actor)}<p><button>Add device</button></p></form></details>`
    : ""
}`,
      );
    }),
    getPage("/sites/:siteId/devices/:deviceId", "devices:read", (c, { actor }) => {
      const device = actions.devices.get(actor, ref(c));
      const at = `/sites/${device.siteId}/devices/${device.id}`;
      return page(
        c,
        `Device ${device.id}`,
        html`<p><a href="/sites/${device.siteId}/devices">All devices of ${device.siteId}</a></p>
<dl class="facts"><dt>Kind</dt><dd>${device.kind}</dd><dt>MAC</dt><dd>${device.mac ?? "–"}</dd>
<dt>Host name</dt><dd>${device.hostname ?? "–"}</dd><dt>Label</dt><dd>${device.label ?? "–"}</dd>
<dt>Owner</dt><dd>${ownerCell(device.siteId, device.owner)}</dd><dt>Updated</dt><dd>${when(device.updatedAt, zoneOf(device.siteId))}</dd></dl>
${
  actorCan(actor, "devices:manage")
    ? html`<h2>Edit</h2><form method="post" action="${at}">${csrfField(c)}${deviceControls(actor, device)}<p><button>Save</button></p></form>
<form method="post" action="${at}/delete">${csrfField(c)}<button style="background:#c53030">Remove this device</button></form>`
    : ""
}`,
      );
    }),
    formAction(
      "/sites/:siteId/devices",
      "devices:manage",
      { form: deviceForm, back: (c) => `/sites/${site(c)}/devices` },
      (c, { actor, form }) => {
        const made = actions.devices.create(actor, { siteId: site(c), device: deviceOfForm(actor, form) });
        return `Device ${made.id} added.`;
      },
    ),
    formAction(
      "/sites/:siteId/devices/:deviceId",
      "devices:manage",
      { form: deviceForm, back: (c) => `/sites/${site(c)}/devices/${pathParam(c, "deviceId")}` },
      (c, { actor, form }) => {
        actions.devices.update(actor, { ...ref(c), device: deviceOfForm(actor, form) });
        return "Saved.";
      },
    ),
    formAction(
      "/sites/:siteId/devices/:deviceId/delete",
      "devices:manage",
      { back: (c) => `/sites/${site(c)}/devices` },
      (c, { actor }) => {
        actions.devices.delete(actor, ref(c));
        return "Device removed.";
      },
    ),
  ];
}
