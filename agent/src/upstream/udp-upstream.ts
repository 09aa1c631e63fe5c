import { createSocket, type Socket } from "node:dgram";
import { isIPv6 } from "node:net";
import { tcpExchange } from "./tcp-upstream.ts";
import { type Upstream, UpstreamError } from "./upstream.ts";

interface Pending {
  socket: PooledSocket;
  resolve: (response: Uint8Array) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

interface PooledSocket {
  socket: Socket;
  /** Queries sent from it; past QUERIES_PER_SOCKET it is retired. */
  sent: number;
  /** Queries from it still waiting for an answer: a retired socket closes when none are left. */
  waiting: number;
  retired: boolean;
}

/** Sockets open at once; each query leaves from one of them, picked at random. */
const POOL_SIZE = 8;
/** Queries a socket sends before it gives way to a new one, on a new port the kernel picks. */
const QUERIES_PER_SOCKET = 256;

/**
 * Plain DNS over UDP to one resolver. An answer counts only if it comes from the resolver's
 * address and port, to the socket the query left from, with the query's random ID. Queries leave
 * from a pool of sockets whose ports keep changing (each is replaced after 256 queries), so that
 * an off-path attacker forging answers must guess the port as well as the ID, as with dnsmasq's
 * and unbound's port randomisation. A truncated answer is asked again over TCP.
 */
export class UdpUpstream implements Upstream {
  readonly url: string;
  private readonly pool: PooledSocket[] = [];
  private readonly pending = new Map<number, Pending>();
  private readonly host: string;
  private readonly port: number;

  /** `host` is an IP address (as createUpstream requires); IPv6 is compared in its canonical form. */
  constructor(host: string, port: number) {
    this.host = isIPv6(host) ? new URL(`http://[${host}]/`).hostname.slice(1, -1) : host;
    this.port = port;
    this.url = `udp://${isIPv6(host) ? `[${this.host}]` : host}:${port}`;
  }

  async exchange(query: Uint8Array, timeoutMs: number): Promise<Uint8Array> {
    const response = await this.viaUdp(query, timeoutMs);
    if (((response[2] as number) & 0x02) === 0) return response;
    return tcpExchange(this.host, this.port, query, timeoutMs);
  }

  private viaUdp(query: Uint8Array, timeoutMs: number): Promise<Uint8Array> {
    const id = ((query[0] as number) << 8) | (query[1] as number);
    if (this.pending.has(id)) return Promise.reject(new UpstreamError("upstream-failed", "query ID already in flight"));
    const pooled = this.pick();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.settle(id);
        reject(new UpstreamError("upstream-timeout", `${this.url} did not answer within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { socket: pooled, resolve, reject, timer });
      pooled.waiting++;
      pooled.socket.send(query, this.port, this.host, (error) => {
        if (!error || !this.pending.has(id)) return;
        clearTimeout(timer);
        this.settle(id);
        reject(new UpstreamError("upstream-failed", `${this.url}: ${error.message}`, { cause: error }));
      });
    });
  }

  /** A socket from the pool, at random; one that has sent its share is retired and replaced. */
  private pick(): PooledSocket {
    while (this.pool.length < POOL_SIZE) this.pool.push(this.open());
    const index = Math.floor(Math.random() * this.pool.length);
    const pooled = this.pool[index] as PooledSocket;
    if (++pooled.sent >= QUERIES_PER_SOCKET) {
      pooled.retired = true;
      this.pool[index] = this.open();
    }
    return pooled;
  }

  private open(): PooledSocket {
    const socket = createSocket(isIPv6(this.host) ? "udp6" : "udp4");
    const pooled: PooledSocket = { socket, sent: 0, waiting: 0, retired: false };
    socket.on("message", (message, remote) => {
      if (message.length < 12 || remote.port !== this.port || remote.address !== this.host) return;
      const id = ((message[0] as number) << 8) | (message[1] as number);
      const waiting = this.pending.get(id);
      if (!waiting || waiting.socket !== pooled) return;
      clearTimeout(waiting.timer);
      this.settle(id);
      waiting.resolve(new Uint8Array(message.buffer, message.byteOffset, message.length));
    });
    socket.on("error", () => {
      // A send error is reported per query; an ICMP error must not crash the agent.
    });
    socket.unref();
    return pooled;
  }

  /** Forgets a query; its socket, if retired and now idle, is closed. */
  private settle(id: number): void {
    const waiting = this.pending.get(id);
    if (!waiting) return;
    this.pending.delete(id);
    const pooled = waiting.socket;
    if (--pooled.waiting === 0 && pooled.retired) pooled.socket.close();
  }

  close(): void {
    const sockets = new Set(this.pool);
    for (const [, waiting] of this.pending) {
      clearTimeout(waiting.timer);
      sockets.add(waiting.socket);
      waiting.reject(new UpstreamError("upstream-failed", "upstream closed"));
    }
    this.pending.clear();
    for (const pooled of sockets) pooled.socket.close();
    this.pool.length = 0;
  }
}
