import { readFileSync } from "node:fs";
import { createSecureContext } from "node:tls";

/** The certificate (chain) and private key the DNS-over-HTTPS server presents, as PEM. */
export interface TlsIdentity {
  cert: Buffer;
  key: Buffer;
}

/**
 * Reads the admin's certificate and key files and checks that they make a TLS identity (PEM, a key
 * that matches the certificate); every problem is reported at once, naming the `doh` fields.
 */
export function readTlsIdentity(files: { cert: string; key: string }): TlsIdentity {
  const problems: string[] = [];
  const read = (field: "cert" | "key"): Buffer | null => {
    try {
      return readFileSync(files[field]);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      problems.push(`doh.${field}: cannot read ${files[field]} (${code})`);
      return null;
    }
  };
  const cert = read("cert");
  const key = read("key");
  if (cert && key) {
    try {
      createSecureContext({ cert, key });
    } catch (error) {
      problems.push(
        `doh.cert and doh.key: ${files.cert} and ${files.key} are not a PEM certificate and its private key (${(error as Error).message})`,
      );
    }
  }
  if (problems.length > 0 || !cert || !key) throw new Error(problems.join("; "));
  return { cert, key };
}
