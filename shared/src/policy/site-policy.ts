import { z } from "zod";
import { listSourceSchema } from "../lists/source-manifest.ts";
import { CATEGORY_ACTIONS, GROUP_KINDS } from "../taxonomy/category.ts";
import { forwardZonesSchema } from "./forward-zone.ts";
import { directoryGroupRuleSchema, identityTableSchema } from "./identity.ts";

export { type ForwardZone, forwardZoneSchema, forwardZonesSchema } from "./forward-zone.ts";
export * from "./identity.ts";

const kebabId = z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, "a kebab-case id");
const cidr = z.string().regex(/^[0-9a-fA-F:.]+\/\d{1,3}$/, "an address block such as 10.0.0.0/16 or fd00::/8");
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "a time as HH:MM");
const hostName = z.string().regex(/^[a-z0-9_-]+(\.[a-z0-9_-]+)+$/i, "a host name such as example.com");
export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;

const timeWindowSchema = z.strictObject({
  /** Days the window starts on; a window that ends before it starts runs past midnight. */
  days: z.array(z.enum(WEEKDAYS)).min(1),
  from: clock,
  to: clock,
  /** Category actions while the window is open, over the group's own. */
  categories: z.record(z.string(), z.enum(CATEGORY_ACTIONS)),
});

const groupSchema = z.strictObject({
  id: kebabId,
  /** Which default actions of the taxonomy apply. */
  kind: z.enum(GROUP_KINDS),
  /** Client address blocks in this group; the most specific block wins. */
  cidrs: z.array(cidr).default([]),
  /** What a blocked lookup gets: the block page's address, NXDOMAIN, or the null address (0.0.0.0 / ::). */
  blockMode: z.enum(["blockpage", "nxdomain", "null-address"]).default("blockpage"),
  /** Category actions that differ from the taxonomy's defaults for this kind of group. */
  categories: z.record(z.string(), z.enum(CATEGORY_ACTIONS)).default({}),
  /** Names (and everything below them) always allowed or always blocked, locked categories apart. */
  allow: z.array(hostName).default([]),
  block: z.array(hostName).default([]),
  windows: z.array(timeWindowSchema).default([]),
  safeSearch: z
    .strictObject({
      enabled: z.boolean().default(true),
      youtube: z.enum(["strict", "moderate", "off"]).default("strict"),
    })
    .default({ enabled: true, youtube: "strict" }),
});

/** A site's filtering policy: groups of clients and what each may reach, when. The agent's config holds it, or the hub sends it. */
export const sitePolicySchema = z.strictObject({
  /** Time zone of the site, for time windows. */
  timezone: z.string().default("Europe/London"),
  /** Group of clients that no CIDR matches. */
  defaultGroup: kebabId,
  /** TTL of block answers, short so that unblocking takes effect quickly. */
  blockTtl: z.number().int().min(0).max(3600).default(10),
  blockPage: z
    .strictObject({
      ipv4: z.ipv4().optional(),
      ipv6: z.ipv6().optional(),
      /** Where the block page sends people who want a site reviewed. */
      reviewUrl: z.url().optional(),
      /** The hub's "report a problem" form for learners (`<hub>/report-a-problem?site=<site id>`), linked from the page. */
      reportUrl: z.url().optional(),
    })
    .default({}),
  groups: z.array(groupSchema).min(1),
  /**
   * The site's list-source set over the shipped manifest: sources it does not fetch, and its own
   * (a licensed feed's address, a supplier's list) added or replacing the manifest's of that id.
   * Versioned with the rest of the policy; a change makes the agent rebuild its lists.
   */
  sources: z
    .strictObject({
      disabled: z.array(z.string()).default([]),
      add: z.array(listSourceSchema).default([]),
    })
    .optional(),
  /**
   * Internal zones (Active Directory's `school.local`, its reverse zones) and the resolvers that
   * answer them, most specific zone first; added to any the agent's own config lists.
   */
  forwardZones: forwardZonesSchema.optional(),
  /**
   * Group membership from the directory: a person in one of these directory groups (a year group,
   * a tutor group) is filtered as that policy group wherever they are, ahead of the address block.
   * In order; the first rule that applies wins.
   */
  directoryGroups: z.array(directoryGroupRuleSchema).max(500).default([]),
  /**
   * Who is behind an address (people, devices, roaming tokens, sanctions), added by the hub to the
   * policy it sends; an agent without a hub has none.
   */
  identity: identityTableSchema.optional(),
});

export type SitePolicy = z.infer<typeof sitePolicySchema>;
export type GroupConfig = SitePolicy["groups"][number];
export type TimeWindowConfig = GroupConfig["windows"][number];

/** Rules across fields that the schema cannot say: every problem, empty when the policy is sound. */
export function policyProblems(policy: SitePolicy, at = "policy"): string[] {
  const problems: string[] = [];
  const ids = policy.groups.map((g) => g.id);
  if (!ids.includes(policy.defaultGroup)) problems.push(`${at}.defaultGroup: no group "${policy.defaultGroup}"`);
  ids.forEach((id, i) => {
    if (ids.indexOf(id) !== i) problems.push(`${at}.groups[${i}].id: duplicate group "${id}"`);
  });
  const added = policy.sources?.add.map((source) => source.id) ?? [];
  added.forEach((id, i) => {
    if (added.indexOf(id) !== i) problems.push(`${at}.sources.add[${i}].id: duplicate source "${id}"`);
  });
  policy.directoryGroups.forEach((rule, i) => {
    if (!ids.includes(rule.group)) problems.push(`${at}.directoryGroups[${i}].group: no group "${rule.group}"`);
  });
  if (!knownTimeZone(policy.timezone)) problems.push(`${at}.timezone: unknown time zone "${policy.timezone}"`);
  return problems;
}

/**
 * Whether ICU knows the zone: its list of canonical names first, since building a formatter
 * costs an agent some 8 MB of resident memory; a formatter only for the rest (aliases, "UTC").
 */
function knownTimeZone(timeZone: string): boolean {
  if (Intl.supportedValuesOf("timeZone").includes(timeZone)) return true;
  try {
    new Intl.DateTimeFormat("en-GB", { timeZone });
    return true;
  } catch {
    return false;
  }
}
