import { dictionary } from "@zxcvbn-ts/language-common";

/**
 * The one rule every new password meets, whoever sets it (creating an account with a chosen
 * password, changing one's own, a reset): long enough, and not guessable from the account or
 * from the lists attackers try first.
 */

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;
/** A run this long of one character ("aaaaa", "11111") carries almost no strength. */
const LONGEST_RUN = 4;

// The ~50,000 passwords most often found in breaches (zxcvbn's maintained offline list), lower-cased.
const COMMON = new Set((dictionary["passwords-common"] as string[]).map((p) => p.toLowerCase()));

export interface PasswordContext {
  /** The account's email: neither it nor its local part may be the password. */
  email: string;
  /** The password being replaced, when there is one: the new one must differ. */
  current?: string;
}

const squash = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]/gu, "");

/** Every problem with `password` for this account, in words a user can act on; empty when acceptable. */
export function passwordProblems(password: string, context: PasswordContext): string[] {
  const problems: string[] = [];
  if (password.length < MIN_PASSWORD_LENGTH) problems.push(`at least ${MIN_PASSWORD_LENGTH} characters`);
  if (password.length > MAX_PASSWORD_LENGTH) problems.push(`at most ${MAX_PASSWORD_LENGTH} characters`);
  const lower = password.toLowerCase();
  const email = context.email.toLowerCase();
  // A short name part ("ict", "jo") is only refused as the whole password: inside others it is common.
  const name = squash(email.split("@")[0] ?? "");
  const squashed = squash(password);
  if (lower.includes(email) || squashed === name || (name.length >= 5 && squashed.includes(name)))
    problems.push("not your email address or its name part");
  if (context.current !== undefined && password === context.current)
    problems.push("different from the current password");
  if (new RegExp(`(.)\\1{${LONGEST_RUN},}`, "u").test(password))
    problems.push(`no character repeated more than ${LONGEST_RUN} times in a row`);
  if (COMMON.has(lower) || COMMON.has(squash(password))) problems.push("not one of the commonly used passwords");
  return problems;
}
