import {
  constants,
  createSecureServer,
  type IncomingHttpHeaders,
  type ServerHttp2Session,
  type ServerHttp2Stream,
} from "node:http2";
import type { AddressInfo } from "node:net";
import type { Logger } from "pino";
import type { PacketHandler } from "../server/packet-handler.ts";
import {
  cacheControl,
  checkedMessage,
  DNS_MESSAGE,
  type DohRefusal,
  isDnsMessageType,
  isRefusal,
  MAX_DNS_MESSAGE,
  messageFromQuery,
  REFUSALS,
  tokenFromPath,
  tokenHash,
} from "./doh-request.ts";
import type { TlsIdentity } from "./tls-identity.ts";

/** A request that sends no complete message within this long is cancelled. */
const STREAM_TIMEOUT_MS = 10_000;
/** Streams one client connection may have open at once. */
const MAX_CONCURRENT_STREAMS = 256;
/** A session with no traffic this long is closed (GOAWAY): devices reconnect when they next ask. */
const SESSION_IDLE_MS = 120_000;
/** Connections at once: a site's roaming devices keep one each. */
const MAX_CONNECTIONS = 20_000;

export interface DohDeps {
  /** The resolver core's packet handler: the same chain as DNS over UDP and TCP. */
  handle: PacketHandler;
  /** The device a token's SHA-256 stands for in the policy in force; null when unknown or revoked. */
  deviceFor(tokenHash: string): string | null;
  /** Counts a request refused, by reason. */
  refused(reason: DohRefusal["reason"]): void;
  log: Logger;
}

export interface DohServer {
  port: number;
  close(): Promise<void>;
}

/**
 * DNS over HTTPS (RFC 8484, GET and POST) over HTTP/2 and TLS at `/dns-query/<device token>`. The
 * token is checked before a body is read; bodies are bounded to one DNS message.
 */
export async function startDohServer(
  host: string,
  port: number,
  identity: TlsIdentity,
  deps: DohDeps,
): Promise<DohServer> {
  const server = createSecureServer({
    ...identity,
    minVersion: "TLSv1.2",
    settings: { maxConcurrentStreams: MAX_CONCURRENT_STREAMS },
  });
  server.on("stream", (stream, headers) => {
    stream.on("error", () => {});
    stream.setTimeout(STREAM_TIMEOUT_MS, () => stream.close(constants.NGHTTP2_CANCEL));
    serve(stream, headers, deps).catch((error) => {
      deps.log.warn({ err: error }, "DNS-over-HTTPS request failed");
      if (!stream.headersSent && !stream.destroyed) stream.respond({ ":status": 500 }, { endStream: true });
    });
  });
  server.on("sessionError", () => {});
  // Kept so that close() can end them: open sessions would hold it until their clients leave.
  const open = new Set<ServerHttp2Session>();
  server.maxConnections = MAX_CONNECTIONS;
  server.on("session", (session) => {
    session.setTimeout(SESSION_IDLE_MS, () => session.close());
    open.add(session);
    session.on("close", () => open.delete(session));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const session of open) session.destroy();
      }),
  };
}

async function serve(stream: ServerHttp2Stream, headers: IncomingHttpHeaders, deps: DohDeps): Promise<void> {
  const path = headers[":path"] ?? "";
  const token = tokenFromPath(path);
  if (token === null) return refuse(stream, path.startsWith("/dns-query/") ? REFUSALS.token : REFUSALS.path, deps);
  const device = deps.deviceFor(tokenHash(token));
  if (device === null) return refuse(stream, REFUSALS.token, deps);
  const method = headers[":method"];
  let message: Uint8Array | DohRefusal;
  if (method === "GET") message = messageFromQuery(path);
  else if (method !== "POST") message = REFUSALS.method;
  else if (!isDnsMessageType(headers["content-type"])) message = REFUSALS.mediaType;
  else if (Number(headers["content-length"] ?? 0) > MAX_DNS_MESSAGE) message = REFUSALS.tooLarge;
  else message = await readBody(stream);
  if (isRefusal(message)) return refuse(stream, message, deps);
  const response = await deps.handle(message, stream.session?.socket?.remoteAddress ?? "", "doh", device);
  if (response === null) return refuse(stream, REFUSALS.malformed, deps);
  if (stream.destroyed) return;
  stream.respond({
    ":status": 200,
    "content-type": DNS_MESSAGE,
    "content-length": response.length,
    "cache-control": cacheControl(response),
  });
  stream.end(response);
}

function refuse(stream: ServerHttp2Stream, refusal: DohRefusal, deps: DohDeps): void {
  deps.refused(refusal.reason);
  if (stream.destroyed || stream.headersSent) return;
  const allow = refusal.status === 405 ? { allow: "GET, POST" } : {};
  stream.respond({ ":status": refusal.status, ...allow }, { endStream: true });
}

/** The POST body, up to one DNS message; past that it is refused without reading on. */
function readBody(stream: ServerHttp2Stream): Promise<Uint8Array | DohRefusal> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_DNS_MESSAGE) {
        stream.removeAllListeners("data");
        stream.pause();
        resolve(REFUSALS.tooLarge);
      } else chunks.push(chunk);
    });
    stream.on("end", () => resolve(checkedMessage(new Uint8Array(Buffer.concat(chunks)))));
    stream.on("close", () => resolve(REFUSALS.malformed));
  });
}
