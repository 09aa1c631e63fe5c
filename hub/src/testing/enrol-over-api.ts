import type { Hono } from "hono";

/**
 * For tests and benchmarks: creates a site and enrols agents through the hub's own routes, as an
 * ICT admin holding `adminToken` would; returns each agent's credential.
 */
export async function enrolOverApi(
  // biome-ignore lint/suspicious/noExplicitAny: any Hono app built by createHub
  app: Hono<any>,
  adminToken: string,
  siteId: string,
  names: readonly string[],
): Promise<string[]> {
  const post = async (path: string, body: unknown, token?: string) => {
    const response = await app.request(path, {
      method: "POST",
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    if (response.status !== 201) throw new Error(`${path}: HTTP ${response.status} ${await response.text()}`);
    return (await response.json()) as Record<string, string>;
  };
  await post("/api/sites", { id: siteId, name: siteId }, adminToken);
  const credentials: string[] = [];
  for (const name of names) {
    const { token } = await post(`/api/sites/${siteId}/enrolment-tokens`, {}, adminToken);
    credentials.push((await post("/api/agents/enrol", { token, name }))?.credential as string);
  }
  return credentials;
}
