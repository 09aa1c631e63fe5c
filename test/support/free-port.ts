import { createSocket } from "node:dgram";

/** A loopback port that was free a moment ago, for servers that must be started on a known port. */
export async function freePort(): Promise<number> {
  const socket = createSocket("udp4");
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", () => resolve()));
  const { port } = socket.address();
  socket.close();
  return port;
}
