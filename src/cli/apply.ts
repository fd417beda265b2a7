import type { Command } from "commander";
import type { GlobalContext } from "./context.js";
import { instant, positiveNumber, wholeNumber } from "./flags.js";
import type { ApplyFlags } from "./run-apply.js";
import { specOption } from "./spec-option.js";

export function registerApply(program: Command, context: GlobalContext): void {
  program
    .command("apply")
    .description(
      "carry out a saved plan (after checking it still holds), or plan and apply the spec in one go",
    )
    .argument("[planfile]", "a plan saved by `ghpkg plan --out`")
    .addOption(specOption())
    .option("--yes", "apply without asking")
    .option("--concurrency <n>", "packages read and changed at once", positiveNumber, 8)
    .option(
      "--max-deletes <n>",
      "refuse, changing nothing, when the plan deletes more than N versions",
      wholeNumber,
    )
    .option(
      "--journal <file>",
      "journal of every operation (default: .ghpkg/journal.jsonl beside the first spec)",
    )
    .option("--now <time>", "with -f: plan as if it were this ISO 8601 time", instant)
    .option(
      "--write-interval <ms>",
      "pause between two deletes or restores (0 for the sandbox)",
      wholeNumber,
      1000,
    )
    .addHelpText(
      "after",
      "\nExamples:\n  ghpkg plan -f ghpkg.yaml --out plan.json && ghpkg apply plan.json\n  ghpkg apply -f ghpkg.yaml --yes --max-deletes 50",
    )
    .action(async (planfile: string | undefined, flags: ApplyFlags) =>
      (await import("./run-apply.js")).runApply(context, planfile, flags),
    );
}
