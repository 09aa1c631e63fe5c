/**
 * Where the browser goes after signing in: `next` resolved the way a browser would resolve it
 * against the hub's own address (tabs and newlines dropped, backslashes as slashes, `//host`), and
 * kept only if it stays on the hub; anything else, or anything unreadable, is the overview.
 * The answer is a path with its query, percent-encoded, so it is always a valid Location header.
 */
export function signInTarget(next: string, publicUrl: string): string {
  try {
    const base = new URL(publicUrl);
    const target = new URL(next || "/", base);
    if (target.origin !== base.origin || !next.trimStart().startsWith("/")) return "/";
    return `${target.pathname}${target.search}${target.hash}`;
  } catch {
    return "/";
  }
}
