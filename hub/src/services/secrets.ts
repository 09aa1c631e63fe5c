import { createHash, randomBytes } from "node:crypto";

/**
 * A new random secret (256 bits, base64url): enrolment tokens, agent credentials. Never starting
 * with "-", which a command line would read as an option (`--token -abc`).
 */
export function newSecret(): string {
  for (;;) {
    const secret = randomBytes(32).toString("base64url");
    if (!secret.startsWith("-")) return secret;
  }
}

/** Secrets are stored only as SHA-256 hashes; their 256 bits of entropy make a slow hash unnecessary. */
export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}
