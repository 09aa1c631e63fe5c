import { gzipSync } from "node:zlib";

const MIB = 1024 * 1024;

/** 15 KB on the wire, 16 MiB of "[" once unzipped: the body that froze the hub for 7 s. */
export const GZIP_NESTED = gzipSync(Buffer.alloc(16 * MIB, "["), { level: 9 });

/** 64 MiB of zeros in about 64 KB: unzipped, over every limit the hub has. */
export const GZIP_BOMB = gzipSync(Buffer.alloc(64 * MIB), { level: 9 });

/** Within the sign-in limit, but nested 16,000 deep. */
export const DEEP_JSON = Buffer.alloc(16_000, "[");

/** A 64 KiB chunk of a body that goes on for as long as the hub reads it. */
export const FILLER = Buffer.alloc(64 * 1024, "a");

/** How many FILLER chunks make 100 MiB. */
export const HUNDRED_MIB = (100 * MIB) / FILLER.length;
