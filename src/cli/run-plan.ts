import { renameSync, writeFileSync } from "node:fs";
import { renderDiff } from "../render/diff.js";
import { renderJson } from "../render/json.js";
import { renderMarkdown } from "../render/markdown.js";
import { style } from "../render/style.js";
import { summaryLine } from "../render/summary.js";
import { renderText } from "../render/text.js";
import type { GlobalContext } from "./context.js";
import { connect } from "./connect.js";
import { defaultJournalPath } from "../apply/journal.js";
import { planSpec } from "../reconcile/plan.js";
import { loadSpec } from "../spec/load.js";
import { specPaths } from "./spec-option.js";

export interface PlanFlags {
  file?: string[];
  format: "text" | "json" | "markdown";
  diff?: boolean;
  out?: string;
  detailedExitcode?: boolean;
  now?: number;
  concurrency: number;
  journal?: string;
}

export async function runPlan(context: GlobalContext, flags: PlanFlags): Promise<void> {
  const output = context.output();
  const nowMs = flags.now ?? Date.now();
  const paths = specPaths(flags.file);
  const spec = loadSpec(paths);
  const { connection, ports } = connect(context, {
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
  });
  if (flags.out) {
    // Written whole or not at all: a half-written plan must never be applied.
    writeFileSync(`${flags.out}.tmp`, renderJson(plan));
    renameSync(`${flags.out}.tmp`, flags.out);
  }
  if (output.quiet) output.out(summaryLine(plan.summary));
  else if (flags.format === "json") output.out(renderJson(plan));
  else if (flags.format === "markdown") output.out(renderMarkdown(plan, nowMs));
  else {
    output.out(renderText(plan, style(output.color), nowMs));
    if (flags.diff) output.out(renderDiff(plan, live, style(output.color)));
  }
  if (flags.out && !output.quiet && flags.format === "text") output.err(`Saved the plan to ${flags.out}.`);
  if (flags.detailedExitcode && plan.operations.length > 0) process.exitCode = 2;
}
