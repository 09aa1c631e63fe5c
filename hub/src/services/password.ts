import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";
import { promisify } from "node:util";

const scryptAsync = promisify(scrypt) as (
  password: string,
  salt: Buffer,
  length: number,
  options: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>;

/**
 * scrypt cost: N = 2^15, r = 8 (OWASP's minimum for scrypt), about 60 ms a check here. Inside the
 * test runner (vitest sets VITEST, and the hub processes its tests start inherit it) N is 2^10:
 * the suite signs in thousands of times. A stored hash carries its own cost, so both verify alike.
 */
const PARAMS = { N: process.env.VITEST === "true" ? 1 << 10 : 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const KEY_LENGTH = 32;

/** Passwords are stored as `scrypt$N$r$p$salt$key`, so the cost can rise later without breaking old hashes. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, KEY_LENGTH, PARAMS);
  return ["scrypt", PARAMS.N, PARAMS.r, PARAMS.p, salt.toString("base64url"), key.toString("base64url")].join("$");
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split("$");
  if (scheme !== "scrypt" || !salt || !key) return false;
  const expected = Buffer.from(key, "base64url");
  const actual = await scryptAsync(password, Buffer.from(salt, "base64url"), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: PARAMS.maxmem,
  });
  return timingSafeEqual(actual, expected);
}

/** A random password for a new account, given once and changed at first use. */
export function newPassword(): string {
  for (;;) {
    const password = randomBytes(15).toString("base64url");
    if (!password.startsWith("-")) return password;
  }
}

/** A password hash nobody can match: checked against when the email is unknown, so timing says nothing. */
export const UNMATCHABLE_HASH = `scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${Buffer.alloc(16).toString("base64url")}$${Buffer.alloc(32, 1).toString("base64url")}`;
