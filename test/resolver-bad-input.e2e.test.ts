import { createSocket } from "node:dgram";
import { random } from "@fenceline/agent/bench/realistic-names.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, STAFF, startHarness } from "./support/agent-harness.ts";
import { ask, queryPacket, sendTcp, sendUdp } from "./support/dns-client.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

function withBytes(packet: Uint8Array, changes: Record<number, number>): Uint8Array {
  const copy = packet.slice();
  for (const [at, value] of Object.entries(changes)) copy[Number(at)] = value;
  return copy;
}

const good = queryPacket("example.test", 1, 0x1234);

describe("malformed packets", () => {
  it.each([
    ["two questions", withBytes(good, { 5: 2 }), 1],
    ["a bad label length", withBytes(good, { 12: 70 }), 1],
    [
      "a compression pointer in the question",
      Uint8Array.from([0x12, 0x34, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xc0, 12, 0, 1, 0, 1]),
      1,
    ],
    ["a name running off the packet", good.subarray(0, 16), 1],
    ["a question cut short", good.subarray(0, good.length - 2), 1],
    ["an answer record in a query", withBytes(good, { 7: 1 }), 1],
    ["opcode STATUS", withBytes(good, { 2: 0x10 }), 4],
    ["opcode NOTIFY", withBytes(good, { 2: 0x20 }), 4],
  ])("%s gets a header-only error answer (rcode %i) with its ID", async (_, packet, rcode) => {
    const reply = await sendUdp(h.dns, packet);
    expect(reply.length).toBe(12);
    expect((reply[0] as number) * 256 + (reply[1] as number)).toBe(0x1234);
    expect((reply[3] as number) & 0x0f).toBe(rcode);
  });

  it.each([
    ["a packet shorter than a header", Uint8Array.from([1, 2, 3])],
    ["a response", withBytes(good, { 2: 0x81 })],
  ])("%s is dropped without an answer", async (_, packet) => {
    await expect(sendUdp(h.dns, packet, { timeoutMs: 300 })).rejects.toThrow(/no answer/);
  });

  it("answers a name longer than 255 bytes with FORMERR", async () => {
    const labels = Array.from({ length: 5 }, () => "a".repeat(63)).join(".");
    const reply = await sendUdp(h.dns, queryPacket(labels, 1, 0x1234));
    expect((reply[3] as number) & 0x0f).toBe(1);
  });

  it("answers over TCP, several queries on one connection", async () => {
    const first = await sendTcp(h.dns, queryPacket("tcp.test", 1, 7));
    expect((first[3] as number) & 0x0f).toBe(0);
  });
});

/** Packets the agent dropped on purpose (not queries it could answer), from its metrics. */
async function droppedByDesign(): Promise<number> {
  const metrics = await (await fetch(`http://127.0.0.1:${h.httpPort}/metrics`)).text();
  return Number(/^fenceline_malformed_packets_total\{kind="drop"\} (\d+)$/m.exec(metrics)?.[1] ?? 0);
}

describe("fuzzing", () => {
  it("survives 100,000 random and mutated packets, then answers a good query right", async () => {
    const next = random(42);
    const socket = createSocket("udp4");
    let replies = 0;
    socket.on("message", () => {
      replies++;
    });
    await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", () => resolve()));
    const seeds = [good, queryPacket("www.adult.test", 28, 9, true, true), queryPacket("www.google.com", 1, 10, true)];
    const droppedBefore = await droppedByDesign();
    let sent = 0;
    for (let batch = 0; batch < 1000; batch++) {
      for (let i = 0; i < 100; i++) {
        let packet: Uint8Array;
        if (next() < 0.3) {
          packet = Uint8Array.from({ length: Math.floor(next() * 600) }, () => Math.floor(next() * 256));
        } else {
          packet = (seeds[Math.floor(next() * seeds.length)] as Uint8Array).slice();
          const flips = 1 + Math.floor(next() * 4);
          for (let f = 0; f < flips; f++) packet[Math.floor(next() * packet.length)] = Math.floor(next() * 256);
          if (next() < 0.2) packet = packet.subarray(0, Math.floor(next() * packet.length));
        }
        socket.send(packet, h.dns.port, h.dns.host);
        sent++;
      }
      // Paced by a good query from another port, answered only once the agent has read the batch
      // before it: a batch stays well inside the socket's receive buffer, so none is lost in the kernel.
      await sendUdp(h.dns, good);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    socket.close();
    expect(sent).toBe(100_000);
    // Every fuzz packet is answered (FORMERR, NOTIMP or a real answer) or dropped on purpose and
    // counted; most are answered.
    const dropped = (await droppedByDesign()) - droppedBefore;
    console.log(`fuzz: ${sent} packets sent, ${replies} answered, ${dropped} dropped as unanswerable`);
    expect(replies).toBeGreaterThan(50_000);
    expect(replies + dropped).toBeGreaterThanOrEqual(sent * 0.999);
    const reply = await ask(h.dns, "after-fuzz.test", { from: STAFF });
    expect(reply.rcode).toBe(0);
    expect(reply.answers).toMatchObject([{ address: "192.0.2.1" }]);
    const blocked = await ask(h.dns, "adult.test", { from: STAFF });
    expect(blocked.answers).toMatchObject([{ address: "0.0.0.0" }]);
  }, 60_000);
});
