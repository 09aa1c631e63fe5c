import { isIPv4, isIPv6 } from "node:net";

/** 16 bytes for an IPv4 or IPv6 address (zone ids dropped), or null. */
export function addressBytes(address: string): Uint8Array | null {
  const plain = address.split("%")[0] as string;
  if (isIPv4(plain)) {
    const out = new Uint8Array(16);
    out[10] = 0xff;
    out[11] = 0xff;
    plain.split(".").forEach((part, i) => {
      out[12 + i] = Number(part);
    });
    return out;
  }
  if (!isIPv6(plain)) return null;
  const [head, tail] = plain.includes("::") ? (plain.split("::") as [string, string]) : [plain, null];
  const parse = (part: string): number[] =>
    part === ""
      ? []
      : part.split(":").flatMap((group) => {
          if (group.includes(".")) {
            const v4 = group.split(".").map(Number);
            return [((v4[0] as number) << 8) | (v4[1] as number), ((v4[2] as number) << 8) | (v4[3] as number)];
          }
          return [Number.parseInt(group, 16)];
        });
  const first = parse(head);
  const last = tail === null ? [] : parse(tail);
  const groups = [...first, ...new Array(8 - first.length - last.length).fill(0), ...last];
  const out = new Uint8Array(16);
  groups.forEach((group, i) => {
    out[2 * i] = group >> 8;
    out[2 * i + 1] = group & 0xff;
  });
  return out;
}

/** An address as A or AAAA record data: 4 bytes for IPv4, 16 for IPv6; null if it is not an address. */
export function addressRecordData(address: string): Uint8Array | null {
  const bytes = addressBytes(address);
  if (!bytes) return null;
  return isIPv4(address.split("%")[0] as string) ? bytes.slice(12) : bytes;
}
