import { readFile } from "node:fs/promises";
import { policyProblems } from "@fenceline/shared/policy";
import { parse, YAMLParseError } from "yaml";
import { type AgentConfig, agentConfigSchema } from "./agent-config.ts";

export class ConfigError extends Error {
  readonly code = "config-invalid";
  readonly problems: string[];
  constructor(source: string, problems: string[]) {
    super(`${source}: configuration is invalid:\n  ${problems.join("\n  ")}`);
    this.problems = problems;
  }
}

/** Validates a configuration object; reports every problem at once. */
export function validateConfig(value: unknown, source = "config"): AgentConfig {
  const result = agentConfigSchema.safeParse(value);
  if (!result.success) {
    throw new ConfigError(
      source,
      result.error.issues.map((i) => `${i.path.join(".") || "(top)"}: ${i.message}`),
    );
  }
  const config = result.data;
  const problems = policyProblems(config.policy);
  if (config.hub && !config.outbox) problems.push("hub: events reach the hub through the outbox; configure outbox too");
  if (config.workers > 1 && config.listen.some((address) => address.endsWith(":0"))) {
    problems.push("workers: several DNS workers need fixed ports in listen, not port 0");
  }
  if (problems.length > 0) throw new ConfigError(source, problems);
  return config;
}

/** Reads and validates a YAML configuration file. */
export async function loadConfig(path: string): Promise<AgentConfig> {
  const text = await readFile(path, "utf8");
  let value: unknown;
  try {
    value = parse(text);
  } catch (error) {
    if (error instanceof YAMLParseError) {
      const at = error.linePos?.[0];
      throw new ConfigError(path, [`${at ? `line ${at.line}: ` : ""}${error.message.split("\n")[0]}`]);
    }
    throw error;
  }
  return validateConfig(value, path);
}
