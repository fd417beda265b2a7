import { realTimer } from "../../apply/timer.js";
import { checkOutFile } from "../../files/replace-file.js";
import { defaultJournalPath } from "../../journal/journal.js";
import { UserError } from "../../model/errors.js";
import { applySpec, type ApplyReport } from "../../reconcile/apply.js";
import { newRunId } from "../../reconcile/run-id.js";
import { style } from "../../render/style.js";
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
          confirm: (plan) => approve(plan, flags.yes, output),
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
