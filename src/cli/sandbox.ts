import { closeSync, openSync, writeSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { InvalidArgumentError, type Command } from "commander";
import { UserError } from "../model/errors.js";
import { loadSandboxState, type SandboxState } from "../sandbox/state.js";
import { startSandbox, type RequestLogEntry } from "../sandbox/server.js";
import type { GlobalContext } from "./context.js";
import { instant, positiveNumber, probability, wholeNumber } from "./flags.js";

export const BUNDLED_STATE = fileURLToPath(new URL("../../../examples/sandbox-state.json", import.meta.url));

export function registerSandbox(program: Command, context: GlobalContext): void {
  program
    .command("sandbox")
    .description("serve a local stand-in for GitHub's package endpoints and ghcr.io on 127.0.0.1")
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
    .option(
      "--min-mutation-interval <ms>",
      "refuse a mutation sooner than this after the previous one (secondary rate limit)",
      wholeNumber,
      0,
    )
    .option(
      "--max-concurrent <n>",
      "refuse requests beyond this many in flight (secondary rate limit; 0: no limit)",
      wholeNumber,
      0,
    )
    .option("--limit-status <code>", "status of a secondary rate limit: 403 or 429", limitStatus, 403)
    .option("--max-per-page <n>", "largest page served (GitHub's is 100)", positiveNumber, 100)
    .option("--seed <n>", "seed of the fault dice, to replay a run", wholeNumber, 1)
    .option("--now <date-time>", "pin the clock the state's relative dates and deletes use", instant)
    .option(
      "--org <login[:admin,...]>",
      "make LOGIN an organisation with these admins (repeatable; adds to the state's accounts)",
      organisation,
      [],
    )
    .option("--echo-authorization", "repeat the Authorization header in error messages (a hostile proxy)")
    .option("--log <file>", "append one JSON line per request: method, path, status, duration_ms")
    .addHelpText(
      "after",
      [
        "",
        "The same API is served under /api/v3 (GitHub Enterprise Server's shape); counters (requests,",
        "per route, mutations, in flight) at GET /_sandbox/counters.",
        "",
        "Example:",
        "  ghpkg sandbox --port 8787 &",
        "  export GITHUB_TOKEN=any GITHUB_API_URL=http://127.0.0.1:8787 GHPKG_REGISTRY_URL=http://127.0.0.1:8787",
        "  ghpkg plan -f examples/ghpkg.yaml",
      ].join("\n"),
    )
    .action(async (options: SandboxFlags) => {
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
        secondaryRateLimitEvery: options.secondaryLimitEvery,
        minMutationIntervalMs: options.minMutationInterval,
        maxConcurrentRequests: options.maxConcurrent,
        secondaryLimitStatus: options.limitStatus,
        maxPerPage: options.maxPerPage,
        seed: options.seed,
        ...(options.now !== undefined ? { clock: () => now } : {}),
        ...(options.echoAuthorization ? { echoAuthorization: true } : {}),
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
      output.out(
        `export GITHUB_API_URL=${sandbox.url} GHPKG_REGISTRY_URL=${sandbox.url} GITHUB_TOKEN=${token}`,
      );
      await new Promise<void>((resolve) => {
        const stop = () => void sandbox.close().then(resolve);
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
      });
      log?.close();
    });
}

interface SandboxFlags {
  state?: string;
  port: number;
  latency: number;
  faultRate: number;
  lostResponseRate: number;
  secondaryLimitEvery: number;
  minMutationInterval: number;
  maxConcurrent: number;
  limitStatus: 403 | 429;
  maxPerPage: number;
  seed: number;
  now?: number;
  org: Organisation[];
  echoAuthorization?: boolean;
  log?: string;
}

interface Organisation {
  login: string;
  admins: string[];
}

function limitStatus(value: string): 403 | 429 {
  if (value !== "403" && value !== "429") throw new InvalidArgumentError("expected 403 or 429");
  return Number(value) as 403 | 429;
}

function organisation(value: string, previous: Organisation[]): Organisation[] {
  const [login = "", admins = ""] = value.split(":");
  if (!/^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/.test(login))
    throw new InvalidArgumentError("expected LOGIN or LOGIN:ADMIN,ADMIN (GitHub logins)");
  return [...previous, { login, admins: admins.split(",").filter((a) => a !== "") }];
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
