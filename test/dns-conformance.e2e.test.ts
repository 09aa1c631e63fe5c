import { execFile, execFileSync } from "node:child_process";
import { connect, type Socket } from "node:net";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "./support/agent-harness.ts";
import { ask, queryPacket, readReply, TYPE } from "./support/dns-client.ts";
import { hasNamed, type NamedServer, startNamed } from "./support/named-server.ts";

const run = promisify(execFile);

/** Trickling clients: 1,000, unless the file-descriptor limit (two per connection here) forbids it. */
const TRICKLERS = Math.min(1000, Math.floor((Number(execFileSync("sh", ["-c", "ulimit -n"]).toString()) - 300) / 2));

/** What `dig` shows of an answer: its status and its header flags, as on `;; flags: qr rd ra;`. */
async function dig(port: number, ...args: string[]): Promise<{ status: string; flags: string[]; text: string }> {
  const { stdout } = await run("dig", ["@127.0.0.1", "-p", String(port), "+tries=1", "+time=3", ...args]);
  const status = /status: (\w+)/.exec(stdout)?.[1] ?? "";
  const flags = (/;; flags: ([^;]*);/.exec(stdout)?.[1] ?? "").trim().split(/\s+/).filter(Boolean);
  return { status, flags, text: stdout };
}

const framed = (packet: Uint8Array) => {
  const out = Buffer.alloc(2 + packet.length);
  out.writeUInt16BE(packet.length, 0);
  out.set(packet, 2);
  return out;
};

function opened(port: number, from: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: "127.0.0.1", port, localAddress: from });
    socket.once("connect", () => resolve(socket));
    socket.once("error", reject);
  });
}

const closedBy = (socket: Socket) => new Promise<void>((resolve) => socket.once("close", () => resolve()));

