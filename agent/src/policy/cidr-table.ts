import { isIPv4 } from "node:net";
import { addressBytes } from "../dns/address-bytes.ts";

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
