import { execFile } from "node:child_process";
import { createSocket } from "node:dgram";
import { existsSync } from "node:fs";
import radius from "radius";

/** Where Debian's freeradius-utils puts radclient; tests that need it skip without it. */
export const RADCLIENT = ["/usr/bin/radclient", "/usr/local/bin/radclient"].find((path) => existsSync(path)) ?? null;

export interface SendResult {
  /** The Accounting-Response, or null when none came within the wait. */
  response: Buffer | null;
  /** Whether the response's authenticator is right for the request and secret. */
  verified: boolean;
}

/**
 * Sends one Accounting-Request built with the radius package, as a controller at `from` would,
 * and waits up to `waitMs` for the answer.
 */
export async function sendAccounting(
  port: number,
  secret: string,
  attributes: [string, unknown][],
  options: { from?: string; waitMs?: number } = {},
): Promise<SendResult> {
  const request = radius.encode({ code: "Accounting-Request", secret, attributes });
  const socket = createSocket("udp4");
  await new Promise<void>((resolve) => socket.bind(0, options.from ?? "127.0.0.1", () => resolve()));
  try {
    const response = await new Promise<Buffer | null>((resolve) => {
      const timer = setTimeout(() => resolve(null), options.waitMs ?? 2000);
      socket.once("message", (message) => {
        clearTimeout(timer);
        resolve(message);
      });
      socket.send(request, port, "127.0.0.1");
    });
    const verified = response !== null && radius.verify_response({ request, response: Buffer.from(response), secret });
    return { response, verified };
  } finally {
    socket.close();
  }
}

/**
 * Sends `attributes` (radclient's text form, "A = b, C = d") with Debian's radclient, one try of a
 * second; resolves with its exit code (0 only for a verified Accounting-Response) and output.
 */
export function radclient(port: number, secret: string, attributes: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      RADCLIENT ?? "radclient",
      ["-r", "1", "-t", "1", "-x", `127.0.0.1:${port}`, "acct", secret],
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ code, output: `${stdout}${stderr}` });
      },
    );
    child.stdin?.end(`${attributes}\n`);
  });
}
