import { isIPv4, isIPv6 } from "node:net";

interface Block {
  /** 16 bytes: IPv4 is held as ::ffff:a.b.c.d. */
  network: Uint8Array;
  prefix: number;
  value: string;
}

/**
 * Address blocks → a value (a group id), compiled once; lookup returns the value of the most
 * specific block holding the address. IPv4 clients seen on dual-stack sockets as ::ffff:a.b.c.d
 * match IPv4 blocks.
 */
export class CidrTable {
  private readonly blocks: Block[];

  constructor(entries: readonly { cidr: string; value: string }[]) {
    this.blocks = entries
      .map(({ cidr, value }) => {
        const [address, bits] = cidr.split("/") as [string, string];
        const bytes = addressBytes(address);
        if (!bytes) throw new Error(`not an address block: "${cidr}"`);
        const prefix = Number(bits) + (isIPv4(address) ? 96 : 0);
        if (!Number.isInteger(prefix) || prefix > 128 || (isIPv4(address) && Number(bits) > 32)) {
          throw new Error(`bad prefix length in "${cidr}"`);
        }
        return { network: maskTo(bytes, prefix), prefix, value };
      })
      .sort((x, y) => y.prefix - x.prefix);
  }

  lookup(address: string): string | null {
    const bytes = addressBytes(address);
    if (!bytes) return null;
    for (const block of this.blocks) if (within(bytes, block)) return block.value;
    return null;
  }
}

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

function maskTo(bytes: Uint8Array, prefix: number): Uint8Array {
  const out = new Uint8Array(16);
  for (let i = 0; i < 16; i++) {
    const bits = Math.max(0, Math.min(8, prefix - 8 * i));
    out[i] = (bytes[i] as number) & ((0xff << (8 - bits)) & 0xff);
  }
  return out;
}

function within(bytes: Uint8Array, block: Block): boolean {
  const masked = maskTo(bytes, block.prefix);
  for (let i = 0; i < 16; i++) if (masked[i] !== block.network[i]) return false;
  return true;
}
