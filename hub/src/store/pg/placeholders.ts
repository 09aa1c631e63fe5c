/**
 * better-sqlite3's parameters (`?` in order, `@name` from one object argument) rewritten as
 * PostgreSQL's `$1…$n`. Text inside string literals, quoted identifiers, dollar-quoted bodies and
 * comments is left alone, so a `?` or `@` there is data, not a parameter. A named parameter used
 * twice becomes one `$n`.
 */

/** Where a `$n` takes its value from: the nth positional argument, or a named one. */
export type ParameterSlot = { position: number } | { name: string };

export interface TranslatedSql {
  text: string;
  slots: ParameterSlot[];
}

const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;

/** The index just past a quoted run starting at `start` (the opening quote), `''`-style doubled quotes included. */
function skipQuoted(sql: string, start: number, quote: string, backslashEscapes: boolean): number {
  let i = start + 1;
  while (i < sql.length) {
    const c = sql[i];
    if (backslashEscapes && c === "\\") i += 2;
    else if (c === quote && sql[i + 1] === quote) i += 2;
    else if (c === quote) return i + 1;
    else i++;
  }
  return i;
}

/** The index just past anything at `i` that is not SQL to translate (literal, identifier, comment), or `i`. */
function skipInert(sql: string, i: number): number {
  const c = sql[i];
  const next = sql[i + 1];
  if (c === "'") return skipQuoted(sql, i, "'", (sql[i - 1] ?? "").toUpperCase() === "E");
  if (c === '"') return skipQuoted(sql, i, '"', false);
  if (c === "-" && next === "-") {
    const end = sql.indexOf("\n", i);
    return end < 0 ? sql.length : end + 1;
  }
  if (c === "/" && next === "*") {
    const end = sql.indexOf("*/", i + 2);
    return end < 0 ? sql.length : end + 2;
  }
  if (c === "$") {
    const tag = /\$[A-Za-z_]*\$/y;
    tag.lastIndex = i;
    const match = tag.exec(sql);
    if (match) {
      const end = sql.indexOf(match[0], i + match[0].length);
      return end < 0 ? sql.length : end + match[0].length;
    }
  }
  return i;
}

/** Rewrites `?` and `@name` parameters as `$n`, and says where each `$n` takes its value. */
export function translatePlaceholders(sql: string): TranslatedSql {
  const slots: ParameterSlot[] = [];
  const named = new Map<string, number>();
  let positional = 0;
  let text = "";
  let i = 0;
  while (i < sql.length) {
    const past = skipInert(sql, i);
    if (past > i) {
      text += sql.slice(i, past);
      i = past;
      continue;
    }
    const c = sql[i] as string;
    NAME.lastIndex = i + 1;
    const name = c === "@" ? NAME.exec(sql)?.[0] : undefined;
    if (c === "?") {
      slots.push({ position: positional++ });
      text += `$${slots.length}`;
      i++;
    } else if (name !== undefined) {
      let n = named.get(name);
      if (n === undefined) {
        slots.push({ name });
        n = slots.length;
        named.set(name, n);
      }
      text += `$${n}`;
      i += 1 + name.length;
    } else {
      text += c;
      i++;
    }
  }
  return { text, slots };
}
