import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { ListSource } from "@fenceline/shared/lists";
import { Agent, interceptors, request } from "undici";
import { extractTarMember } from "./tar-member.ts";

/** Where list bodies come from: a local mirror directory, or each source's upstream URL. */
export interface SourceOrigin {
  mirror?: string;
  /** Per-download limits. */
  timeoutMs?: number;
  maxBytes?: number;
  /**
   * Folder keeping each download with its ETag / Last-Modified, so that the next fetch is a
   * conditional GET and an unchanged list (304) costs no transfer.
   */
  cacheDir?: string;
}

export type SourceBytes =
  | { ok: true; bytes: Uint8Array; from: string }
  | { ok: false; status: "not-configured" | "missing" | "failed"; error: string };

/** The longest wait for one source's download, unless configured (`lists.timeoutSeconds`). */
export const DEFAULT_DOWNLOAD_TIMEOUT_SECONDS = 120;
const DEFAULT_MAX_BYTES = 512 * 1024 * 1024;

/**
 * The body of one list as plain text. A mirror holds plain files (a UT1 archive's member already
 * extracted); a download of a `ut1-tarball` is unpacked here. Never throws: failures are data.
 */
export async function readSourceBytes(source: ListSource, origin: SourceOrigin): Promise<SourceBytes> {
  if (origin.mirror !== undefined) {
    if (!source.mirror) {
      return source.supplied
        ? { ok: false, status: "not-configured", error: "supplied feed: no mirror path configured" }
        : { ok: false, status: "missing", error: "source has no mirror path" };
    }
    const path = join(origin.mirror, source.mirror);
    try {
      return { ok: true, bytes: await readFile(path), from: path };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return code === "ENOENT"
        ? { ok: false, status: "missing", error: `not found in mirror: ${path}` }
        : { ok: false, status: "failed", error: `cannot read ${path}: ${(error as Error).message}` };
    }
  }
  if (!source.url) {
    return { ok: false, status: "not-configured", error: "supplied feed: set its url to your licensed copy" };
  }
  try {
    const body = await download(source.id, source.url, origin);
    const bytes = source.format === "ut1-tarball" ? await extractTarMember(body, source.member ?? "") : body;
    return { ok: true, bytes, from: source.url };
  } catch (error) {
    return { ok: false, status: "failed", error: `${source.url}: ${(error as Error).message}` };
  }
}

/** UT1 serves its archives behind redirects; nothing else needs more than a few hops. */
const redirectingAgent = new Agent().compose(interceptors.redirect({ maxRedirections: 5 }));

interface CachedDownload {
  etag: string | null;
  lastModified: string | null;
}

async function download(id: string, url: string, origin: SourceOrigin): Promise<Uint8Array> {
  const timeoutMs = origin.timeoutMs ?? DEFAULT_DOWNLOAD_TIMEOUT_SECONDS * 1000;
  const maxBytes = origin.maxBytes ?? DEFAULT_MAX_BYTES;
  const cached = origin.cacheDir ? await readCached(origin.cacheDir, id) : null;
  const headers: Record<string, string> = {};
  if (cached?.meta.etag) headers["if-none-match"] = cached.meta.etag;
  if (cached?.meta.lastModified) headers["if-modified-since"] = cached.meta.lastModified;
  const response = await request(url, {
    dispatcher: redirectingAgent,
    headers,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    signal: AbortSignal.timeout(timeoutMs * 2),
  });
  if (response.statusCode === 304 && cached) {
    await response.body.dump();
    return cached.body;
  }
  if (response.statusCode !== 200) {
    await response.body.dump();
    throw new Error(`HTTP ${response.statusCode}`);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of response.body) {
    total += (chunk as Buffer).length;
    if (total > maxBytes) {
      response.body.destroy();
      throw new Error(`body is over the ${maxBytes}-byte limit`);
    }
    chunks.push(chunk as Buffer);
  }
  const body = Buffer.concat(chunks, total);
  if (origin.cacheDir) {
    const header = (name: string) => {
      const value = response.headers[name];
      return typeof value === "string" ? value : null;
    };
    await mkdir(origin.cacheDir, { recursive: true });
    await writeFile(`${origin.cacheDir}/${id}.body`, body);
    await writeFile(
      `${origin.cacheDir}/${id}.meta.json`,
      JSON.stringify({ etag: header("etag"), lastModified: header("last-modified") }),
    );
  }
  return body;
}

async function readCached(dir: string, id: string): Promise<{ meta: CachedDownload; body: Uint8Array } | null> {
  try {
    const meta = JSON.parse(await readFile(`${dir}/${id}.meta.json`, "utf8")) as CachedDownload;
    return { meta, body: await readFile(`${dir}/${id}.body`) };
  } catch {
    return null;
  }
}
