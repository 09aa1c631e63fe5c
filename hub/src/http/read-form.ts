import type { Context } from "hono";
import { HubError } from "../hub-error.ts";
import { readBoundedBody } from "./read-bounded-body.ts";

const FORM_TYPES = /^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i;

/** A submitted form's text fields (files count as empty), read within `maxBytes`; a body of another type is an empty form. */
export async function readForm(c: Context, maxBytes: number): Promise<Record<string, string>> {
  const bytes = await readBoundedBody(c, { maxBytes });
  const type = c.req.header("content-type") ?? "";
  if (!FORM_TYPES.test(type)) return {};
  let data: FormData;
  try {
    data = await new Response(new Uint8Array(bytes), { headers: { "content-type": type } }).formData();
  } catch {
    throw new HubError("invalid-request", "the form could not be read");
  }
  const form: Record<string, string> = {};
  data.forEach((value, name) => {
    if (!(name in form)) form[name] = typeof value === "string" ? value : "";
  });
  return form;
}
