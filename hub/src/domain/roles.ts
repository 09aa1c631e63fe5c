/**
 * Who may do what. Least privilege: the ICT team runs the fleet and the filtering policy but sees
 * clients only as pseudonyms; the DSLs see identities and handle incidents; the board sees
 * aggregates only; the auditor reads the audit trail and changes nothing; staff report concerns
 * and see only what they reported.
 */
export const ROLES = ["ict-admin", "dsl", "deputy-dsl", "board", "auditor", "staff"] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  "fleet:read",
  "fleet:manage",
  "policy:read",
  /** The "web filtering management" permission of the e-safety policies. */
  "policy:manage",
  "events:read",
  /** Client addresses, host names and MACs in the clear; without it they are pseudonyms. */
  "identities:read",
  /** Opening an incident from a concern someone raised; without incidents:read, seeing only one's own. */
  "incidents:report",
  "incidents:read",
  "incidents:write",
  /** Closing an incident after review: the DSL's sign-off. */
  "incidents:sign-off",
  "alerts:manage",
  /** "I have it": stops an incident's alert being passed on along its route. */
  "alerts:acknowledge",
  "subject-access",
  /** People (pupils, staff, visitors) by name, and whose each device is: personal data. */
  "people:read",
  /** Adding, editing and importing people. */
  "people:manage",
  /** Devices, with their owners as pseudonyms unless people:read is held too. */
  "devices:read",
  /** Adding, editing and importing devices; issuing and revoking their roaming tokens and profiles. */
  "devices:manage",
  /** A watch on a person (why, until when) and time-boxed sanctions on their internet access. */
  "people:safeguard",
  "audit:read",
  "reports:aggregate",
  "reports:safeguarding",
  "users:manage",
  /** Reading annual review records: the DSL roles and the board (ICT reads the reports, not the record). */
  "reviews:read",
  /** Creating and editing an annual review record and its actions, until it is signed. */
  "reviews:write",
  /** Signing an annual review as the DSL. */
  "reviews:sign-dsl",
  /** Signing an annual review as the responsible governor. */
  "reviews:sign-governor",
  /** Filtering check runs and results (the DfE standards' checks): ICT and the DSL roles; the board reads reports. */
  "checks:read",
  /** Asking the agents for a filtering check now. */
  "checks:run",
  /** A site's filtering check schedule. */
  "checks:schedule",
  /** A site's canaries: test names for the locked categories, confidential like the lists (DSL roles only). */
  "checks:canaries",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const DSL_COMMON: Permission[] = [
  "fleet:read",
  "policy:read",
  "events:read",
  "identities:read",
  "incidents:report",
  "incidents:read",
  "incidents:write",
  "alerts:acknowledge",
  "subject-access",
  "people:read",
  "people:manage",
  "devices:read",
  "devices:manage",
  "people:safeguard",
  "reports:aggregate",
  "reports:safeguarding",
  "reviews:read",
  "reviews:write",
  "checks:read",
  "checks:run",
  "checks:canaries",
];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  "ict-admin": [
    "fleet:read",
    "fleet:manage",
    "policy:read",
    "policy:manage",
    "events:read",
    "users:manage",
    "reports:aggregate",
    "incidents:report",
    // Devices and roaming tokens are ICT's to deploy; their owners stay pseudonyms.
    "devices:read",
    "devices:manage",
    // Malware, phishing and fleet alerts are ICT's: acknowledged from the email's link, incidents unread.
    "alerts:acknowledge",
    // Filtering checks are ICT's to schedule and run; the canaries (locked test names) are the DSL's.
    "checks:read",
    "checks:run",
    "checks:schedule",
  ],
  // users:manage lets the DSL administer the safeguarding-side accounts (see account-grants.ts).
  dsl: [...DSL_COMMON, "incidents:sign-off", "alerts:manage", "users:manage", "reviews:sign-dsl"],
  "deputy-dsl": DSL_COMMON,
  board: ["reports:aggregate", "reviews:read", "reviews:sign-governor"],
  auditor: ["audit:read", "policy:read"],
  staff: ["incidents:report"],
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function roleCan(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

/** An authenticated person, as routes and services see them. */
export interface Actor {
  userId: string;
  email: string;
  role: Role;
  /** Sites this user works with; null is every site. */
  sites: readonly string[] | null;
  /** The hub acting for itself (command line, scheduled jobs): every permission, every site. */
  system?: true;
}

export function actorCan(actor: Actor, permission: Permission): boolean {
  return actor.system === true || roleCan(actor.role, permission);
}

export function actorSeesSite(actor: Actor, siteId: string): boolean {
  return actor.sites === null || actor.sites.includes(siteId);
}
