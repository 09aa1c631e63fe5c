import { createSocket } from "node:dgram";
import { connect } from "node:net";
import dns2 from "dns2";

const { Packet } = dns2;

export interface AskOptions {
  type?: number;
  /** Send an OPT record (with DO when `dnssecOk`), and optionally a client COOKIE. */
  edns?: boolean;
  dnssecOk?: boolean;
  /** Local address to send from: any of 127.0.0.0/8, to play different clients. */
  from?: string;
  tcp?: boolean;
  timeoutMs?: number;
}

export interface Reply {
  raw: Uint8Array;
  id: number;
  rcode: number;
  truncated: boolean;
  answers: { name: string; type: number; ttl: number; address?: string; domain?: string; data?: unknown }[];
  /** The OPT record's option codes and the EDE (code, text) if any. */
  optCodes: number[] | null;
  dnssecOk: boolean;
  ede: { code: number; text: string } | null;
}

export const TYPE = { A: 1, CNAME: 5, MX: 15, TXT: 16, AAAA: 28, HTTPS: 65 } as const;

/** Builds a query packet by hand, so tests control every byte. */
export function queryPacket(name: string, type: number, id: number, edns = false, dnssecOk = false): Uint8Array {
  return labelsQueryPacket(name.split(".").filter(Boolean), type, id, edns, dnssecOk);
}

/** A query for the name made of exactly these labels (which may hold dots or any byte). */
export function labelsQueryPacket(
  labels: string[],
  type: number,
  id: number,
  edns = false,
  dnssecOk = false,
): Uint8Array {
  const bytes: number[] = [id >> 8, id & 0xff, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, edns ? 1 : 0];
  for (const label of labels) bytes.push(label.length, ...Buffer.from(label, "latin1"));
  bytes.push(0, type >> 8, type & 0xff, 0, 1);
  if (edns) {
    const cookie = [10, 0, 8, 1, 2, 3, 4, 5, 6, 7, 8]; // code 10, length 8, client cookie
    bytes.push(0, 0, 41, 0x04, 0xd0, 0, 0, dnssecOk ? 0x80 : 0, 0, 0, cookie.length + 1);
    bytes.push(0, ...cookie);
  }
  return Uint8Array.from(bytes);
}

/** Sends one query to the agent and reads its answer. */
export async function ask(
  server: { host: string; port: number },
  name: string,
  options: AskOptions = {},
): Promise<Reply> {
  const id = Math.floor(Math.random() * 65536);
  const packet = queryPacket(name, options.type ?? TYPE.A, id, options.edns ?? false, options.dnssecOk ?? false);
  const raw = options.tcp ? await sendTcp(server, packet, options) : await sendUdp(server, packet, options);
  return readReply(raw);
}

export function readReply(raw: Uint8Array): Reply {
  const packet = Packet.parse(Buffer.from(raw));
  let optCodes: number[] | null = null;
  let ede: Reply["ede"] = null;
  let dnssecOk = false;
  const arcount = Buffer.from(raw).readUInt16BE(10);
  if (arcount > 0) {
    // The OPT record, if any, is last: read its options by hand.
    const optAt = Buffer.from(raw).lastIndexOf(Buffer.from([0x00, 0x00, 0x29]));
    if (optAt >= 0) {
      const buf = Buffer.from(raw);
      dnssecOk = ((buf[optAt + 7] as number) & 0x80) !== 0;
      const length = buf.readUInt16BE(optAt + 9);
      optCodes = [];
      for (let p = optAt + 11; p < optAt + 11 + length; ) {
        const code = buf.readUInt16BE(p);
        const size = buf.readUInt16BE(p + 2);
        optCodes.push(code);
        if (code === 15) ede = { code: buf.readUInt16BE(p + 4), text: buf.subarray(p + 6, p + 4 + size).toString() };
        p += 4 + size;
      }
    }
  }
  return {
    raw,
    id: packet.header.id,
    rcode: packet.header.rcode,
    truncated: Boolean(packet.header.tc),
    answers: packet.answers.map((a) => a as unknown as Reply["answers"][number]),
    optCodes,
    dnssecOk,
    ede,
  };
}

export function sendUdp(
  server: { host: string; port: number },
  packet: Uint8Array,
  options: AskOptions = {},
): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const socket = createSocket("udp4");
    const timer = setTimeout(() => {
      socket.close();
      reject(new Error("no answer over UDP"));
    }, options.timeoutMs ?? 3000);
    socket.on("message", (message) => {
      clearTimeout(timer);
      socket.close();
      resolve(new Uint8Array(message));
    });
    socket.bind(0, options.from ?? "127.0.0.1", () => socket.send(packet, server.port, server.host));
  });
}

export function sendTcp(
  server: { host: string; port: number },
  packet: Uint8Array,
  options: AskOptions = {},
): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: server.host, port: server.port, localAddress: options.from ?? "127.0.0.1" });
    let buffered = Buffer.alloc(0);
    socket.setTimeout(options.timeoutMs ?? 3000, () => {
      socket.destroy();
      reject(new Error("no answer over TCP"));
    });
    socket.on("error", reject);
    socket.on("connect", () => {
      const framed = Buffer.alloc(2 + packet.length);
      framed.writeUInt16BE(packet.length, 0);
      framed.set(packet, 2);
      socket.write(framed);
    });
    socket.on("data", (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      if (buffered.length >= 2 && buffered.length >= 2 + buffered.readUInt16BE(0)) {
        socket.end();
        resolve(new Uint8Array(buffered.subarray(2, 2 + buffered.readUInt16BE(0))));
      }
    });
  });
}
