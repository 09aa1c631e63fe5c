import { createSocket, type Socket } from "node:dgram";
import { createServer, isIPv6, type Server, type Socket as TcpSocket } from "node:net";
import { formatHostPort } from "@fenceline/shared";
import type { Logger } from "pino";
import { parseListenAddress } from "./listen-address.ts";
import { literalAddress } from "./literal-address.ts";
import type { MaybeResponse } from "./packet-handler.ts";
import { serveTcpConnection, type TcpLimits } from "./tcp-connection.ts";

type Handle = (raw: Uint8Array, remoteAddress: string, transport: "udp" | "tcp") => MaybeResponse;

export interface DnsServers {
  /** Bound addresses, with the ports actually given (for port 0). */
  addresses: { udp: string[]; tcp: string[] };
  close(): Promise<void>;
}

/**
 * DNS over UDP and TCP on each listen address. A handler error drops that one query only. TCP is
 * bounded by `tcpLimits` (timeouts, connections per client address and in all). With
 * `reusePort`, several threads can serve the same addresses and the kernel spreads the load.
 */
export async function startDnsServers(
  listen: readonly string[],
  handle: Handle,
  log: Logger,
  tcpLimits: TcpLimits,
  reusePort = false,
): Promise<DnsServers> {
  const sockets: Socket[] = [];
  const servers: Server[] = [];
  const addresses = { udp: [] as string[], tcp: [] as string[] };
  for (const entry of listen) {
    const { host, port } = parseListenAddress(entry);
    for (let attempt = 1; ; attempt++) {
      const socket = await bindUdp(host, port, handle, log, reusePort);
      const udpPort = socket.address().port;
      let server: Server;
      try {
        server = await listenTcp(host, port === 0 ? udpPort : port, handle, log, reusePort, tcpLimits);
      } catch (error) {
        socket.close();
        // Port 0: the port the kernel gave UDP may be taken for TCP; try another few.
        if (port === 0 && attempt < 10 && (error as NodeJS.ErrnoException).code === "EADDRINUSE") continue;
        throw error;
      }
      sockets.push(socket);
      servers.push(server);
      addresses.udp.push(formatHostPort(host, udpPort));
      addresses.tcp.push(formatHostPort(host, (server.address() as { port: number }).port));
      break;
    }
  }
  return {
    addresses,
    close: async () => {
      for (const socket of sockets) socket.close();
      const closed = servers.map((server) => new Promise((resolve) => server.close(resolve)));
      // Open connections would hold close() until their own timeouts: end them now.
      for (const server of servers)
        for (const connection of liveConnections.get(server)?.keys() ?? []) connection.destroy();
      await Promise.all(closed);
    },
  };
}

function bindUdp(host: string, port: number, handle: Handle, log: Logger, reusePort: boolean): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = createSocket({
      type: isIPv6(host) ? "udp6" : "udp4",
      ipv6Only: isIPv6(host),
      reusePort,
      lookup: literalAddress,
    });
    const failed = (error: unknown) => log.error({ err: error }, "UDP query failed");
    socket.on("message", (message, remote) => {
      let response: MaybeResponse;
      try {
        response = handle(new Uint8Array(message.buffer, message.byteOffset, message.length), remote.address, "udp");
      } catch (error) {
        failed(error);
        return;
      }
      if (response instanceof Promise) {
        response.then((later) => {
          if (later) socket.send(later, remote.port, remote.address);
        }, failed);
      } else if (response) {
        socket.send(response, remote.port, remote.address);
      }
    });
    socket.once("error", reject);
    socket.bind(port, host, () => {
      socket.off("error", reject);
      socket.on("error", (error) => log.error({ err: error }, "UDP socket error"));
      resolve(socket);
    });
  });
}

/** Each TCP server's open connections, oldest first. */
const liveConnections = new WeakMap<Server, Map<TcpSocket, { owesAnswers: () => boolean }>>();

function listenTcp(
  host: string,
  port: number,
  handle: Handle,
  log: Logger,
  reusePort: boolean,
  limits: TcpLimits,
): Promise<Server> {
  const failed = (error: unknown) => log.error({ err: error }, "TCP query failed");
  const answer = (message: Uint8Array, remoteAddress: string) => handle(message, remoteAddress, "tcp");
  const perClient = new Map<string, number>();
  // Oldest first (a Map keeps insertion order), for displacing one when the server is full.
  const live = new Map<TcpSocket, { owesAnswers: () => boolean }>();
  // allowHalfOpen: a client may send its queries then FIN, and still be owed its answers.
  const server = createServer({ allowHalfOpen: true }, (connection) => {
    const address = connection.remoteAddress ?? "";
    const held = perClient.get(address) ?? 0;
    if (held >= limits.maxPerClient) {
      connection.destroy();
      return;
    }
    if (live.size >= limits.maxConnections && !displaceOldestIdle(live)) {
      connection.destroy();
      return;
    }
    perClient.set(address, held + 1);
    connection.once("close", () => {
      live.delete(connection);
      const left = (perClient.get(address) ?? 1) - 1;
      if (left > 0) perClient.set(address, left);
      else perClient.delete(address);
    });
    live.set(connection, serveTcpConnection(connection, limits, answer, failed));
  });
  liveConnections.set(server, live);
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen({ host, port, ipv6Only: isIPv6(host), reusePort }, () => {
      server.off("error", reject);
      resolve(server);
    });
  });
}

/**
 * Closes the oldest connection that owes no answer (idle, or a message still coming in), so that
 * a full server still takes a new client instead of refusing all TCP; false if every one is busy.
 */
function displaceOldestIdle(live: Map<TcpSocket, { owesAnswers: () => boolean }>): boolean {
  for (const [socket, state] of live) {
    if (state.owesAnswers()) continue;
    live.delete(socket);
    socket.destroy();
    return true;
  }
  return false;
}
