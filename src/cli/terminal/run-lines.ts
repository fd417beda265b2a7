import { hasTags, packageLabel } from "../../model/package.js";
import type { Plan } from "../../plan/types.js";
import type { ApplyReport, OperationResult } from "../../reconcile/apply.js";
import { escapeText } from "../../render/escape.js";
import { shownName, tagList } from "../../render/label.js";
import { style } from "../../render/style.js";
import { renderText } from "../../render/text.js";
import { assertCanAsk, confirm } from "./confirm.js";
import type { Output } from "./output.js";

/** What a run of apply or undo prints as it goes, and how it asks. One voice for both. */
export function operationCount(plan: Plan): string {
  const deletes = plan.operations.filter((o) => o.action === "delete").length;
  const restores = plan.operations.length - deletes;
  return `${deletes} ${deletes === 1 ? "delete" : "deletes"} and ${restores} ${restores === 1 ? "restore" : "restores"}`;
}

/**
 * `--yes` goes ahead; else the plan is shown and the terminal asked. With no terminal there is
 * nobody to ask: the plan is shown all the same, so the refusal says what was not applied.
 */
export async function approve(
  plan: Plan,
  yes: boolean | undefined,
  output: Output,
  shown = false,
): Promise<boolean> {
  if (yes) return true;
  if (!shown) output.out(renderText(plan, style(output.color), Date.parse(plan.createdAt)));
  assertCanAsk();
  return confirm(`Apply ${operationCount(plan)}?`);
}

/** One line per settled operation: done to stdout (unless quiet), failed and skipped to stderr. */
export function reportResult(
  output: Output,
  { operation: op, outcome, message }: OperationResult,
  done: (text: string) => void = (text) => output.out(text),
): void {
  // Names, tags and GitHub's words are shown escaped (render/escape.ts): none can fake a line.
  const what = `${op.action} ${escapeText(packageLabel(op.ref))} ${shownName(op.version.name)}${hasTags(op.ref.type) ? ` [${tagList(op.version.tags)}]` : ""}`;
  const said = message === undefined ? undefined : escapeText(message);
  if (outcome === "failed") output.err(`failed: ${what}: ${said ?? ""}`);
  else if (outcome === "skipped") output.err(`skipped: ${what}: ${said ?? ""}`);
  else if (outcome === "done" && !output.quiet) done(`done: ${what}${said ? ` (${said})` : ""}`);
}

/** The run's last line: what it did, its id, and where its journal is. */
export function summarize(report: ApplyReport, verb = "Apply"): string {
  const { deleted, restored, failed, skipped, notStarted } = report;
  return `${verb}: ${deleted} deleted, ${restored} restored, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}${notStarted ? `, ${notStarted} not started` : ""}. Run ${report.runId}. Journal: ${report.journalPath}`;
}
