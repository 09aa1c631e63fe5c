import { deviceInput, devicesImportInput } from "../actions/devices.ts";
import type { HubActions } from "../actions/index.ts";
import { directoryQuery, IMPORT_MAX_BODY } from "./directory-query.ts";
import { noContent, param, type RouteDef, route } from "./route-def.ts";

const ref = (c: Parameters<typeof param>[0]) => ({ siteId: param(c, "siteId"), deviceId: param(c, "deviceId") });

/** A site's devices: devices:read to see, devices:manage to change; owners are pseudonyms without people:read. */
export function deviceRoutes(actions: HubActions): RouteDef[] {
  return [
    route({
      method: "GET",
      path: "/api/sites/:siteId/devices",
      tag: "devices",
      summary: "A page of the site's devices; search by MAC, host name or label",
      access: "devices:read",
      query: directoryQuery.omit({ yearGroup: true }),
      handle: (c, { actor, query }) => c.json(actions.devices.list(actor, { siteId: param(c, "siteId"), ...query })),
    }),
    route({
      method: "POST",
      path: "/api/sites/:siteId/devices",
      tag: "devices",
      summary: "Add a device; setting its owner needs people:read",
      access: "devices:manage",
      body: deviceInput,
      handle: (c, { actor, body }) =>
        c.json(actions.devices.create(actor, { siteId: param(c, "siteId"), device: body }), 201),
    }),
    route({
      method: "POST",
      path: "/api/sites/:siteId/devices/import",
      tag: "devices",
      summary:
        "Import a device inventory (CSV with a header row, columns mapped to fields): a dry run previews additions, updates and errors by line; matched on MAC",
      access: "devices:manage",
      body: devicesImportInput,
      maxBody: IMPORT_MAX_BODY,
      handle: (c, { actor, body }) => c.json(actions.devices.import(actor, { siteId: param(c, "siteId"), ...body })),
    }),
    route({
      method: "GET",
      path: "/api/sites/:siteId/devices/:deviceId",
      tag: "devices",
      summary: "A device with its owner (a pseudonym without people:read)",
      access: "devices:read",
      handle: (c, { actor }) => c.json(actions.devices.get(actor, ref(c))),
    }),
    route({
      method: "PUT",
      path: "/api/sites/:siteId/devices/:deviceId",
      tag: "devices",
      summary: "Replace a device's details; without ownerId its owner stays",
      access: "devices:manage",
      body: deviceInput,
      handle: (c, { actor, body }) => c.json(actions.devices.update(actor, { ...ref(c), device: body })),
    }),
    route({
      method: "DELETE",
      path: "/api/sites/:siteId/devices/:deviceId",
      tag: "devices",
      summary: "Remove a device and its roaming tokens",
      access: "devices:manage",
      handle: noContent((c, { actor }) => actions.devices.delete(actor, ref(c))),
    }),
  ];
}
