/**
 * Run in a fresh process by the match benchmark: opens a snapshot file and prints, as JSON, how
 * long the load took and the process's memory right after it.
 */
import { readSnapshotFile } from "../src/lists/snapshot-file.ts";

const path = process.argv[2] as string;
const before = process.memoryUsage().rss;
const start = performance.now();
const lists = readSnapshotFile(path);
const loadMs = performance.now() - start;
const usage = process.memoryUsage();
console.log(
  JSON.stringify({
    loadMs,
    rssBefore: before,
    rss: usage.rss,
    heapUsed: usage.heapUsed,
    matcherBytes: lists.matcher.byteLength,
    suffixes: lists.meta.suffixes,
  }),
);
