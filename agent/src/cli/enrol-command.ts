import { writeFileSync } from "node:fs";
import { request } from "undici";
import type { CommandIo } from "./command-io.ts";
import { stringOptions } from "./string-options.ts";

/**
 * `fenceline-agent enrol`: exchanges the one-use enrolment token an ICT admin created on the hub
 * for this agent's own credential, and writes it (mode 0600) where `hub.credentialFile` points.
 */
export async function enrolCommand(args: string[], io: CommandIo): Promise<number> {
  const values = stringOptions(args, ["hub", "token", "name", "credential-file"]);
  if (!values.hub || !values.token || !values.name || !values["credential-file"]) {
    io.err("fenceline-agent enrol: --hub, --token, --name and --credential-file are all required\n");
    return 2;
  }
  const response = await request(new URL("/api/agents/enrol", values.hub), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ token: values.token, name: values.name }),
  });
  const body = (await response.body.json()) as {
    agentId?: string;
    siteId?: string;
    credential?: string;
    error?: { message: string };
  };
  if (response.statusCode !== 201 || !body.credential) {
    io.err(`fenceline-agent enrol: the hub refused: ${body.error?.message ?? `HTTP ${response.statusCode}`}\n`);
    return 1;
  }
  writeFileSync(values["credential-file"], `${body.credential}\n`, { mode: 0o600 });
  io.out(
    `enrolled as agent ${body.agentId} of site ${body.siteId}; credential written to ${values["credential-file"]}\n`,
  );
  return 0;
}
