/**
 * A hardware address in the one form the hub stores and agents match on: six lower-case
 * hexadecimal pairs joined by colons. Accepts the forms exports and switches print
 * (aa:bb:cc:dd:ee:ff, AA-BB-CC-DD-EE-FF, aabb.ccdd.eeff, aabbccddeeff); null for anything else.
 */
export function normaliseMac(text: string): string | null {
  const trimmed = text.trim();
  if (!/^[0-9a-f]{2}([:-]?[0-9a-f]{2}){5}$|^[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}$/i.test(trimmed)) return null;
  const digits = trimmed.replace(/[:.-]/g, "").toLowerCase();
  return digits.match(/../g)?.join(":") ?? null;
}
