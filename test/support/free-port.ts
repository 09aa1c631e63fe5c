import { createSocket } from "node:dgram";
import { createServer } from "node:net";

/** Below Linux's ephemeral range (32768–60999), so no outgoing connection can take it meanwhile. */
const LOW = 20_000;
const HIGH = 32_000;

function tcpFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

function udpFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createSocket("udp4");
    socket.once("error", () => resolve(false));
    socket.bind(port, "127.0.0.1", () => socket.close(() => resolve(true)));
  });
}

/**
 * A loopback port free for both TCP and UDP, for servers that must be started on a known port
 * (child processes, configuration files). Chosen at random outside the ephemeral range, so the
 * operating system never hands it to another socket between this check and its use.
 */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = LOW + Math.floor(Math.random() * (HIGH - LOW));
    if ((await tcpFree(port)) && (await udpFree(port))) return port;
  }
}
