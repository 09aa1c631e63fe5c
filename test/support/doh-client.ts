import { type ClientHttp2Session, connect, type IncomingHttpHeaders } from "node:http2";

export interface DohReply {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** An HTTP/2 session to a DNS-over-HTTPS server with a certificate the test made (not verified). */
export function dohSession(port: number): ClientHttp2Session {
  const session = connect(`https://127.0.0.1:${port}`, { rejectUnauthorized: false });
  session.on("error", () => {});
  return session;
}

/** One request on `session`: status, headers and the whole body. */
export function dohRequest(
  session: ClientHttp2Session,
  request: { method?: string; path: string; headers?: Record<string, string>; body?: Uint8Array },
): Promise<DohReply> {
  return new Promise((resolve, reject) => {
    const stream = session.request(
      { ":method": request.method ?? "GET", ":path": request.path, ...request.headers },
      { endStream: request.body === undefined },
    );
    const chunks: Buffer[] = [];
    let headers: IncomingHttpHeaders = {};
    stream.on("response", (received) => {
      headers = received;
    });
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    stream.on("end", () => resolve({ status: Number(headers[":status"]), headers, body: Buffer.concat(chunks) }));
    stream.on("error", reject);
    if (request.body !== undefined) stream.end(request.body);
  });
}
