/**
 * What may be attached to an incident: screenshots and documents, recognised by their content,
 * never by the name or the type the uploader gave. Anything a browser could run (HTML, SVG,
 * script) or a computer could execute is refused, however it is named.
 */
export const ATTACHMENT_TYPES = {
  "image/png": { label: "PNG image", extension: "png" },
  "image/jpeg": { label: "JPEG image", extension: "jpg" },
  "image/gif": { label: "GIF image", extension: "gif" },
  "image/webp": { label: "WebP image", extension: "webp" },
  "application/pdf": { label: "PDF document", extension: "pdf" },
  "text/plain": { label: "plain text", extension: "txt" },
} as const;
export type AttachmentType = keyof typeof ATTACHMENT_TYPES;

/** The size limit by default: 10 MiB. */
export const DEFAULT_ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;

const startsWith = (bytes: Uint8Array, prefix: readonly number[], at = 0) =>
  bytes.length >= at + prefix.length && prefix.every((byte, i) => bytes[at + i] === byte);
const ascii = (text: string) => [...text].map((ch) => ch.charCodeAt(0));

const SIGNATURES: { type: AttachmentType; matches: (bytes: Uint8Array) => boolean }[] = [
  { type: "image/png", matches: (b) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  { type: "image/jpeg", matches: (b) => startsWith(b, [0xff, 0xd8, 0xff]) },
  { type: "image/gif", matches: (b) => startsWith(b, ascii("GIF87a")) || startsWith(b, ascii("GIF89a")) },
  { type: "image/webp", matches: (b) => startsWith(b, ascii("RIFF")) && startsWith(b, ascii("WEBP"), 8) },
  { type: "application/pdf", matches: (b) => startsWith(b, ascii("%PDF-")) },
];

/** Markup a browser would render or run if it ever treated the text as a page. */
const MARKUP = /^\s*<|<\s*(script|html|svg|iframe|object|embed|body|!doctype)\b/i;
/** Tab, line feed, form feed and carriage return: the only control characters text holds. */
const TEXT_CONTROLS = new Set([0x09, 0x0a, 0x0c, 0x0d]);
const isControl = (byte: number) => (byte < 0x20 && !TEXT_CONTROLS.has(byte)) || byte === 0x7f;

function isPlainText(bytes: Uint8Array): boolean {
  if (bytes.some(isControl)) return false;
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return false;
  }
  return !MARKUP.test(text.replace(/^\uFEFF/, ""));
}

/** The type of an upload by its first bytes, or null when it is not one the hub accepts. */
export function sniffAttachmentType(bytes: Uint8Array): AttachmentType | null {
  if (bytes.length === 0) return null;
  const known = SIGNATURES.find((signature) => signature.matches(bytes));
  if (known) return known.type;
  return isPlainText(bytes) ? "text/plain" : null;
}

/**
 * A file name safe in a download header, a ZIP and a listing: the last path segment, letters,
 * digits and a few marks only, at most 100 characters, ending in the extension of its real type
 * (so "photo.html" holding a PNG is kept as "photo.html.png" and opens as the image it is).
 */
export function safeAttachmentName(given: string, type: AttachmentType): string {
  const base = given.split(/[\\/]/).at(-1) ?? "";
  const cleaned = base
    .normalize("NFKD")
    // Accents come apart from their letters under NFKD: "é" becomes "e".
    .replace(/\p{M}/gu, "")
    .replace(/[^A-Za-z0-9._ ()-]+/g, "_")
    .replace(/\s+/g, " ")
    .replace(/^[.\s_]+/, "")
    .trim()
    .slice(0, 90);
  const { extension } = ATTACHMENT_TYPES[type];
  const stem = cleaned || "attachment";
  const hasExtension =
    stem.toLowerCase().endsWith(`.${extension}`) || (type === "image/jpeg" && /\.jpe?g$/i.test(stem));
  return hasExtension ? stem : `${stem}.${extension}`;
}

/** The accepted types, for messages and the upload form. */
export function acceptedTypesText(): string {
  return Object.values(ATTACHMENT_TYPES)
    .map((t) => t.label)
    .join(", ");
}
