import type { Context } from "hono";
import { HubError } from "../hub-error.ts";
import { readBoundedBody } from "./read-bounded-body.ts";
import { storableText } from "./storable-text.ts";

const FORM_TYPES = /^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i;

/** A submitted form's text fields (files count as empty), read within `maxBytes`; a body of another type is an empty form. */
export async function readForm(c: Context, maxBytes: number): Promise<Record<string, string>> {
  return (await readFormWithFiles(c, maxBytes)).fields;
}

/**
 * A submitted form's text fields, and its files by field name (a multipart upload), read within
 * `maxBytes`; names and values as every store can hold them (see `storable-text.ts`).
 */
export async function readFormWithFiles(
  c: Context,
  maxBytes: number,
): Promise<{ fields: Record<string, string>; files: Map<string, File> }> {
  const bytes = await readBoundedBody(c, { maxBytes });
  const type = c.req.header("content-type") ?? "";
  const fields: Record<string, string> = {};
  const files = new Map<string, File>();
  if (!FORM_TYPES.test(type)) return { fields, files };
  let data: FormData;
  try {
    data = await new Response(new Uint8Array(bytes), { headers: { "content-type": type } }).formData();
  } catch {
    throw new HubError("invalid-request", "the form could not be read");
  }
  data.forEach((value, name) => {
    const field = storableText(name);
    if (!(field in fields)) fields[field] = typeof value === "string" ? storableText(value) : "";
    if (typeof value !== "string" && !files.has(field)) files.set(field, value);
  });
  return { fields, files };
}
