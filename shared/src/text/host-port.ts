import { z } from "zod";
import type { TextResult } from "./text-result.ts";

export interface HostPort {
  host: string;
  port: number;
}

/**
 * `host:port` or `[v6]:port` → host and port, port 0-65535 (0: any free port). The host is a
 * name or IPv4 address without colons, or an IPv6 address in brackets; it is not resolved here.
 * With `defaultPort`, the port may be left out (`1.1.1.1`, `[::1]`).
 */
export function parseHostPort(text: string, defaultPort?: number): TextResult<HostPort> {
  const fail = (why: string): TextResult<HostPort> => ({ ok: false, problem: `"${text}" ${why}` });
  const match = /^(?:\[([^\]]*)\]|([^:[\]]*))(?::([^:]*))?$/.exec(text);
  if (!match) {
    if (!text.includes(":")) return fail("has no port: write host:port, e.g. 127.0.0.1:53");
    if (!text.startsWith("[")) return fail("is not host:port: an IPv6 address goes in brackets, e.g. [::1]:53");
    return fail("is not host:port or [v6]:port");
  }
  const [, v6, name, portText] = match;
  const host = v6 ?? name ?? "";
  if (portText === undefined && defaultPort === undefined)
    return fail("has no port: write host:port, e.g. 127.0.0.1:53");
  if (host === "") return fail("has no host before the port");
  if (/\s/.test(host)) return fail("has white space in the host");
  if (v6 !== undefined && !/^[0-9a-fA-F:.]+$/.test(v6)) return fail("has something other than an IPv6 address in []");
  if (v6 !== undefined && !v6.includes(":")) return fail("has an IPv4 address or name in []: brackets are for IPv6");
  if (portText === undefined) return { ok: true, value: { host, port: defaultPort as number } };
  if (!/^\d{1,5}$/.test(portText)) return fail("has no port number after the colon");
  const port = Number(portText);
  if (port > 65535) return fail(`has port ${port}, past 65535`);
  return { ok: true, value: { host, port } };
}

/** Host and port as `parseHostPort` reads them: an IPv6 address (it has colons) in brackets. */
export function formatHostPort(host: string, port: number): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}

/** A configuration field holding `host:port` or `[v6]:port`, checked by `parseHostPort`. */
export const hostPortSchema = z.string().superRefine((text, ctx) => {
  const parsed = parseHostPort(text);
  if (!parsed.ok) ctx.addIssue({ code: "custom", message: parsed.problem });
});
