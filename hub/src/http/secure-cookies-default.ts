/** Whether a listen host is this machine only, where plain HTTP is the norm (tests, a reverse proxy in front). */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, "").toLowerCase();
  return bare === "localhost" || bare === "::1" || /^127\.\d+\.\d+\.\d+$/.test(bare);
}

/** Secure cookies unless the config says otherwise, or the hub listens on loopback only. */
export function secureCookiesFor(configured: boolean | undefined, listenHost: string): boolean {
  return configured ?? !isLoopbackHost(listenHost);
}
