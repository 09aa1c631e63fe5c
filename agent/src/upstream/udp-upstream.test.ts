import { createSocket, type Socket } from "node:dgram";
import { afterEach, describe, expect, it } from "vitest";
import { queryPacket } from "../../../test/support/dns-client.ts";
import { UdpUpstream } from "./udp-upstream.ts";

/** A resolver on 127.0.0.1 that answers each query by calling `reply` (or not), and notes the source ports. */
async function fakeResolver(reply: (query: Buffer, port: number, resolver: Socket) => void) {
  const socket = createSocket("udp4");
  const ports: number[] = [];
  socket.on("message", (query, remote) => {
    ports.push(remote.port);
    reply(query, remote.port, socket);
  });
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", () => resolve()));
  return { socket, port: socket.address().port, ports };
}

/** The query turned into a response carrying `marker` as its last byte. */
const answer = (query: Buffer, marker: number) => Buffer.concat([query, Buffer.from([marker])]).fill(0x81, 2, 3);

const closing: { close(): void }[] = [];
afterEach(() => {
  for (const item of closing.splice(0)) item.close();
});

describe("UdpUpstream", () => {
  it("takes only the answer from the resolver's own address, not a forgery from another", async () => {
    // The forger sits on 127.0.0.2 at the resolver's port and answers first, with the right ID.
    const forger = createSocket("udp4");
    closing.push(forger);
    const resolver = await fakeResolver((query, port, socket) => {
      forger.send(answer(query, 0xee), port, "127.0.0.1");
      setTimeout(() => socket.send(answer(query, 0x11), port, "127.0.0.1"), 20);
    });
    closing.push(resolver.socket);
    await new Promise<void>((resolve) => forger.bind(resolver.port, "127.0.0.2", () => resolve()));
    const upstream = new UdpUpstream("127.0.0.1", resolver.port);
    closing.push(upstream);
    const response = await upstream.exchange(queryPacket("example.test", 1, 0x4242), 2000);
    expect(response.at(-1)).toBe(0x11);
  });

  it("has the same ID in flight twice without failing either (each on its own socket)", async () => {
    const resolver = await fakeResolver((query, port, socket) =>
      setTimeout(() => socket.send(answer(query, query.length), port, "127.0.0.1"), 50),
    );
    closing.push(resolver.socket);
    const upstream = new UdpUpstream("127.0.0.1", resolver.port);
    closing.push(upstream);
    const first = queryPacket("first.test", 1, 77);
    const second = queryPacket("second.example.test", 1, 77);
    const [a, b] = await Promise.all([upstream.exchange(first, 2000), upstream.exchange(second, 2000)]);
    expect([a.at(-1), b.at(-1)]).toEqual([first.length, second.length]);
  });

  it("sends from a changing set of source ports, and answers every query", async () => {
    const resolver = await fakeResolver((query, port, socket) => socket.send(answer(query, 1), port, "127.0.0.1"));
    closing.push(resolver.socket);
    const upstream = new UdpUpstream("127.0.0.1", resolver.port);
    closing.push(upstream);
    const total = 3000;
    for (let sent = 0; sent < total; sent += 100) {
      const batch = Array.from({ length: 100 }, (_, i) =>
        upstream.exchange(queryPacket("example.test", 1, sent + i), 2000),
      );
      expect((await Promise.all(batch)).every((r) => r.at(-1) === 1)).toBe(true);
    }
    // 8 sockets at a time, each replaced after 256 queries: 3,000 queries leave from 8 + 11 or so.
    expect(resolver.ports).toHaveLength(total);
    expect(new Set(resolver.ports).size).toBeGreaterThanOrEqual(16);
  });
});
