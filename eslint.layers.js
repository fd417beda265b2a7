// The pipeline's layers, and what each may import: imports point down, never up or sideways.
// spec → validate → live state → plan → render → apply, with the ports (live, registry) below the
// core (reconcile), and cli/ (commander wiring) and gitops/ (the Action) on top.
const LAYERS = {
  model: [],
  select: ["model"],
  spec: ["model", "select"],
  plan: ["model", "select", "spec"],
  render: ["model", "select", "spec", "plan"],
  live: ["model"],
  registry: ["model"],
  apply: ["model", "select", "spec", "plan", "live"],
  reconcile: ["model", "select", "spec", "plan", "live", "registry", "apply", "usage"],
  sandbox: ["model"],
  usage: ["model"],
  gitops: [
    "model",
    "select",
    "spec",
    "plan",
    "render",
    "live",
    "registry",
    "apply",
    "reconcile",
    "usage",
    "cli",
  ],
  cli: [
    "model",
    "select",
    "spec",
    "plan",
    "render",
    "live",
    "registry",
    "apply",
    "reconcile",
    "gitops",
    "sandbox",
    "usage",
  ],
};

const OCTOKIT = {
  regex: "^@octokit/",
  message:
    "Only src/live/client.ts talks to Octokit: everything else goes through the PackageSource interface.",
};

function restriction(layer, { octokit }) {
  const forbidden = Object.keys(LAYERS).filter((other) => other !== layer && !LAYERS[layer].includes(other));
  const patterns = [
    {
      regex: `^\\.\\./(${forbidden.join("|")})/`,
      message: `src/${layer}/ may import only from ${LAYERS[layer].join(", ") || "itself"}: imports point down the pipeline (see eslint.layers.js).`,
    },
    ...(octokit ? [OCTOKIT] : []),
  ];
  return ["error", { patterns }];
}

export const layerRules = [
  ...Object.keys(LAYERS).map((layer) => ({
    files: [`src/${layer}/**/*.ts`],
    rules: { "no-restricted-imports": restriction(layer, { octokit: true }) },
  })),
  {
    files: ["src/live/client.ts"],
    rules: { "no-restricted-imports": restriction("live", { octokit: false }) },
  },
];
