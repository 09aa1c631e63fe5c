import { createSocket, type Socket } from "node:dgram";
import { createServer, type Server } from "node:net";
import dns2 from "dns2";
import { freePort } from "./free-port.ts";

const { Packet } = dns2;

/**
 * A small authoritative server on 127.0.0.1 for tests: every name has an A (192.0.2.x) and AAAA
 * record unless listed in `nxdomain`; `big.test` TXT answers set TC over UDP; each answer carries
 * an OPT with a COOKIE, so tests can check it never reaches clients. Can be made slow, silent or
 * SERVFAIL-ing, and counts the questions it was asked.
 */
export class TestUpstream {
  readonly asked: string[] = [];
  nxdomain = new Set<string>(["nx.test"]);
  /** Names answered SERVFAIL whatever the mode, as a server with a broken delegation would. */
  servfail = new Set<string>();
  /** Names answered with a CNAME to another (then that name's A record), as a CDN would. */
  cnames = new Map<string, string>();
  ttl = 300;
  mode: "ok" | "silent" | "servfail" = "ok";
  delayMs = 0;
  address = "192.0.2.1";
  udpPort = 0;
  tcpPort = 0;
  private udp: Socket | null = null;
  private tcp: Server | null = null;

  get url(): string {
    return `udp://127.0.0.1:${this.udpPort}`;
  }

  /** Starts on `port`, or on a free port outside the ephemeral range: UDP and TCP share the number. */
  async start(port?: number): Promise<this> {
    port ??= await freePort();
    const udp = createSocket("udp4");
    udp.on("message", (message, remote) => {
      void this.answer(message, "udp").then((reply) => {
        if (reply) udp.send(reply, remote.port, remote.address);
      });
    });
    await new Promise<void>((resolve) => udp.bind(port, "127.0.0.1", () => resolve()));
    this.udp = udp;
    this.udpPort = udp.address().port;
    const tcp = createServer((socket) => {
      let buffered = Buffer.alloc(0);
      socket.on("error", () => socket.destroy());
      socket.on("data", (chunk) => {
        buffered = Buffer.concat([buffered, chunk]);
        if (buffered.length < 2 || buffered.length < 2 + buffered.readUInt16BE(0)) return;
        const message = buffered.subarray(2, 2 + buffered.readUInt16BE(0));
        buffered = Buffer.alloc(0);
        void this.answer(message, "tcp").then((reply) => {
          if (!reply) return;
          const framed = Buffer.alloc(2 + reply.length);
          framed.writeUInt16BE(reply.length, 0);
          framed.set(reply, 2);
          socket.end(framed);
        });
      });
    });
    await new Promise<void>((resolve) => tcp.listen(this.udpPort, "127.0.0.1", () => resolve()));
    this.tcp = tcp;
    this.tcpPort = this.udpPort;
    return this;
  }

  async stop(): Promise<void> {
    this.udp?.close();
    await new Promise((resolve) => (this.tcp ? this.tcp.close(resolve) : resolve(undefined)));
  }

  private async answer(message: Buffer, transport: "udp" | "tcp"): Promise<Uint8Array | null> {
    if (this.mode === "silent") return null;
    if (this.delayMs) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    const request = Packet.parse(message);
    const question = request.questions[0];
    if (!question) return null;
    const name = question.name.toLowerCase();
    this.asked.push(`${name}/${question.type}/${transport}`);
    const response = Packet.createResponseFromRequest(request);
    response.additionals = [];
    response.header.ra = 1;
    if (this.mode === "servfail" || this.servfail.has(name)) {
      response.header.rcode = Packet.RCODE.SERVFAIL;
    } else if (this.nxdomain.has(name)) {
      response.header.rcode = Packet.RCODE.NXDOMAIN;
      (response.authorities as unknown[]).push({
        name: "test",
        type: Packet.TYPE.SOA,
        class: Packet.CLASS.IN,
        ttl: 600,
        primary: "ns.test",
        admin: "admin.test",
        serial: 1,
        refresh: 3600,
        retry: 600,
        expiration: 86400,
        minimum: 60,
      });
    } else if (question.type === Packet.TYPE.A && this.cnames.has(name)) {
      const target = this.cnames.get(name) as string;
      (response.answers as unknown[]).push(
        { name: question.name, type: Packet.TYPE.CNAME, class: Packet.CLASS.IN, ttl: this.ttl, domain: target },
        { name: target, type: Packet.TYPE.A, class: Packet.CLASS.IN, ttl: this.ttl, address: this.address },
      );
    } else if (question.type === Packet.TYPE.A) {
      (response.answers as unknown[]).push({
        name: question.name,
        type: Packet.TYPE.A,
        class: Packet.CLASS.IN,
        ttl: this.ttl,
        address: this.address,
      });
    } else if (question.type === Packet.TYPE.AAAA) {
      (response.answers as unknown[]).push({
        name: question.name,
        type: Packet.TYPE.AAAA,
        class: Packet.CLASS.IN,
        ttl: this.ttl,
        address: "2001:db8::1",
      });
    } else if (question.type === Packet.TYPE.TXT && name === "big.test") {
      if (transport === "udp") response.header.tc = 1;
      else
        for (let i = 0; i < 12; i++)
          (response.answers as unknown[]).push({
            name: question.name,
            type: Packet.TYPE.TXT,
            class: Packet.CLASS.IN,
            ttl: this.ttl,
            data: `chunk ${i} ${"x".repeat(90)}`,
          });
    } else if (question.type === Packet.TYPE.MX) {
      (response.answers as unknown[]).push({
        name: question.name,
        type: Packet.TYPE.MX,
        class: Packet.CLASS.IN,
        ttl: this.ttl,
        exchange: `mail.${name}`,
        priority: 10,
      });
    }
    return withCookieOpt(echoQuestion(new Uint8Array(response.toBuffer()), message), message);
  }
}

/**
 * The question as the client sent it, byte for byte, as real servers answer: dns2 writes the name
 * it parsed, and reads a label holding a dot as two labels. Same length either way (a dot for a
 * length byte), so the records after it keep their offsets.
 */
function echoQuestion(response: Uint8Array, query: Buffer): Uint8Array {
  let end = 12;
  while (end < query.length && query[end] !== 0) end += (query[end] as number) + 1;
  end += 5;
  if (end <= response.length && end <= query.length) response.set(query.subarray(12, end), 12);
  return response;
}

/** Appends an OPT record holding a server COOKIE and the DO bit of the query. */
function withCookieOpt(response: Uint8Array, query: Buffer): Uint8Array {
  const dnssecOk =
    query.includes(Buffer.from([0x00, 0x00, 0x29])) && query.length > 20 && (query[query.length - 5] as number) & 0x80;
  const cookie = Buffer.from("0011223344556677" + "8899aabbccddeeff", "hex");
  const opt = Buffer.alloc(11 + 4 + cookie.length);
  opt.writeUInt16BE(41, 1);
  opt.writeUInt16BE(1232, 3);
  opt[7] = dnssecOk ? 0x80 : 0;
  opt.writeUInt16BE(4 + cookie.length, 9);
  opt.writeUInt16BE(10, 11);
  opt.writeUInt16BE(cookie.length, 13);
  cookie.copy(opt, 15);
  const out = Buffer.concat([Buffer.from(response), opt]);
  out.writeUInt16BE(out.readUInt16BE(10) + 1, 10);
  return out;
}
