import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseList } from "@fenceline/shared";

/** Deterministic PRNG (mulberry32), so every run draws the same stream. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Normalised names of every list file in a folder (any format parseList reads). */
export function namesInFolder(folder: string): string[] {
  const names: string[] = [];
  for (const file of readdirSync(folder).sort()) {
    parseList(readFileSync(join(folder, file)), (name, length) => {
      names.push(Buffer.from(name.buffer, name.byteOffset, length).toString("latin1"));
    });
  }
  return names;
}

const POPULAR_PREFIXES = ["", "", "www.", "www.", "m.", "api.", "cdn.", "static.", "mail.", "login."];
const ENTRY_PREFIXES = ["", "", "www.", "img.", "a1.", "video."];
const TLDS = ["com", "net", "org", "co.uk", "io", "de", "fr", "xyz", "info"];

/**
 * A realistic query stream: 80% popular names (with and without `www.`-style prefixes), 15% names
 * at or under list entries, 5% random names.
 */
export function realisticStream(count: number, popular: string[], listed: string[], seed = 1): string[] {
  const next = random(seed);
  const pick = <T>(items: T[]): T => items[Math.floor(next() * items.length)] as T;
  const stream: string[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const roll = next();
    if (roll < 0.8) stream[i] = pick(POPULAR_PREFIXES) + pick(popular);
    else if (roll < 0.95) stream[i] = pick(ENTRY_PREFIXES) + pick(listed);
    else stream[i] = `${randomLabel(next)}.${randomLabel(next)}.${pick(TLDS)}`;
  }
  // Names arrive as whole strings (read from a packet or a file), not as concatenations: flatten.
  return stream.map((name) => Buffer.from(name, "latin1").toString("latin1"));
}

function randomLabel(next: () => number): string {
  const length = 3 + Math.floor(next() * 12);
  let label = "";
  for (let i = 0; i < length; i++) label += String.fromCharCode(97 + Math.floor(next() * 26));
  return label;
}

/** The names in DNS wire format, back to back; `offsets[i]` is where name i starts. */
export function toWire(names: string[]): { bytes: Uint8Array; offsets: Int32Array } {
  const bytes = new Uint8Array(names.reduce((sum, name) => sum + name.length + 2, 0));
  const offsets = new Int32Array(names.length);
  let p = 0;
  names.forEach((name, i) => {
    offsets[i] = p;
    for (const label of name.split(".")) {
      bytes[p++] = label.length;
      for (let j = 0; j < label.length; j++) bytes[p++] = label.charCodeAt(j);
    }
    bytes[p++] = 0;
  });
  return { bytes, offsets };
}
