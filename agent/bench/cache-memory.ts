/**
 * `pnpm bench:cache`: what one cached answer really costs in memory, against what the cache counts
 * for it (its bytes, its key and ENTRY_OVERHEAD_BYTES), so that `cache.maxBytes` bounds real memory.
 * Answers arrive over UDP on 127.0.0.1, one datagram each, and are stored as the agent stores them;
 * run with the agent's V8 flags (see package.json).
 */
import { createSocket } from "node:dgram";
import { AnswerCache, ENTRY_OVERHEAD_BYTES } from "../src/cache/answer-cache.ts";
import { packResponse } from "../src/dns/packed-response.ts";
import { readResponseLayout } from "../src/dns/response-records.ts";

const ENTRIES = Number(process.env.BENCH_ENTRIES ?? 100_000);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with --expose-gc");

const nameOf = (i: number) => `host${i.toString(36)}.example${i % 100}.com`;

/** An A answer as an upstream sends it: header, question, one record, OPT. */
function answerFor(name: string): Buffer {
  const labels = name.split(".").flatMap((label) => [Buffer.from([label.length]), Buffer.from(label)]);
  return Buffer.concat([
    Buffer.from([0x12, 0x34, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 1]),
    ...labels,
    Buffer.from([0, 0, 1, 0, 1]),
    Buffer.from([0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 1, 0x2c, 0, 4, 192, 0, 2, 1]),
    Buffer.from([0, 0, 41, 4, 208, 0, 0, 0, 0, 0, 0]),
  ]);
}

const cache = new AnswerCache({ maxEntries: 1e7, maxBytes: 1e10, maxTtl: 86_400, minTtl: 0, staleSeconds: 86_400 });
const sender = createSocket("udp4");
const receiver = createSocket("udp4");
await new Promise<void>((resolve) => sender.bind(0, "127.0.0.1", () => resolve()));
await new Promise<void>((resolve) => receiver.bind(0, "127.0.0.1", () => resolve()));
let received = 0;
let answerBytes = 0;
let keyBytes = 0;
receiver.on("message", (message) => {
  const response = new Uint8Array(message.buffer, message.byteOffset, message.length);
  const layout = readResponseLayout(response);
  if (!layout) throw new Error("unreadable answer");
  const key = AnswerCache.key(nameOf(received++), 1, 1, false, false);
  const packed = packResponse(response, layout);
  cache.set(key, packed, 300, Date.now());
  answerBytes += packed.wire.length;
  keyBytes += key.length;
});

gc();
const before = process.memoryUsage();
// In batches the socket buffer holds, waiting for each to arrive.
for (let sent = 0; sent < ENTRIES; ) {
  for (let i = 0; i < 100 && sent < ENTRIES; i++, sent++)
    sender.send(answerFor(nameOf(sent)), receiver.address().port, "127.0.0.1");
  const until = Date.now() + 200;
  while (received < sent && Date.now() < until) await new Promise((resolve) => setImmediate(resolve));
}
gc();
gc();
const after = process.memoryUsage();
sender.close();
receiver.close();

const n = cache.size;
const each = (bytes: number) => `${Math.round(bytes / n).toLocaleString()} B`;
const rss = after.rss - before.rss;
const heap = after.heapUsed - before.heapUsed;
const measuredOverhead = (rss - answerBytes - keyBytes) / n;
console.log(`${n.toLocaleString()} cached answers (${ENTRIES - n} lost in transit)`);
console.log(
  `  counted by the cache  ${each(cache.byteSize)} each (answer ${each(answerBytes)}, key ${each(keyBytes)})`,
);
console.log(`  measured              ${each(rss)} each in RSS, of which ${each(heap)} on the JavaScript heap`);
console.log(
  `  overhead beyond answer and key: measured ${Math.round(measuredOverhead)} B, counted ${ENTRY_OVERHEAD_BYTES} B (ENTRY_OVERHEAD_BYTES)`,
);
