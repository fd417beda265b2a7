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
import { MAX_PLAN_BYTES, MAX_PLAN_SIZE } from "../../plan-file/size.js";
import { UserError } from "../../model/errors.js";
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
  const json = outFile !== undefined || toStdout ? renderJson(plan) : "";
  // A plan that apply would refuse to read is not written: better said now than in the apply job.
  if (Buffer.byteLength(json) > MAX_PLAN_BYTES)
    throw new UserError(
      `the plan is larger than ${MAX_PLAN_SIZE}, more than ghpkg apply reads; plan fewer packages at a time`,
    );
  if (outFile !== undefined) replaceFile(outFile, json, PLAN_OUT.what);
  if (toStdout) output.out(json);
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
