import { InvalidArgumentError, type Command } from "commander";
import type { GlobalContext } from "../context.js";
import type { SandboxFlags } from "../run/sandbox.js";
import {
  instant,
  pauseMs,
  positiveNumber,
  probability,
  wholeNumber,
  wholeNumberFrom,
} from "../flags/parsers.js";

export interface Organisation {
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

export function registerSandbox(program: Command, context: GlobalContext): void {
  program
    .command("sandbox")
    .description("serve a local stand-in for GitHub's package endpoints and ghcr.io on 127.0.0.1")
    .option("--state <file>", "JSON state file (default: the bundled examples/sandbox-state.json)")
    .option("--port <n>", "port; 0 picks a free one and prints it", wholeNumberFrom(0, 65535), 0)
    .option("--latency <ms>", "delay before every answer (at most 3600000, an hour)", pauseMs, 0)
    .option("--fault-rate <p>", "share of requests answered 502", probability, 0)
    .option("--lost-response-rate <p>", "share of mutations done, then answered 502", probability, 0)
    .option("--token-faults <n>", "answer the registry's first N /token requests 502", wholeNumber, 0)
    .option("--manifest-faults <n>", "answer the registry's first N manifest reads 502", wholeNumber, 0)
    .option(
      "--secondary-limit-every <n>",
      "refuse every Nth mutation with a secondary rate limit",
      wholeNumber,
      0,
    )
    .option(
      "--min-mutation-interval <ms>",
      "refuse a mutation sooner than this after the previous one (secondary rate limit; at most an hour)",
      pauseMs,
      0,
    )
    .option(
      "--max-concurrent <n>",
      "refuse requests beyond this many in flight (secondary rate limit; 0: no limit)",
      wholeNumber,
      0,
    )
    .option(
      "--rate-limit <n>",
      "requests an hour per token (GitHub's primary rate limit; default 5000, installation tokens 1000)",
      positiveNumber,
    )
    .option(
      "--limit-status <code>",
      "status of a rate-limit refusal, primary or secondary: 403 or 429",
      limitStatus,
      403,
    )
    .option(
      "--max-per-page <n>",
      "largest page served (GitHub's is 100)",
      wholeNumberFrom(1, 100, " (GitHub serves at most 100)"),
      100,
    )
    .option("--seed <n>", "seed of the fault dice, to replay a run", wholeNumberFrom(0, 4294967295), 1)
    .option(
      "--now <date-time>",
      "pin the clock the state's relative dates and deletes use (RFC 3339 with a time zone)",
      instant,
    )
    .option(
      "--org <login[:admin,...]>",
      "make LOGIN an organisation with these admins (repeatable; adds to the state's accounts)",
      organisation,
      [],
    )
    .option("--echo-authorization", "repeat the Authorization header in error messages (a hostile proxy)")
    .option(
      "--serve-deleted-manifests",
      "the registry still serves a deleted version's manifest by digest (so a deleted image's children can be known)",
    )
    .option("--log <file>", "append one JSON line per request: method, path, status, duration_ms")
    .addHelpText(
      "after",
      [
        "",
        "The same API is served under /api/v3 (GitHub Enterprise Server's shape); counters (requests,",
        "per route, mutations, in flight, each token's rate-limit windows) at GET /_sandbox/counters.",
        'POST /_sandbox/clock with {"advance": "1h"} moves the sandbox\'s clock (rate-limit windows reset).',
        'POST /_sandbox/break with {"owner": "octocat", "type": "container", "name": "app", "version_id": 12,',
        '"deleted_days_ago": 40} deletes a version as another tool would (whatever lists it, no refusals),',
        "leaving a broken image or an orphan for ghpkg check to find.",
        "",
        "Example:",
        "  ghpkg sandbox --port 8787 &",
        "  export GITHUB_TOKEN=any GITHUB_API_URL=http://127.0.0.1:8787 GHPKG_REGISTRY_URL=http://127.0.0.1:8787",
        "  ghpkg plan -f examples/ghpkg.yaml",
      ].join("\n"),
    )
    .action(async (options: SandboxFlags) =>
      (await import("../run/sandbox.js")).runSandbox(context, options),
    );
}
