// Bundles the agent into one JavaScript file (agent/dist/fenceline-agent.mjs) with esbuild, so a
// gateway runs it without type stripping and with less code to load: faster start, less memory.
import { build } from "esbuild";

const common = {
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node22",
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: "linked",
  banner: {
    js: [
      "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
      // Before any bundled module runs: on an older Node the agent would fail with an obscure error.
      "{ const [major, minor] = process.versions.node.split('.').map(Number); if (major < 22 || (major === 22 && minor < 12)) { console.error('fenceline-agent needs Node.js 22.12 or later; this is ' + process.version); process.exit(1); } }",
    ].join("\n"),
  },
  logLevel: "warning",
  // Native module: loaded from node_modules at run time, beside its compiled binary.
  // The RADIUS codec reads its attribute dictionaries from files beside its own source at run time.
  external: ["better-sqlite3", "radius"],
};
await build({ ...common, entryPoints: ["agent/src/cli/agent-entry.ts"], outfile: "agent/dist/fenceline-agent.mjs" });
// DNS worker threads (config `workers`) load this file beside the main bundle.
await build({ ...common, entryPoints: ["agent/src/dns-worker.ts"], outfile: "agent/dist/fenceline-agent-worker.mjs" });
// List updates compile in a worker thread off the DNS thread: this file, beside the main bundle.
await build({
  ...common,
  entryPoints: ["agent/src/lists/compile-worker.ts"],
  outfile: "agent/dist/fenceline-agent-compile-worker.mjs",
});
console.log("built agent/dist/fenceline-agent.mjs, fenceline-agent-worker.mjs and fenceline-agent-compile-worker.mjs");
