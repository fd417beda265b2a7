import { Option, type Command } from "commander";
import type { GlobalContext } from "../context.js";
import type { PlanFlags } from "../run/plan.js";
import { instant, readConcurrencyOption } from "../flags/parsers.js";
import { specOption } from "../flags/spec-option.js";

export function registerPlan(program: Command, context: GlobalContext): void {
  program
    .command("plan")
    .description("show what apply would delete and restore; changes nothing")
    .addOption(specOption())
    .addOption(
      new Option("--format <format>", "output format").choices(["text", "json", "markdown"]).default("text"),
    )
    .option(
      "--diff",
      "with text: also a unified diff per package of the live versions against the planned ones",
    )
    .option(
      "--out <planfile>",
      "save the plan (JSON) for a later `ghpkg apply PLANFILE`; replaces only a regular file. `--out -` writes it to standard output, and the rendering to standard error",
    )
    .option(
      "--detailed-exitcode",
      "exit 0 when there is nothing to do, 2 when there are operations, 1 on error",
    )
    .option(
      "--now <time>",
      "plan as if it were this time, RFC 3339 with a time zone such as 2026-11-24T10:00:00Z (default: the clock)",
      instant,
    )
    .addOption(readConcurrencyOption())
    .option(
      "--journal <file>",
      "journal to read deleted versions from (default: .ghpkg/journal.jsonl beside the first spec)",
    )
    .addHelpText(
      "after",
      "\nExamples:\n  ghpkg plan -f ghpkg.yaml\n  ghpkg plan -f specs/ --format markdown --out plan.json --detailed-exitcode\n  ghpkg plan --out - > plan.json    # the plan to a pipe, the rendering to the terminal",
    )
    .action(async (flags: PlanFlags) => (await import("../run/plan.js")).runPlan(context, flags));
}
