import { fileURLToPath } from "node:url";
import type { Command } from "commander";
import { loadSandboxState } from "../sandbox/state.js";
import { startSandbox } from "../sandbox/server.js";
import type { GlobalContext } from "./context.js";
import { positiveNumber, probability, wholeNumber } from "./flags.js";

export const BUNDLED_STATE = fileURLToPath(new URL("../../../examples/sandbox-state.json", import.meta.url));

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
    .action(async (options: SandboxFlags) => {
      const output = context.output();
      const sandbox = await startSandbox({
        state: loadSandboxState(options.state ?? BUNDLED_STATE, Date.now()),
        port: options.port,
        latencyMs: options.latency,
        faultRate: options.faultRate,
        lostResponseRate: options.lostResponseRate,
        secondaryRateLimitEvery: options.secondaryLimitEvery,
        maxPerPage: options.maxPerPage,
      });
      output.out(
        `sandbox listening on ${sandbox.url} (any token is ${sandbox.state.viewer}; Ctrl-C stops it)`,
      );
      output.out(
        `export GITHUB_API_URL=${sandbox.url} GHPKG_REGISTRY_URL=${sandbox.url} GITHUB_TOKEN=sandbox`,
      );
      await new Promise<void>((resolve) => {
        const stop = () => void sandbox.close().then(resolve);
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
      });
    });
}

interface SandboxFlags {
  state?: string;
  port: number;
  latency: number;
  faultRate: number;
  lostResponseRate: number;
  secondaryLimitEvery: number;
  maxPerPage: number;
}
