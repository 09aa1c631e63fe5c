import { connect } from "node:net";
import { formatHostPort } from "@fenceline/shared";
import { type Upstream, UpstreamError } from "./upstream.ts";

/** One query over a fresh TCP connection (RFC 7766 framing: 2-byte length prefix). */
export function tcpExchange(host: string, port: number, query: Uint8Array, timeoutMs: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    const chunks: Buffer[] = [];
    let received = 0;
    const fail = (error: Error) => {
      socket.destroy();
      reject(error);
    };
    socket.setTimeout(timeoutMs, () =>
      fail(new UpstreamError("upstream-timeout", `tcp://${host}:${port} did not answer within ${timeoutMs} ms`)),
    );
    socket.on("error", (error) =>
      fail(new UpstreamError("upstream-failed", `tcp://${host}:${port}: ${error.message}`, { cause: error })),
    );
    socket.on("connect", () => {
      const framed = Buffer.alloc(2 + query.length);
      framed.writeUInt16BE(query.length, 0);
      framed.set(query, 2);
      socket.write(framed);
    });
    socket.on("data", (chunk) => {
      chunks.push(chunk);
      received += chunk.length;
      if (received < 2) return;
      const all = Buffer.concat(chunks, received);
      const length = all.readUInt16BE(0);
      if (received < 2 + length) return;
      socket.end();
      resolve(new Uint8Array(all.buffer, all.byteOffset + 2, length));
    });
  });
}

export class TcpUpstream implements Upstream {
  readonly url: string;
  private readonly host: string;
  private readonly port: number;

  constructor(host: string, port: number) {
    this.host = host;
    this.port = port;
    this.url = `tcp://${formatHostPort(host, port)}`;
  }

  exchange(query: Uint8Array, timeoutMs: number): Promise<Uint8Array> {
    return tcpExchange(this.host, this.port, query, timeoutMs);
  }

  close(): void {}
}
