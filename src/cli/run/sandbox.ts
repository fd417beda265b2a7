import { closeSync, openSync, writeSync } from "node:fs";
import { UserError } from "../../model/errors.js";
import { BUNDLED_STATE } from "../../sandbox/bundled-state.js";
import { loadSandboxState, type SandboxState } from "../../sandbox/state.js";
import { startSandbox, type RequestLogEntry } from "../../sandbox/server.js";
import type { GlobalContext } from "../context.js";
import type { Organisation } from "../commands/sandbox.js";

export interface SandboxFlags {
  state?: string;
  port: number;
  latency: number;
  faultRate: number;
  lostResponseRate: number;
  tokenFaults: number;
  manifestFaults: number;
  secondaryLimitEvery: number;
  minMutationInterval: number;
  maxConcurrent: number;
  limitStatus: 403 | 429;
  rateLimit?: number;
  maxPerPage: number;
  seed: number;
  now?: number;
  org: Organisation[];
  echoAuthorization?: boolean;
  serveDeletedManifests?: boolean;
  log?: string;
}

export async function runSandbox(global: GlobalContext, options: SandboxFlags): Promise<void> {
  const context = global;
  const output = context.output();
  const now = options.now ?? Date.now();
  const state = withOrganisations(loadSandboxState(options.state ?? BUNDLED_STATE, now), options.org);
  const log = options.log === undefined ? undefined : openLog(options.log);
  const sandbox = await startSandbox({
    state,
    port: options.port,
    latencyMs: options.latency,
    faultRate: options.faultRate,
    lostResponseRate: options.lostResponseRate,
    tokenFaults: options.tokenFaults,
    manifestFaults: options.manifestFaults,
    secondaryRateLimitEvery: options.secondaryLimitEvery,
    minMutationIntervalMs: options.minMutationInterval,
    maxConcurrentRequests: options.maxConcurrent,
    secondaryLimitStatus: options.limitStatus,
    ...(options.rateLimit === undefined ? {} : { rateLimit: options.rateLimit }),
    maxPerPage: options.maxPerPage,
    seed: options.seed,
    // Pinned by --now, the clock stands still unless POST /_sandbox/clock moves it.
    ...(options.now !== undefined ? { clock: () => now } : {}),
    ...(options.echoAuthorization ? { echoAuthorization: true } : {}),
    ...(options.serveDeletedManifests ? { serveDeletedManifests: true } : {}),
    ...(log ? { onRequest: log.write } : {}),
  }).catch((error: NodeJS.ErrnoException) => {
    throw new UserError(
      error.code === "EADDRINUSE"
        ? `port ${options.port} is in use; pick another with --port, or 0 for a free one`
        : `cannot listen on 127.0.0.1:${options.port} (${error.code ?? error.message})`,
    );
  });
  const who = state.tokens ? "tokens as the state file names them" : `any token is ${state.viewer}`;
  output.out(`sandbox listening on ${sandbox.url} (${who}; Ctrl-C stops it)`);
  const token = state.tokens ? "<a token from the state file>" : "sandbox";
  output.out(`export GITHUB_API_URL=${sandbox.url} GHPKG_REGISTRY_URL=${sandbox.url} GITHUB_TOKEN=${token}`);
  await new Promise<void>((resolve) => {
    const stop = () => void sandbox.close().then(resolve);
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  log?.close();
}

function withOrganisations(state: SandboxState, orgs: readonly Organisation[]): SandboxState {
  if (orgs.length === 0) return state;
  const accounts = { ...state.accounts };
  for (const org of orgs) accounts[org.login] = { type: "Organization", admins: org.admins };
  return { ...state, accounts };
}

/** One JSON line per request, written at once, so a log read while the sandbox runs is complete. */
function openLog(path: string): { write: (entry: RequestLogEntry) => void; close: () => void } {
  let fd: number;
  try {
    fd = openSync(path, "a");
  } catch (error) {
    throw new UserError(`cannot open the log ${path} (${(error as NodeJS.ErrnoException).code ?? "error"})`);
  }
  return {
    write: (entry) => {
      writeSync(fd, `${JSON.stringify(entry)}\n`);
    },
    close: () => closeSync(fd),
  };
}
