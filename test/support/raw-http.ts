import { connect } from "node:net";

export interface RawAnswer {
  /** The HTTP status, or null when the connection ended without one. */
  status: number | null;
  /** The answer's headers and body as text (a chunked body keeps its chunk lines). */
  text: string;
  /** Body bytes handed to the socket before the answer came (or the connection ended). */
  sent: number;
  ms: number;
}

/**
 * POSTs `chunks` repeats of `chunk` over a bare TCP socket: chunked (no Content-Length) unless
 * `headers` declare one. Stops writing as soon as the hub answers, and keeps what it answered
 * even when the hub then drops the connection (which an HTTP client would report as an error
 * before the answer).
 */
export function rawPost(
  url: string,
  headers: Record<string, string>,
  chunk: Buffer,
  chunks: number,
): Promise<RawAnswer> {
  const { hostname, port, pathname, search } = new URL(url);
  const started = performance.now();
  const declared = Object.keys(headers).some((name) => name.toLowerCase() === "content-length");
  const head = [
    `POST ${pathname}${search} HTTP/1.1`,
    `host: ${hostname}:${port}`,
    ...(declared ? [] : ["transfer-encoding: chunked"]),
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    "",
    "",
  ].join("\r\n");
  const framed = declared
    ? chunk
    : Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from("\r\n")]);
  return new Promise((resolve) => {
    let sent = 0;
    let received = "";
    let answered = false;
    let written = 0;
    const socket = connect(Number(port), hostname);
    const timer = setTimeout(() => socket.destroy(), 30_000);
    const pump = () => {
      while (!answered && !socket.destroyed && written < chunks) {
        written++;
        sent += chunk.length;
        if (!socket.write(framed)) return void socket.once("drain", pump);
      }
      if (!answered && !socket.destroyed && !declared) socket.write("0\r\n\r\n");
    };
    socket.on("connect", () => {
      socket.write(head);
      pump();
    });
    // The hub keeps the connection open after answering; once the answer has stopped coming, hang up.
    let quiet: NodeJS.Timeout | undefined;
    socket.on("data", (data) => {
      answered = true;
      if (received.length < 8192) received += data.toString("utf8");
      clearTimeout(quiet);
      quiet = setTimeout(() => socket.destroy(), 150);
    });
    socket.on("error", () => {});
    socket.on("close", () => {
      clearTimeout(timer);
      const status = /^HTTP\/1\.1 (\d{3})/.exec(received)?.[1];
      resolve({
        status: status ? Number(status) : null,
        text: received,
        sent,
        ms: Math.round(performance.now() - started),
      });
    });
  });
}
