import { InvalidArgumentError, type Command } from "commander";
import { parseDuration } from "../../select/duration.js";
import type { GlobalContext } from "../context.js";
import type { ApplyFlags } from "../run/apply.js";
import { concurrency, DEFAULT_CONCURRENCY, instant, pauseMs, wholeNumber } from "../flags/parsers.js";
import { specOption } from "../flags/spec-option.js";

/** The longest run `--max-duration` may allow: 35 days, as long as a GitHub Actions workflow run may last. */
const MAX_RUN_DAYS = 35;

/** `--max-duration`: a duration as the spec writes them, parsed by the same function. */
function duration(value: string): number {
  let ms: number;
  try {
    ms = parseDuration(value);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
  if (ms > MAX_RUN_DAYS * 86_400_000)
    throw new InvalidArgumentError(
      `expected at most ${MAX_RUN_DAYS} days, as long as a workflow run may last`,
    );
  return ms;
}

export function registerApply(program: Command, context: GlobalContext): void {
  program
    .command("apply")
    .description(
      "carry out a saved plan only if it is still exactly what the spec asks, or plan and apply the spec in one go",
    )
    .argument(
      "[planfile]",
      "a plan saved by `ghpkg plan --out` (a regular file, at most 256 MiB): checked against schemas/ghpkg-plan.schema.json, made again from the spec and the live state as at its created_at, and refused whole, sending nothing, on any difference, or when it is dated more than 5 minutes ahead of the clock",
    )
    .addOption(specOption())
    .option("--yes", "apply without asking")
    .option(
      "--concurrency <n>",
      "reads in flight at once (pages and manifests; at most 100), and with --write-interval 0 operations sent at once",
      concurrency,
      DEFAULT_CONCURRENCY,
    )
    .option(
      "--max-deletes <n>",
      "refuse, changing nothing, when the plan deletes more than N versions",
      wholeNumber,
    )
    .option(
      "--max-duration <duration>",
      "send nothing new after this long (30m, 5h, PT90S); what is left waits for the next run, exit 0",
      duration,
    )
    .option(
      "--journal <file>",
      "journal of every operation (default: .ghpkg/journal.jsonl beside the first spec); a lock beside it keeps to one apply at a time",
    )
    .option(
      "--now <time>",
      "the clock, as RFC 3339 with a time zone: with -f, plan as if it were this time; with PLANFILE, a plan dated more than 5 minutes after it is refused",
      instant,
    )
    .option(
      "--report <file>",
      "write what the run did as JSON (schemas/ghpkg-apply-report.schema.json): its id, each operation's outcome and GitHub's message, the counts, what was left; or why nothing was applied",
    )
    .option(
      "--write-interval <ms>",
      "pause between two deletes or restores, from one send to the next, one at a time (0: none, up to --concurrency at once; at most 3600000, an hour)",
      pauseMs,
      1000,
    )
    .addHelpText(
      "after",
      `
A saved plan is applied only when planning again gives exactly its operations (the same action on
the same versions, as written) and the spec still hashes to its spec_digest; otherwise apply lists
the differences and exits 1. Without -f, the spec is read from the plan's spec_paths, relative to
the working directory or else to the plan file's folder (if both exist and differ, pass -f).
Images deleted by an earlier run that stopped half-way (the journal says so) lose their children
now: reason "child of <image> (deleted earlier)".

Each run has an id, printed when it starts sending and in its last line, and written on each of its
journal lines. Restores go first, a restored image after the versions restored with it (and not at all
if one of them fails: it would not pull); then deletes, an image before the versions it lists, and those
are skipped if its delete fails. Each operation is journaled just before it is sent and again with its outcome.
One apply at a time per journal (a lock beside it). Ctrl-C sends nothing more, waits for what is on
the wire and exits 130; a second Ctrl-C exits at once. If the journal cannot be written, nothing
more is sent and apply exits 1. --max-duration counts from the start.

The token's rate limit (GitHub's x-ratelimit-* headers) paces apply: what fits in what is left this
hour goes at --write-interval; when more is left than that and the run outlives the reset, sends are
spread so the budget lasts until it. Once it is spent, apply waits for the reset if that comes within
--max-duration, else stops as --max-duration does (exit 0; the next run carries on). A request the
rate limit turned away did nothing: it is journaled as "not done" and sent again later, never failed.

Examples:
  ghpkg plan -f ghpkg.yaml --out plan.json && ghpkg apply plan.json
  ghpkg apply -f ghpkg.yaml --yes --max-deletes 50
  ghpkg apply -f ghpkg.yaml --yes --max-duration 50m   # a nightly job within its time limit`,
    )
    .action(async (planfile: string | undefined, flags: ApplyFlags) =>
      (await import("../run/apply.js")).runApply(context, planfile, flags),
    );
}
