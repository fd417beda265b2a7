import type { Command } from "commander";
import type { GlobalContext } from "./context.js";
import { positiveNumber, probability, wholeNumber } from "./flags.js";
import type { SandboxFlags } from "./run-sandbox.js";

export function registerSandbox(program: Command, context: GlobalContext): void {
  program
    .command("sandbox")
    .description("serve a local stand-in for GitHub's package-version endpoints on 127.0.0.1")
    .option("--state <file>", "JSON state file (default: the bundled examples/sandbox-state.json)")
    .option("--port <n>", "port; 0 picks a free one and prints it", wholeNumber, 0)
    .option("--latency <ms>", "delay before every answer", wholeNumber, 0)
    .option("--fault-rate <p>", "share of requests answered 502", probability, 0)
    .option("--lost-response-rate <p>", "share of mutations done, then answered 502", probability, 0)
    .option(
      "--secondary-limit-every <n>",
      "refuse every Nth mutation with a secondary rate limit",
      wholeNumber,
      0,
    )
    .option("--max-per-page <n>", "largest page served (GitHub's is 100)", positiveNumber, 100)
    .addHelpText(
      "after",
      "\nExample:\n  ghpkg sandbox --port 8787 &\n  export GITHUB_TOKEN=any GITHUB_API_URL=http://127.0.0.1:8787 GHPKG_REGISTRY_URL=http://127.0.0.1:8787\n  ghpkg plan -f examples/ghpkg.yaml",
    )
    .action(async (flags: SandboxFlags) => (await import("./run-sandbox.js")).runSandbox(context, flags));
}
