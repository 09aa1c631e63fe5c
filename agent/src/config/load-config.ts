import { readFile } from "node:fs/promises";
import { checkValue, parseHostPort, readYamlText } from "@fenceline/shared";
import { policyProblems } from "@fenceline/shared/policy";
import { type AgentConfig, agentConfigSchema } from "./agent-config.ts";

export class ConfigError extends Error {
  readonly code = "config-invalid";
  readonly problems: string[];
  constructor(source: string, problems: string[]) {
    super(`${source}: configuration is invalid:\n  ${problems.join("\n  ")}`);
    this.problems = problems;
  }
}

/** `host:0`: the system picks a free port, a different one for each worker's socket. */
function isAnyPort(address: string): boolean {
  const parsed = parseHostPort(address);
  return parsed.ok && parsed.value.port === 0;
}

/** Validates a configuration object; reports every problem at once. */
export function validateConfig(value: unknown, source = "config"): AgentConfig {
  const result = checkValue(agentConfigSchema, value);
  if (!result.ok) throw new ConfigError(source, result.problems);
  const config = result.value;
  const problems = policyProblems(config.policy);
  if (config.listen.length === 0 && !config.doh)
    problems.push("listen: give an address to answer DNS on (none only with doh, for a roaming agent)");
  if (config.hub && !config.outbox) problems.push("hub: events reach the hub through the outbox; configure outbox too");
  if (config.workers > 1 && config.listen.some(isAnyPort)) {
    problems.push("workers: several DNS workers need fixed ports in listen, not port 0");
  }
  if (problems.length > 0) throw new ConfigError(source, problems);
  return config;
}

/** Reads and validates a YAML configuration file. */
export async function loadConfig(path: string): Promise<AgentConfig> {
  const read = readConfigText(await readFile(path, "utf8"));
  if (!read.ok) throw new ConfigError(path, [read.problem]);
  return validateConfig(read.value, path);
}

/**
 * A file in JSON (YAML's subset; a generated config holding a large identity table, say) is read
 * with JSON.parse: the YAML parser takes some 100 times longer and far more memory on it.
 */
function readConfigText(text: string): ReturnType<typeof readYamlText> {
  if (text.trimStart().startsWith("{")) {
    try {
      return { ok: true, value: JSON.parse(text) };
    } catch {
      // Flow-style YAML, or broken JSON: the YAML parser reads it or says where it fails.
    }
  }
  return readYamlText(text);
}
