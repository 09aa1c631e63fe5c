import { createSocket, type Socket } from "node:dgram";
import { isIPv6 } from "node:net";
import { tcpExchange } from "./tcp-upstream.ts";
import { type Upstream, UpstreamError } from "./upstream.ts";

interface Pending {
  resolve: (response: Uint8Array) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * Plain DNS over UDP to one resolver through one socket; answers are matched to queries by ID
 * (and must come from the resolver's address). A truncated answer is asked again over TCP.
 */
export class UdpUpstream implements Upstream {
  readonly url: string;
  private socket: Socket | null = null;
  private readonly pending = new Map<number, Pending>();
  private readonly host: string;
  private readonly port: number;

  constructor(host: string, port: number) {
    this.host = host;
    this.port = port;
    this.url = `udp://${isIPv6(host) ? `[${host}]` : host}:${port}`;
  }

  async exchange(query: Uint8Array, timeoutMs: number): Promise<Uint8Array> {
    const response = await this.viaUdp(query, timeoutMs);
    if (((response[2] as number) & 0x02) === 0) return response;
    return tcpExchange(this.host, this.port, query, timeoutMs);
  }

  private viaUdp(query: Uint8Array, timeoutMs: number): Promise<Uint8Array> {
    const socket = this.open();
    const id = ((query[0] as number) << 8) | (query[1] as number);
    if (this.pending.has(id)) return Promise.reject(new UpstreamError("upstream-failed", "query ID already in flight"));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new UpstreamError("upstream-timeout", `${this.url} did not answer within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      socket.send(query, this.port, this.host, (error) => {
        if (!error) return;
        clearTimeout(timer);
        this.pending.delete(id);
        reject(new UpstreamError("upstream-failed", `${this.url}: ${error.message}`, { cause: error }));
      });
    });
  }

  private open(): Socket {
    if (this.socket) return this.socket;
    const socket = createSocket(isIPv6(this.host) ? "udp6" : "udp4");
    socket.on("message", (message, remote) => {
      if (message.length < 12 || remote.port !== this.port) return;
      const id = ((message[0] as number) << 8) | (message[1] as number);
      const waiting = this.pending.get(id);
      if (!waiting) return;
      this.pending.delete(id);
      clearTimeout(waiting.timer);
      waiting.resolve(new Uint8Array(message.buffer, message.byteOffset, message.length));
    });
    socket.on("error", () => {
      // A send error is reported per query; an ICMP error must not crash the agent.
    });
    socket.unref();
    this.socket = socket;
    return socket;
  }

  close(): void {
    for (const [, waiting] of this.pending) {
      clearTimeout(waiting.timer);
      waiting.reject(new UpstreamError("upstream-failed", "upstream closed"));
    }
    this.pending.clear();
    this.socket?.close();
    this.socket = null;
  }
}
