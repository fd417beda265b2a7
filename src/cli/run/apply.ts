import { realTimer } from "../../apply/timer.js";
import { checkOutFile } from "../../files/replace-file.js";
import { defaultJournalPath } from "../../journal/journal.js";
import { RateLimited } from "../../live/github-error.js";
import { resetTime } from "../../live/rate-limit.js";
import { UserError } from "../../model/errors.js";
import { applySpec, type ApplyReport } from "../../reconcile/apply.js";
import { newRunId } from "../../reconcile/run-id.js";
import { escapeText } from "../../render/escape.js";
import { style } from "../../render/style.js";
import { childrenKeptLine } from "../../render/package-header.js";
import { hasChanges } from "../../render/summary.js";
import { renderText } from "../../render/text.js";
import { connecting } from "../connect.js";
import type { GlobalContext } from "../context.js";
import { specPaths } from "../flags/spec-option.js";
import { REPORT_OUT, writeReportFile } from "../report-file.js";
import { INTERRUPTED_EXIT, interrupts } from "../terminal/interrupts.js";
import type { Output } from "../terminal/output.js";
import { approve, operationCount, reportResult, summarize } from "../terminal/run-lines.js";

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
  const deadline = flags.maxDuration === undefined ? undefined : startedAt + flags.maxDuration;
  // Reads may wait for a spent rate limit's reset only as long as --max-duration leaves.
  const reads = deadline === undefined ? {} : { maxPrimaryWaitMs: () => deadline - realTimer.now() };
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
              ...reads,
            }).ports;
          },
          confirm: (plan) => approve(plan, flags.yes, output),
          sending: (plan) => {
            if (!output.quiet) output.out(`Apply run ${runId}: ${operationCount(plan)}.`);
            return ctrlC.sending();
          },
          onResult: (result) => reportResult(output, result),
          onWait: (message) => {
            if (!output.quiet) output.err(`note: ${message}`);
          },
          timer: realTimer,
        },
        {
          ...(planfile === undefined ? {} : { planFile: planfile }),
          specPaths: planfile === undefined ? specPaths(flags.file) : given,
          nowMs: flags.now ?? Date.now(),
          concurrency: flags.concurrency,
          ...(flags.maxDeletes === undefined ? {} : { maxDeletes: flags.maxDeletes }),
          writeIntervalMs: flags.writeInterval,
          ...(deadline === undefined ? {} : { deadline }),
          runId,
        },
      );
    } catch (error) {
      if (error instanceof RateLimited) {
        // Nothing was sent: a run that cannot even read for the rate limit stops as --max-duration does.
        output.err(`note: ${escapeText(error.message)}`);
        output.out(
          "Apply: 0 deleted, 0 restored, 0 failed; stopped by the rate limit before anything was sent",
        );
        if (flags.report !== undefined)
          writeReportFile(flags.report, { runId, error, stoppedBy: "rate limit" });
        return;
      }
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
    show(output, report, deadline);
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

function show(output: Output, report: ApplyReport, deadline: number | undefined): void {
  const { plan } = report;
  if (plan.operations.length === 0) {
    if (hasChanges(plan.summary))
      output.out(renderText(plan, style(output.color), Date.parse(plan.createdAt)));
    else {
      // As the plan says it: the versions the children rule kept, or a reader would wonder why a
      // delete rule deleted nothing.
      const children = childrenKeptLine(plan.packages);
      output.out("No changes: the live versions match the spec.");
      if (children) output.out(escapeText(children));
    }
    return;
  }
  if (report.stoppedBy === "out of time")
    output.out(
      `${report.notStarted} ${report.notStarted === 1 ? "operation" : "operations"} left after --max-duration; run apply again to continue`,
    );
  if (report.stoppedBy === "rate limit") output.out(budgetStop(report, deadline));
  // The summary stays the last line: a person reads it first.
  output.out(summarize(report));
}

/** Why a run stopped for the budget, and when the next one can carry on. */
function budgetStop(report: ApplyReport, deadline: number | undefined): string {
  const left = report.notStarted;
  const status = report.rateLimit;
  const until = status ? ` until ${resetTime(status.resetAt)} (${status.limit} requests an hour)` : "";
  const why = deadline === undefined ? "more than two hours away" : "after --max-duration";
  return `${left} ${left === 1 ? "operation" : "operations"} left: the token's rate limit is spent${until}, ${why}; run apply again after the reset to continue`;
}
