// The pipeline's layers, and what each may import: imports point down, never up or sideways.
// spec → validate → live state → plan → render → apply. Below the core (reconcile) sit the ports'
// adapters (live: GitHub's API; registry: manifests; journal: what ran before, and the lock); on top,
// cli/ (commander wiring) and gitops/ (the Action), the only places that build the ports.
import { dirname, relative, resolve, sep } from "node:path";

const EVERY_LAYER_BELOW_THE_TOP = [
  "model",
  "transport",
  "files",
  "select",
  "spec",
  "plan",
  "render",
  "live",
  "registry",
  "journal",
  "plan-file",
  "apply",
  "reconcile",
  "usage",
];

export const LAYERS = {
  model: [],
  transport: ["model"],
  files: ["model"],
  select: ["model"],
  spec: ["model", "files", "select"],
  plan: ["model", "select", "spec"],
  render: ["model", "select", "spec", "plan"],
  live: ["model", "transport"],
  registry: ["model", "transport", "files"],
  journal: ["model", "transport", "files", "plan"],
  "plan-file": ["model", "files", "spec", "plan"],
  apply: ["model", "plan", "live"],
  reconcile: ["model", "select", "spec", "plan", "live", "registry", "apply", "plan-file", "usage"],
  sandbox: ["model"],
  usage: ["model", "files"],
  // The top: the Action and the CLI build the ports, so they may import every layer below; the
  // CLI also starts the Action's steps (gitops) and the sandbox.
  gitops: EVERY_LAYER_BELOW_THE_TOP,
  cli: [...EVERY_LAYER_BELOW_THE_TOP, "gitops", "sandbox"],
};

const SRC = resolve(import.meta.dirname, "src");

/** The layer a path lies in: the first folder under src/ (undefined outside src/ or at its top). */
function layerOf(path) {
  const inside = relative(SRC, path);
  if (inside.startsWith("..") || !inside.includes(sep)) return undefined;
  return inside.split(sep)[0];
}

/**
 * Resolves every relative import (static, `export … from` and `import()`) from the importing file's
 * own folder, at any depth, so `../../model/x.js` from `src/sandbox/routes/` is checked like
 * `../model/x.js` from `src/sandbox/`.
 */
const importsPointDown = {
  meta: { type: "problem", schema: [] },
  create(context) {
    const file = context.filename;
    const from = layerOf(file);
    if (from === undefined) return {};
    const check = (source) => {
      if (typeof source?.value !== "string" || !source.value.startsWith(".")) return;
      const to = layerOf(resolve(dirname(file), source.value));
      if (to === undefined || to === from) return;
      if (!(from in LAYERS))
        context.report({
          node: source,
          message: `src/${from}/ is not a layer eslint.layers.js knows: add it, with what it may import.`,
        });
      else if (!LAYERS[from].includes(to))
        context.report({
          node: source,
          message: `src/${from}/ may import only from ${LAYERS[from].join(", ") || "itself"}, not ${to}/: imports point down the pipeline (see eslint.layers.js).`,
        });
    };
    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
    };
  },
};

const OCTOKIT = {
  regex: "^@octokit/",
  message:
    "Only src/live/client.ts talks to Octokit: everything else goes through the PackageSource interface.",
};

export const layerRules = [
  {
    files: ["src/**/*.ts"],
    plugins: { layers: { rules: { "imports-point-down": importsPointDown } } },
    rules: {
      "layers/imports-point-down": "error",
      "no-restricted-imports": ["error", { patterns: [OCTOKIT] }],
    },
  },
  { files: ["src/live/client.ts"], rules: { "no-restricted-imports": "off" } },
];
