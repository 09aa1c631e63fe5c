/**
 * A file sent only as a download, never shown: `attachment` disposition, the type never sniffed,
 * and a sandboxing policy in case a browser opens it anyway (an attached file is the uploader's
 * content). `name` must already be safe in a header (attachment names and pack names are).
 */
export function download(file: { bytes: Uint8Array; name: string; type: string }): Response {
  return new Response(new Uint8Array(file.bytes), {
    status: 200,
    headers: {
      "content-type": file.type,
      "content-length": String(file.bytes.length),
      "content-disposition": `attachment; filename="${file.name.replace(/["\\\r\n]/g, "_")}"`,
      "x-content-type-options": "nosniff",
      "content-security-policy": "default-src 'none'; sandbox",
      "cache-control": "no-store",
    },
  });
}
