import type { Permission } from "./roles.ts";

/**
 * Categories next to the locked ones: a request about one of these is a safeguarding decision, so
 * the DSL roles decide it (people:safeguard), not ICT alone. Sexual content, hate and extremism,
 * self-harm, violence and gore, drugs, cults and stalkerware: the harms KCSIE's "content" risk and
 * the Prevent duty name. Locked categories (child abuse, terrorism) are never unblocked at all.
 */
export const SENSITIVE_CATEGORIES: ReadonlySet<string> = new Set([
  "adult",
  "adult-mixed",
  "hate",
  "extremism",
  "self-harm",
  "violence",
  "gore",
  "drugs",
  "cults",
  "stalkerware",
]);

/** The permission that decides a request in this category. */
export function deciderPermission(category: string): Permission {
  return SENSITIVE_CATEGORIES.has(category) ? "people:safeguard" : "policy:manage";
}
