import { renderDiff } from "../../render/diff.js";
import { renderJson } from "../../render/json.js";
import { renderMarkdown } from "../../render/markdown.js";
import { style } from "../../render/style.js";
import { summaryLine } from "../../render/summary.js";
import { renderText } from "../../render/text.js";
import type { GlobalContext } from "../context.js";
import { connecting } from "../connect.js";
import { defaultJournalPath } from "../../journal/journal.js";
import { specPathsFromPlanFile } from "../../plan-file/spec-location.js";
import { planSpec } from "../../reconcile/plan.js";
import { loadSpec } from "../../spec/load.js";
import { checkOutFile, replaceFile } from "../../files/replace-file.js";
import { specPaths } from "../flags/spec-option.js";

const PLAN_OUT = { what: "the plan", flag: "--out" };

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

export async function runPlan(global: GlobalContext, flags: PlanFlags): Promise<void> {
  const context = connecting(global);
  const output = context.output();
  const nowMs = flags.now ?? Date.now();
  const paths = specPaths(flags.file);
  // `--out -`: stdout carries only the plan, for a pipe; people read the rendering on stderr.
  const toStdout = flags.out === "-";
  const outFile = flags.out === undefined || toStdout ? undefined : flags.out;
  const spec = loadSpec(paths);
  if (outFile !== undefined) checkOutFile(outFile, PLAN_OUT, spec.files);
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
    ...(flags.out && flags.out !== "-" ? { specPathsFromPlan: specPathsFromPlanFile(paths, flags.out) } : {}),
  });
  if (outFile !== undefined) replaceFile(outFile, renderJson(plan), PLAN_OUT.what);
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
}
