import { execFileSync } from "node:child_process";
import { join } from "node:path";

/**
 * A self-signed certificate and key for 127.0.0.1 and localhost, made by `openssl req -x509` in
 * `dir`; returns the PEM files' paths.
 */
export function selfSignedCertificate(dir: string): { cert: string; key: string } {
  const cert = join(dir, "doh-cert.pem");
  const key = join(dir, "doh-key.pem");
  execFileSync(
    "openssl",
    [
      ...["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"],
      ...["-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=localhost"],
      ...["-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"],
    ],
    { stdio: "ignore" },
  );
  return { cert, key };
}
