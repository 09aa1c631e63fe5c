import { readFileSync } from "node:fs";
import { isIPv4 } from "node:net";
import type { RadiusConfig } from "../config/agent-config.ts";
import { CidrTable } from "../policy/cidr-table.ts";

/**
 * The Wi-Fi controllers and switches allowed to send accounting, each with its shared secret: a
 * packet's source address → its secret (the most specific block wins), or null for a stranger.
 * Secrets held in files are read once, at start; an unreadable file is a startup error.
 */
export class RadiusClients {
  private readonly table: CidrTable;
  private readonly secrets: string[];

  constructor(clients: RadiusConfig["clients"]) {
    this.secrets = clients.map((client) => client.secret ?? readSecret(client.secretFile as string));
    this.table = new CidrTable(clients.map((client, i) => ({ cidr: asBlock(client.address), value: String(i) })));
  }

  secretFor(address: string): string | null {
    const index = this.table.lookup(address);
    return index === null ? null : (this.secrets[Number(index)] ?? null);
  }
}

function asBlock(address: string): string {
  if (address.includes("/")) return address;
  return `${address}/${isIPv4(address) ? 32 : 128}`;
}

function readSecret(file: string): string {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new Error(`identity.radius: cannot read the shared secret file ${file}: ${(error as Error).message}`);
  }
  const secret = text.replace(/\r?\n$/, "");
  if (secret.length === 0) throw new Error(`identity.radius: the shared secret file ${file} is empty`);
  return secret;
}
