import { createHash, randomBytes, randomUUID } from "node:crypto";
import { z } from "zod";
import { PROFILE_FORMATS, roamingProfile } from "../domain/roaming-profiles.ts";
import { dohUrl, type RoamingSettings, roamingSettingsKey, roamingSettingsSchema } from "../domain/roaming-settings.ts";
import type { Actor } from "../domain/roles.ts";
import { HubError } from "../hub-error.ts";
import type { HubServices } from "../hub-services.ts";
import { requirePermission, requireSite, validate } from "./access.ts";

/** A roaming token: a recognisable prefix (secret scanners, logs) and 32 random bytes. */
const TOKEN_PREFIX = "fldoh_";
const deviceInput = z.strictObject({ siteId: z.string(), deviceId: z.coerce.number().int().positive() });
const tokenInput = deviceInput.extend({ tokenId: z.coerce.number().int().positive() });
export const profileInput = z.strictObject({ format: z.enum(PROFILE_FORMATS) });

/**
 * Devices off site: each device's DNS-over-HTTPS tokens (issued, shown once, listed without their
 * values, revoked), the site's roaming endpoint, and the profiles schools deploy to the devices.
 * All need devices:manage at the device's site; every change is audited without the token's value.
 */
export function roamingActions(services: HubServices) {
  const { stores, audit } = services;
  /** The device, if it is at a site the actor works with; otherwise it does not exist. */
  const deviceAt = (actor: Actor, input: unknown) => {
    requirePermission(actor, "devices:manage");
    const { siteId, deviceId } = validate(deviceInput, input);
    requireSite(actor, siteId);
    const device = stores.deviceTokens.device(deviceId);
    if (!device || device.siteId !== siteId) throw new HubError("not-found", `no device ${deviceId}`);
    return device;
  };
  const settingsOf = (siteId: string): RoamingSettings | null => {
    const stored = stores.settings.get(roamingSettingsKey(siteId));
    return stored ? roamingSettingsSchema.parse(JSON.parse(stored)) : null;
  };
  const issue = (actor: Actor, device: { id: number; siteId: string }, why: string) => {
    const token = `${TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
    const row = stores.transaction(() => {
      const inserted = stores.deviceTokens.insert({
        deviceId: device.id,
        tokenHash: createHash("sha256").update(token).digest("hex"),
        createdAt: new Date().toISOString(),
        createdBy: actor.email,
      });
      audit.record(actor, "roaming-token.issued", `device ${device.id}`, { tokenId: inserted.id, why }, device.siteId);
      return inserted;
    });
    return { token, row };
  };

  return {
    /** A new token for the device: its value is in this answer only, with the DoH URL when the site has a host. */
    issueToken(actor: Actor, input: { siteId: string; deviceId: string }) {
      const device = deviceAt(actor, input);
      const { token, row } = issue(actor, device, "token");
      const settings = settingsOf(device.siteId);
      return { ...row, token, url: settings ? dohUrl(settings, token) : null };
    },

    /** The device's tokens, revoked ones too, without their values. */
    listTokens(actor: Actor, input: { siteId: string; deviceId: string }) {
      const device = deviceAt(actor, input);
      return stores.deviceTokens.list(device.id);
    },

    /** Revokes a token: the agents refuse it from their next policy poll on. */
    revokeToken(actor: Actor, input: { siteId: string; deviceId: string; tokenId: string }) {
      const device = deviceAt(actor, { siteId: input.siteId, deviceId: input.deviceId });
      const { tokenId } = validate(tokenInput, input);
      const token = stores.deviceTokens.find(tokenId);
      if (!token || token.deviceId !== device.id) throw new HubError("not-found", `no roaming token ${tokenId}`);
      stores.transaction(() => {
        if (stores.deviceTokens.revoke(tokenId, new Date().toISOString(), actor.email))
          audit.record(actor, "roaming-token.revoked", `device ${device.id}`, { tokenId }, device.siteId);
      });
    },

    /**
     * A fresh token and the profile that carries it (Apple, Windows or Chrome), in one step: a token
     * is known only as it is issued, so each profile has its own, revocable on its own.
     */
    profile(actor: Actor, input: { siteId: string; deviceId: string; format: unknown }) {
      const device = deviceAt(actor, { siteId: input.siteId, deviceId: input.deviceId });
      const { format } = validate(profileInput, { format: input.format });
      const settings = settingsOf(device.siteId);
      if (!settings)
        throw new HubError("conflict", "set the site's roaming host first (PUT /api/sites/:siteId/roaming)");
      if (format === "windows" && !settings.address)
        throw new HubError(
          "conflict",
          "the Windows profile needs the roaming agent's public address in the site's roaming settings",
        );
      const { token, row } = issue(actor, device, `${format} profile`);
      const file = roamingProfile(format, {
        url: dohUrl(settings, token),
        address: settings.address,
        siteName: stores.fleet.site(device.siteId)?.name ?? device.siteId,
        deviceLabel: device.label ?? device.hostname ?? `device ${device.id}`,
        uuids: { profile: randomUUID().toUpperCase(), payload: randomUUID().toUpperCase() },
      });
      return { ...file, tokenId: row.id };
    },

    /** The site's roaming endpoint; null until set. */
    settings(actor: Actor, input: { siteId: string }) {
      requirePermission(actor, "devices:manage");
      return settingsOf(requireSite(actor, input.siteId));
    },

    setSettings(actor: Actor, input: { siteId: string; settings: unknown }) {
      requirePermission(actor, "devices:manage");
      const siteId = requireSite(actor, input.siteId);
      const next = validate(roamingSettingsSchema, input.settings, "the roaming settings");
      const old = settingsOf(siteId);
      stores.transaction(() => {
        stores.settings.set(roamingSettingsKey(siteId), JSON.stringify(next));
        audit.record(actor, "roaming.settings-changed", siteId, { old, new: next }, siteId);
      });
      return next;
    },
  };
}
