import { Option, type Command } from "commander";
import type { GlobalContext } from "../context.js";
import type { UndoFlags } from "../run/undo.js";
import { concurrency, DEFAULT_CONCURRENCY, instant, wholeNumber } from "../flags/parsers.js";
import { specOption } from "../flags/spec-option.js";

export function registerUndo(program: Command, context: GlobalContext): void {
  program
    .command("undo")
    .description(
      "list the apply runs the journal knows, or restore what one run deleted (within GitHub's 30 days)",
    )
    .argument("[run]", "the run to undo: its id as apply printed it, or a prefix only it has")
    .addOption(specOption().hideHelp())
    .option("--journal <file>", "the journal to read (default: .ghpkg/journal.jsonl beside the first spec)")
    .option("--yes", "restore without asking")
    .addOption(
      new Option("--format <format>", "how to show the runs, or the plan")
        .choices(["text", "json", "markdown"])
        .default("text"),
    )
    .option(
      "--write-interval <ms>",
      "pause between two restores, from one send to the next (0: none, up to --concurrency at once)",
      wholeNumber,
      1000,
    )
    .option(
      "--concurrency <n>",
      "reads in flight at once (pages and manifests; at most 100)",
      concurrency,
      DEFAULT_CONCURRENCY,
    )
    .option("--now <time>", "the clock, as an ISO 8601 time: what counts as 30 days ago", instant)
    .option("--report <file>", "write what the undo run did as JSON (schemas/ghpkg-apply-report.schema.json)")
    .addHelpText(
      "after",
      `
Without RUN, lists every run the journal knows: its id, when it started, what it deleted, restored
and failed, and whether it can still be undone in full (GitHub restores for 30 days after a delete).

With RUN, plans the restore of every version that run deleted and that is still deleted, as the live
state shows it: whole images only (an image's deleted children come back with it, first), and what
GitHub will not restore is blocked with the reason. It shows the plan, asks (or takes --yes), and
applies it as apply does (the lock, the journal, pacing, Ctrl-C): the undo is a run of its own. It
then prints the keep lines to add to the spec, which still says to delete what came back.

Examples:
  ghpkg undo
  ghpkg undo 20261124T100000Z-3f9a2c --yes
  ghpkg undo 20261124T1000 --format markdown`,
    )
    .action(async (run: string | undefined, flags: UndoFlags) =>
      (await import("../run/undo.js")).runUndo(context, run, flags),
    );
}
