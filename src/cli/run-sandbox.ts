import { fileURLToPath } from "node:url";
import { loadSandboxState } from "../sandbox/state.js";
import { startSandbox } from "../sandbox/server.js";
import type { GlobalContext } from "./context.js";

export const BUNDLED_STATE = fileURLToPath(new URL("../../../examples/sandbox-state.json", import.meta.url));

export interface SandboxFlags {
  state?: string;
  port: number;
  latency: number;
  faultRate: number;
  lostResponseRate: number;
  secondaryLimitEvery: number;
  maxPerPage: number;
}

export async function runSandbox(context: GlobalContext, options: SandboxFlags): Promise<void> {
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
  output.out(`sandbox listening on ${sandbox.url} (any token is ${sandbox.state.viewer}; Ctrl-C stops it)`);
  output.out(`export GITHUB_API_URL=${sandbox.url} GHPKG_REGISTRY_URL=${sandbox.url} GITHUB_TOKEN=sandbox`);
  await new Promise<void>((resolve) => {
    const stop = () => void sandbox.close().then(resolve);
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}
