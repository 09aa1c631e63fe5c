import { createSocket, type Socket } from "node:dgram";
import { isIPv6 } from "node:net";
import { formatHostPort } from "@fenceline/shared";
import { literalAddress } from "../server/literal-address.ts";
import { tcpExchange } from "./tcp-upstream.ts";
import { type Upstream, UpstreamError } from "./upstream.ts";

interface Pending {
  resolve: (response: Uint8Array) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

interface PooledSocket {
  socket: Socket;
  /** Queries sent from it; past QUERIES_PER_SOCKET it is retired. */
  sent: number;
  /** Its queries waiting for an answer, by ID: a retired socket closes when none are left. */
  pending: Map<number, Pending>;
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
  /** Every socket with queries waiting, retired ones included. */
  private readonly busy = new Set<PooledSocket>();
  private readonly host: string;
  private readonly port: number;

  /** `host` is an IP address (as createUpstream requires); IPv6 is compared in its canonical form. */
  constructor(host: string, port: number) {
    this.host = isIPv6(host) ? new URL(`http://[${host}]/`).hostname.slice(1, -1) : host;
    this.port = port;
    this.url = `udp://${formatHostPort(this.host, port)}`;
  }

  async exchange(query: Uint8Array, timeoutMs: number): Promise<Uint8Array> {
    const response = await this.viaUdp(query, timeoutMs);
    if (((response[2] as number) & 0x02) === 0) return response;
    return tcpExchange(this.host, this.port, query, timeoutMs);
  }

  private viaUdp(query: Uint8Array, timeoutMs: number): Promise<Uint8Array> {
    const id = ((query[0] as number) << 8) | (query[1] as number);
    const pooled = this.pick(id);
    if (!pooled) return Promise.reject(new UpstreamError("upstream-failed", "query ID already in flight"));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.settle(pooled, id);
        reject(new UpstreamError("upstream-timeout", `${this.url} did not answer within ${timeoutMs} ms`));
      }, timeoutMs);
      pooled.pending.set(id, { resolve, reject, timer });
      this.busy.add(pooled);
      pooled.socket.send(query, this.port, this.host, (error) => {
        if (!error || !pooled.pending.has(id)) return;
        clearTimeout(timer);
        this.settle(pooled, id);
        reject(new UpstreamError("upstream-failed", `${this.url}: ${error.message}`, { cause: error }));
      });
    });
  }

  /**
   * A socket from the pool, at random, without a query of this ID in flight (IDs need only differ
   * per socket); one that has sent its share is retired and replaced. Null if every one has it.
   */
  private pick(id: number): PooledSocket | null {
    while (this.pool.length < POOL_SIZE) this.pool.push(this.open());
    const start = Math.floor(Math.random() * POOL_SIZE);
    for (let step = 0; step < POOL_SIZE; step++) {
      const index = (start + step) % POOL_SIZE;
      const pooled = this.pool[index] as PooledSocket;
      if (pooled.pending.has(id)) continue;
      if (++pooled.sent >= QUERIES_PER_SOCKET) {
        pooled.retired = true;
        this.pool[index] = this.open();
      }
      return pooled;
    }
    return null;
  }

  private open(): PooledSocket {
    const socket = createSocket({ type: isIPv6(this.host) ? "udp6" : "udp4", lookup: literalAddress });
    const pooled: PooledSocket = { socket, sent: 0, pending: new Map(), retired: false };
    socket.on("message", (message, remote) => {
      if (message.length < 12 || remote.port !== this.port || remote.address !== this.host) return;
      const id = ((message[0] as number) << 8) | (message[1] as number);
      const waiting = pooled.pending.get(id);
      if (!waiting) return;
      clearTimeout(waiting.timer);
      this.settle(pooled, id);
      waiting.resolve(new Uint8Array(message.buffer, message.byteOffset, message.length));
    });
    socket.on("error", () => {
      // A send error is reported per query; an ICMP error must not crash the agent.
    });
    socket.unref();
    return pooled;
  }

  /** Forgets a query; its socket, if retired and now idle, is closed. */
  private settle(pooled: PooledSocket, id: number): void {
    pooled.pending.delete(id);
    if (pooled.pending.size > 0) return;
    this.busy.delete(pooled);
    if (pooled.retired) pooled.socket.close();
  }

  close(): void {
    const sockets = new Set([...this.pool, ...this.busy]);
    for (const pooled of sockets) {
      for (const waiting of pooled.pending.values()) {
        clearTimeout(waiting.timer);
        waiting.reject(new UpstreamError("upstream-failed", "upstream closed"));
      }
      pooled.pending.clear();
      pooled.socket.close();
    }
    this.busy.clear();
    this.pool.length = 0;
  }
}