// The agent forwarding to a real BIND 9, asserting what dig shows of its answers.
describe.skipIf(!hasNamed())("DNS conformance in front of BIND 9", () => {
  let named: NamedServer;
  let harness: Harness;
  let port: number;
  beforeAll(async () => {
    named = await startNamed([
      {
        name: "example.test",
        records: [
          "www IN A 192.0.2.10",
          "www IN AAAA 2001:db8::10",
          "mail IN A 192.0.2.25",
          "@ IN MX 10 mail.example.test.",
          '@ IN TXT "v=spf1 -all"',
          "alias IN CNAME www.example.test.",
          ...Array.from({ length: 12 }, (_, i) => `n${i} IN A 192.0.2.${100 + i}`),
        ].join("\n"),
      },
    ]);
    harness = await startHarness({
      upstreams: [`udp://${named.address}`],
      tcp: { idleMs: 2000, messageMs: 4000, lifetimeMs: 10_000, maxPerClient: 32, maxConnections: TRICKLERS },
    });
    port = harness.dns.port;
  }, 30_000);
  afterAll(async () => {
    await harness?.stop();
    await named?.stop();
  });

  it("answers with its own flags, not the authoritative upstream's: AA clear, RA set, also from the cache", async () => {
    const first = await dig(port, "www.example.test", "A");
    expect(first.status).toBe("NOERROR");
    expect(first.flags).toEqual(["qr", "rd", "ra"]);
    expect(first.text).toContain("192.0.2.10");
    const cached = await dig(port, "www.example.test", "A");
    expect(cached.flags).toEqual(["qr", "rd", "ra"]);
    expect(named.queriedNames().filter((name) => name === "www.example.test")).toHaveLength(1);
    const norecurse = await dig(port, "+norecurse", "mail.example.test", "A");
    expect(norecurse.flags).toEqual(["qr", "ra"]);
    for (const [name, type, shown] of [
      ["www.example.test", "AAAA", "2001:db8::10"],
      ["example.test", "MX", "mail.example.test."],
      ["example.test", "TXT", '"v=spf1 -all"'],
      ["alias.example.test", "A", "www.example.test."],
    ] as const) {
      const reply = await dig(port, name, type);
      expect([reply.status, reply.flags.join(" ")]).toEqual(["NOERROR", "qr rd ra"]);
      expect(reply.text).toContain(shown);
    }
  });

  it("relays no AD bit the unsigned upstream did not set, with +adflag or without", async () => {
    // Whether AD is relayed or cleared by what the client asked is asserted on the bytes in
    // agent/src/dns/client-response.test.ts; BIND sets no AD on an unsigned zone.
    expect((await dig(port, "+adflag", "n1.example.test", "A")).flags).toEqual(["qr", "rd", "ra"]);
    expect((await dig(port, "+noadflag", "n1.example.test", "A")).flags).toEqual(["qr", "rd", "ra"]);
  });

  it("answers EDNS version 1 with BADVERS and an OPT record of version 0", async () => {
    const reply = await dig(port, "+edns=1", "+noednsnegotiation", "n2.example.test", "A");
    expect(reply.status).toBe("BADVERS");
    expect(reply.text).toMatch(/EDNS: version: 0,/);
    expect(reply.text).not.toContain("192.0.2.102");
  });

  it("refuses CHAOS-class questions without forwarding them", async () => {
    for (const name of ["version.bind", "version.server", "hostname.bind", "id.server"]) {
      expect((await dig(port, name, "TXT", "CH")).status).toBe("REFUSED");
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(named.queriedNames()).not.toEqual(expect.arrayContaining(["version.bind"]));
    expect(named.queriedNames().some((name) => name.endsWith(".bind") || name.endsWith(".server"))).toBe(false);
  });

  it("answers a TCP client that half-closes after sending its query, then closes", async () => {
    const socket = await opened(port, "127.0.0.1");
    const received: Buffer[] = [];
    socket.on("data", (chunk: Buffer) => received.push(chunk));
    socket.end(framed(queryPacket("n3.example.test", TYPE.A, 0x4242)));
    await Promise.race([closedBy(socket), new Promise((resolve) => setTimeout(resolve, 3000))]);
    const bytes = Buffer.concat(received);
    expect(bytes.length).toBeGreaterThan(2);
    const reply = readReply(new Uint8Array(bytes.subarray(2, 2 + bytes.readUInt16BE(0))));
    expect(reply.id).toBe(0x4242);
    expect(reply.answers.map((a) => a.address)).toEqual(["192.0.2.103"]);
  });

  it("closes connections past the per-address bound at once", async () => {
    const sockets = await Promise.all(Array.from({ length: 40 }, () => opened(port, "127.0.0.200")));
    const closed = new Set<Socket>();
    for (const socket of sockets) socket.once("close", () => closed.add(socket));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(closed.size).toBe(8);
    for (const socket of sockets) socket.destroy();
  });

  it(`keeps answering new TCP and UDP clients while ${TRICKLERS} clients trickle a byte a second`, async () => {
    const sockets: Socket[] = [];
    const closings: Promise<void>[] = [];
    // Each sends a real query, its length then its body, one byte a second.
    const message = framed(queryPacket("n6.example.test", TYPE.A, 7));
    const sent = new Map<Socket, number>();
    const trickle = setInterval(() => {
      for (const [socket, count] of sent) {
        if (!socket.destroyed) socket.write(message.subarray(count, count + 1));
        sent.set(socket, count + 1);
      }
    }, 1000);
    try {
      // Opened over ~1.5 s from 32 loopback addresses (at most 32 from each, the per-address bound).
      for (let batch = 0; batch * 100 < TRICKLERS; batch++) {
        const count = Math.min(100, TRICKLERS - batch * 100);
        const opening = Array.from({ length: count }, (_, i) =>
          opened(port, `127.0.0.${10 + ((batch * 100 + i) % 32)}`),
        );
        for (const socket of await Promise.all(opening)) {
          socket.on("error", () => {});
          socket.write(message.subarray(0, 1));
          sent.set(socket, 1);
          sockets.push(socket);
          closings.push(closedBy(socket));
        }
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
      const openNow = sockets.filter((socket) => !socket.destroyed).length;
      expect(openNow).toBeGreaterThan(TRICKLERS * 0.9);
      const started = performance.now();
      const overTcp = await Promise.race([
        ask({ host: "127.0.0.1", port }, "n4.example.test", { tcp: true, timeoutMs: 1000 }),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error("no TCP answer within 1 s")), 1000)),
      ]);
      expect(overTcp.answers.map((a) => a.address)).toEqual(["192.0.2.104"]);
      expect(performance.now() - started).toBeLessThan(1000);
      const overUdp = await ask({ host: "127.0.0.1", port }, "n5.example.test", { timeoutMs: 1000 });
      expect(overUdp.answers.map((a) => a.address)).toEqual(["192.0.2.105"]);
      // Each trickler's message deadline (4 s from its first byte) closes it, bytes or not.
      await Promise.race([Promise.all(closings), new Promise((resolve) => setTimeout(resolve, 8000))]);
      expect(sockets.filter((socket) => !socket.destroyed && !socket.closed).length).toBe(0);
    } finally {
      clearInterval(trickle);
      for (const socket of sockets) socket.destroy();
    }
  }, 30_000);
});
