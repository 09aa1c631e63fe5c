import { localToUtc } from "../../domain/local-time.ts";

/** Fields that hold the number of another entry in the record. */
const ENTRY_NUMBERS = ["ofSeq"];

/**
 * A submitted form as an incident entry: empty fields left out, entry numbers as numbers, and a
 * time typed on the page read as the site's wall clock. The action checks the rest.
 */
export function entryFromForm(form: Record<string, string>, zone: string): Record<string, unknown> {
  const { _csrf, kind, ...rest } = form;
  const entry: Record<string, unknown> = { kind };
  for (const [key, value] of Object.entries(rest)) if (value.trim() !== "") entry[key] = value;
  if (typeof entry.at === "string") entry.at = localToUtc(entry.at, zone) ?? entry.at;
  for (const key of ENTRY_NUMBERS) if (typeof entry[key] === "string") entry[key] = Number(entry[key]);
  return entry;
}
