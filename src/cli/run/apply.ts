import { realTimer } from "../../apply/timer.js";
import { checkOutFile } from "../../files/replace-file.js";
import { defaultJournalPath } from "../../journal/journal.js";
import { UserError } from "../../model/errors.js";
import { hasTags, packageLabel } from "../../model/package.js";
import { shortName } from "../../model/version.js";
import type { Plan } from "../../plan/types.js";
import { applySpec, type ApplyReport, type OperationResult } from "../../reconcile/apply.js";
import { newRunId } from "../../reconcile/run-id.js";
import { tagList } from "../../render/label.js";
import { style } from "../../render/style.js";
import { hasChanges } from "../../render/summary.js";
import { renderText } from "../../render/text.js";
import { connecting } from "../connect.js";
import type { GlobalContext } from "../context.js";
import { specPaths } from "../flags/spec-option.js";
import { REPORT_OUT, writeReportFile } from "../report-file.js";
import { assertCanAsk, confirm } from "../terminal/confirm.js";
import { INTERRUPTED_EXIT, interrupts } from "../terminal/interrupts.js";
import type { Output } from "../terminal/output.js";

export interface ApplyFlags {
  file?: string[];
  yes?: boolean;
  concurrency: number;
  maxDeletes?: number;
  maxDuration?: number;
  journal?: string;
  now?: number;
  writeInterval: number;
  report?: string;
}

/**
 * `ghpkg apply`: flags into a request for the core's apply (reconcile/apply.ts), and what it reports
 * into lines, the `--report` file and an exit code. Ctrl-C is the terminal's: it stops the sending.
 */
export async function runApply(
  global: GlobalContext,
  planfile: string | undefined,
  flags: ApplyFlags,
): Promise<void> {
  const startedAt = realTimer.now();
  const context = connecting(global);
  const output = context.output();
  const ctrlC = interrupts(output);
  const runId = newRunId(new Date());
  const given = flags.file && flags.file.length > 0 ? flags.file : undefined;
  try {
    let report: ApplyReport;
    try {
      report = await applySpec(
        {
          connect: (specFiles) => {
            if (flags.report !== undefined) checkOutFile(flags.report, REPORT_OUT, specFiles);
            return context.connect({
              journalPath: flags.journal ?? defaultJournalPath(specFiles),
              concurrency: flags.concurrency,
              progress: planfile === undefined,
            }).ports;
          },
          confirm: (plan) => approve(plan, flags, output),
          sending: (plan) => {
            if (!output.quiet) output.out(`Apply run ${runId}: ${operationCount(plan)}.`);
            return ctrlC.sending();
          },
          onResult: (result) => reportResult(output, result),
          timer: realTimer,
        },
        {
          ...(planfile === undefined ? {} : { planFile: planfile }),
          specPaths: planfile === undefined ? specPaths(flags.file) : given,
          nowMs: flags.now ?? Date.now(),
          concurrency: flags.concurrency,
          ...(flags.maxDeletes === undefined ? {} : { maxDeletes: flags.maxDeletes }),
          writeIntervalMs: flags.writeInterval,
          ...(flags.maxDuration === undefined ? {} : { deadline: startedAt + flags.maxDuration }),
          runId,
        },
      );
    } catch (error) {
      // The Action reads why nothing was applied from the report, as it reads what was.
      if (flags.report !== undefined)
        try {
          writeReportFile(flags.report, { runId, error });
        } catch {
          // A report that cannot be written (the --report path itself refused) adds nothing to this error.
        }
      throw error;
    }
    if (flags.report !== undefined) writeReportFile(flags.report, { runId, report });
    show(output, report);
    if (report.journalError)
      throw new UserError(
        `${report.journalError.message}; nothing more was sent (what was done is listed above)`,
        { cause: report.journalError },
      );
    process.exitCode = ctrlC.interrupted() ? INTERRUPTED_EXIT : report.failed > 0 ? 1 : 0;
  } finally {
    ctrlC.end();
  }
}

/**
 * `--yes` goes ahead; else the plan is shown and the terminal asked. With no terminal there is
 * nobody to ask: the plan is shown all the same, so the refusal says what was not applied.
 */
async function approve(plan: Plan, flags: ApplyFlags, output: Output): Promise<boolean> {
  if (flags.yes) return true;
  output.out(renderText(plan, style(output.color), Date.parse(plan.createdAt)));
  assertCanAsk();
  const deletes = plan.operations.filter((o) => o.action === "delete").length;
  return confirm(`Apply ${operationCount(plan, deletes)}?`);
}

function operationCount(
  plan: Plan,
  deletes = plan.operations.filter((o) => o.action === "delete").length,
): string {
  const restores = plan.operations.length - deletes;
  return `${deletes} ${deletes === 1 ? "delete" : "deletes"} and ${restores} ${restores === 1 ? "restore" : "restores"}`;
}

function show(output: Output, report: ApplyReport): void {
  const { plan } = report;
  if (plan.operations.length === 0) {
    output.out(
      hasChanges(plan.summary)
        ? renderText(plan, style(output.color), Date.parse(plan.createdAt))
        : "No changes: the live versions match the spec.",
    );
    return;
  }
  if (report.stoppedBy === "out of time")
    output.out(
      `${report.notStarted} ${report.notStarted === 1 ? "operation" : "operations"} left after --max-duration; run apply again to continue`,
    );
  // The summary stays the last line: a person reads it first.
  output.out(summarize(report));
}

function reportResult(output: Output, { operation: op, outcome, message }: OperationResult): void {
  const what = `${op.action} ${packageLabel(op.ref)} ${shortName(op.version.name)}${hasTags(op.ref.type) ? ` [${tagList(op.version.tags)}]` : ""}`;
  if (outcome === "failed") output.err(`failed: ${what}: ${message ?? ""}`);
  else if (outcome === "skipped") output.err(`skipped: ${what}: ${message ?? ""}`);
  else if (outcome === "done" && !output.quiet) output.out(`done: ${what}${message ? ` (${message})` : ""}`);
}

function summarize(report: ApplyReport): string {
  const { deleted, restored, failed, skipped, notStarted } = report;
  return `Apply: ${deleted} deleted, ${restored} restored, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}${notStarted ? `, ${notStarted} not started` : ""}. Run ${report.runId}. Journal: ${report.journalPath}`;
}
