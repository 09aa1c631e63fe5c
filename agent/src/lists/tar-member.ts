import { Parser, type ReadEntry } from "tar";

/** The bytes of one file inside a (gzipped) tar archive, such as `adult/domains` in a UT1 download. */
export async function extractTarMember(archive: Uint8Array, member: string): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let found = false;
  await new Promise<void>((resolve, reject) => {
    const parser = new Parser({
      filter: (path: string) => path.replace(/^\.\//, "") === member,
      onReadEntry: (entry: ReadEntry) => {
        found = true;
        entry.on("data", (chunk: Buffer) => chunks.push(chunk));
      },
    });
    parser.on("end", () => resolve());
    parser.on("error", reject);
    parser.on("warn", (_code: string, message: string) => reject(new Error(`archive is damaged: ${message}`)));
    parser.end(Buffer.from(archive));
  });
  if (!found) throw new Error(`archive has no member "${member}"`);
  return Buffer.concat(chunks);
}
