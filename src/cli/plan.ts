import { Option, type Command } from "commander";
import { renderDiff } from "../render/diff.js";
import { renderJson } from "../render/json.js";
import { renderMarkdown } from "../render/markdown.js";
import { style } from "../render/style.js";
import { summaryLine } from "../render/summary.js";
import { renderText } from "../render/text.js";
import type { GlobalContext } from "./context.js";
import { instant, positiveNumber } from "./flags.js";
import { defaultJournalPath } from "../apply/journal.js";
import { specPathsFromPlanFile } from "../apply/spec-location.js";
import { planSpec } from "../reconcile/plan.js";
import { loadSpec } from "../spec/load.js";
import { checkOutFile, replaceFile } from "./out-file.js";
import { specOption, specPaths } from "./spec-option.js";

interface PlanFlags {
  file?: string[];
  format: "text" | "json" | "markdown";
  diff?: boolean;
  out?: string;
  detailedExitcode?: boolean;
  now?: number;
  concurrency: number;
  journal?: string;
}

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
    .option("--now <time>", "plan as if it were this ISO 8601 time (default: the clock)", instant)
    .option("--concurrency <n>", "packages read at once", positiveNumber, 8)
    .option(
      "--journal <file>",
      "journal to read deleted versions from (default: .ghpkg/journal.jsonl beside the first spec)",
    )
    .addHelpText(
      "after",
      "\nExamples:\n  ghpkg plan -f ghpkg.yaml\n  ghpkg plan -f specs/ --format markdown --out plan.json --detailed-exitcode\n  ghpkg plan --out - > plan.json    # the plan to a pipe, the rendering to the terminal",
    )
    .action(async (flags: PlanFlags) => {
      const output = context.output();
      const nowMs = flags.now ?? Date.now();
      const paths = specPaths(flags.file);
      // `--out -`: stdout carries only the plan, for a pipe; people read the rendering on stderr.
      const toStdout = flags.out === "-";
      const outFile = flags.out === undefined || toStdout ? undefined : flags.out;
      const spec = loadSpec(paths);
      if (outFile !== undefined) checkOutFile(outFile, spec.files);
      const { connection, ports } = context.connect({
        journalPath: flags.journal ?? defaultJournalPath(spec.files),
        concurrency: flags.concurrency,
        progress: flags.format === "text",
      });
      const { plan, live } = await planSpec(ports, {
        spec,
        nowMs,
        concurrency: flags.concurrency,
        apiUrl: connection.apiUrl,
        specPaths: paths,
        ...(flags.out && flags.out !== "-"
          ? { specPathsFromPlan: specPathsFromPlanFile(paths, flags.out) }
          : {}),
      });
      if (outFile !== undefined) replaceFile(outFile, renderJson(plan));
      if (toStdout) output.out(renderJson(plan));
      const show = (text: string) => (toStdout ? output.err(text) : output.out(text));
      if (output.quiet) show(summaryLine(plan.summary));
      else if (flags.format === "json") {
        if (!toStdout) output.out(renderJson(plan));
      } else if (flags.format === "markdown") show(renderMarkdown(plan, nowMs));
      else {
        show(renderText(plan, style(output.color), nowMs));
        if (flags.diff) show(renderDiff(plan, live, style(output.color)));
      }
      if (outFile !== undefined && !output.quiet && flags.format === "text")
        output.err(`Saved the plan to ${outFile}.`);
      if (flags.detailedExitcode && plan.operations.length > 0) process.exitCode = 2;
    });
}
