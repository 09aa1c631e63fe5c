import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const SHA256 = /^[0-9a-f]{64}$/;

export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/**
 * Attached files, content-addressed: each is `<folder>/<sha256>`, written once and never changed.
 * Like the database they hold safeguarding evidence, so the folder is 0700 and each file 0600.
 */
export class AttachmentFiles {
  readonly folder: string;

  constructor(folder: string) {
    this.folder = folder;
  }

  /** Stores `bytes` under their hash (a file already there holds the same content, and stays). */
  write(sha256: string, bytes: Uint8Array): void {
    const path = this.pathOf(sha256);
    if (existsSync(path)) return;
    mkdirSync(this.folder, { recursive: true, mode: 0o700 });
    // Written aside and renamed into place: a reader never sees half a file under its hash.
    const partial = join(this.folder, `.${sha256}.${randomBytes(6).toString("hex")}.partial`);
    writeFileSync(partial, bytes, { mode: 0o600, flag: "wx" });
    renameSync(partial, path);
  }

  /** The file's content, checked against its hash: null when it is missing or no longer matches. */
  read(sha256: string): Buffer | null {
    const path = this.pathOf(sha256);
    if (!existsSync(path)) return null;
    const bytes = readFileSync(path);
    return sha256Hex(bytes) === sha256 ? bytes : null;
  }

  has(sha256: string): boolean {
    return existsSync(this.pathOf(sha256));
  }

  /** Every stored file's hash, with when it was written (ms). */
  list(): { sha256: string; writtenAt: number }[] {
    if (!existsSync(this.folder)) return [];
    return readdirSync(this.folder)
      .filter((name) => SHA256.test(name))
      .map((name) => ({ sha256: name, writtenAt: statSync(join(this.folder, name)).mtimeMs }));
  }

  remove(sha256: string): void {
    rmSync(this.pathOf(sha256), { force: true });
  }

  private pathOf(sha256: string): string {
    if (!SHA256.test(sha256)) throw new Error(`not a SHA-256: ${sha256.slice(0, 80)}`);
    return join(this.folder, sha256);
  }
}
