import type { HubActions } from "../actions/index.ts";
import { profileInput } from "../actions/roaming.ts";
import { roamingSettingsSchema } from "../domain/roaming-settings.ts";
import { noContent, param, type RouteDef, route } from "./route-def.ts";

const DEVICE = "/api/sites/:siteId/devices/:deviceId";

/**
 * Devices off site: roaming tokens (issued and shown once, listed, revoked), the site's roaming
 * endpoint, and device profiles. A profile is made with a fresh token (POST), since a token's
 * value exists only as it is issued.
 */
export function roamingRoutes(actions: HubActions): RouteDef[] {
  const device = (c: Parameters<typeof param>[0]) => ({ siteId: param(c, "siteId"), deviceId: param(c, "deviceId") });
  return [
    route({
      method: "POST",
      path: `${DEVICE}/roaming-tokens`,
      tag: "devices",
      summary: "Issue a roaming (DNS-over-HTTPS) token for a device: its value is in this answer only",
      access: "devices:manage",
      handle: (c, { actor }) => c.json(actions.roaming.issueToken(actor, device(c)), 201),
    }),
    route({
      method: "GET",
      path: `${DEVICE}/roaming-tokens`,
      tag: "devices",
      summary: "A device's roaming tokens, revoked ones too, without their values",
      access: "devices:manage",
      handle: (c, { actor }) => c.json({ tokens: actions.roaming.listTokens(actor, device(c)) }),
    }),
    route({
      method: "DELETE",
      path: `${DEVICE}/roaming-tokens/:tokenId`,
      tag: "devices",
      summary: "Revoke a roaming token: agents refuse it from their next policy poll",
      access: "devices:manage",
      handle: noContent((c, { actor }) =>
        actions.roaming.revokeToken(actor, { ...device(c), tokenId: param(c, "tokenId") }),
      ),
    }),
    route({
      method: "POST",
      path: `${DEVICE}/roaming-profile`,
      tag: "devices",
      summary: "Issue a fresh roaming token and return the device profile carrying it (apple, windows or chrome)",
      access: "devices:manage",
      body: profileInput,
      handle: (c, { actor, body }) => {
        const file = actions.roaming.profile(actor, { ...device(c), format: body.format });
        return c.body(file.body, 201, {
          "content-type": file.contentType,
          "content-disposition": `attachment; filename="${file.filename}"`,
          "x-roaming-token-id": String(file.tokenId),
        });
      },
    }),
    route({
      method: "GET",
      path: "/api/sites/:siteId/roaming",
      tag: "devices",
      summary: "The site's roaming endpoint: the agent's public host name and address (null until set)",
      access: "devices:manage",
      handle: (c, { actor }) => c.json({ roaming: actions.roaming.settings(actor, { siteId: param(c, "siteId") }) }),
    }),
    route({
      method: "PUT",
      path: "/api/sites/:siteId/roaming",
      tag: "devices",
      summary: "Set the site's roaming endpoint (host, and address for Windows)",
      access: "devices:manage",
      body: roamingSettingsSchema,
      handle: (c, { actor, body }) =>
        c.json({ roaming: actions.roaming.setSettings(actor, { siteId: param(c, "siteId"), settings: body }) }),
    }),
  ];
}
