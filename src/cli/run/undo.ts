import { existsSync } from "node:fs";
import { realTimer } from "../../apply/timer.js";
import { UserError } from "../../model/errors.js";
import { defaultJournalPath } from "../../journal/journal.js";
import { fileJournal } from "../../journal/store.js";
import { newRunId } from "../../reconcile/run-id.js";
import { listRuns, undoRun } from "../../reconcile/undo.js";
import { renderJson } from "../../render/json.js";
import { renderMarkdown } from "../../render/markdown.js";
import { renderKeepLines, renderRunsJson, renderRunsMarkdown, renderRunsText } from "../../render/runs.js";
import { style } from "../../render/style.js";
import { renderText } from "../../render/text.js";
import { findSpecFiles } from "../../spec/find.js";
import { checkOutFile } from "../../files/replace-file.js";
import { connecting } from "../connect.js";
import type { GlobalContext } from "../context.js";
import { specPaths } from "../flags/spec-option.js";
import { REPORT_OUT, writeReportFile } from "../report-file.js";
import { INTERRUPTED_EXIT, interrupts } from "../terminal/interrupts.js";
import { approve, operationCount, reportResult, summarize } from "../terminal/run-lines.js";

export interface UndoFlags {
  file?: string[];
  journal?: string;
  yes?: boolean;
  format: "text" | "json" | "markdown";
  writeInterval: number;
  concurrency: number;
  now?: number;
  report?: string;
}

/** `ghpkg undo [RUN]`: the runs the journal knows, or the undo of one (reconcile/undo.ts). */
export async function runUndo(
  global: GlobalContext,
  run: string | undefined,
  flags: UndoFlags,
): Promise<void> {
  const output = global.output();
  const nowMs = flags.now ?? Date.now();
  const journalPath = flags.journal ?? journalBesideSpec(flags.file);
  if (!existsSync(journalPath))
    output.err(`note: there is no journal at ${journalPath}: pass --journal, or -f the spec it sits beside`);
  if (run === undefined) {
    const runs = listRuns({ journal: fileJournal(journalPath) }, nowMs);
    output.out(
      flags.format === "json"
        ? renderRunsJson(runs)
        : flags.format === "markdown"
          ? renderRunsMarkdown(runs)
          : renderRunsText(runs, nowMs, journalPath),
    );
    return;
  }
  if (flags.report !== undefined) checkOutFile(flags.report, REPORT_OUT, []);
  const context = connecting(global);
  const ctrlC = interrupts(output);
  const runId = newRunId(new Date());
  // The plan goes to stdout in the format asked; with JSON or Markdown, what the run says goes to stderr.
  const say = (text: string) => (flags.format === "text" ? output.out(text) : output.err(text));
  try {
    const undone = await undoRun(
      {
        connect: () =>
          context.connect({ journalPath, concurrency: flags.concurrency, progress: flags.format === "text" })
            .ports,
        confirm: (plan) => {
          const nowPlanned = Date.parse(plan.createdAt);
          output.out(
            flags.format === "json"
              ? renderJson(plan)
              : flags.format === "markdown"
                ? renderMarkdown(plan, nowPlanned)
                : renderText(plan, style(output.color), nowPlanned),
          );
          return approve(plan, flags.yes, output, true);
        },
        sending: (plan) => {
          if (!output.quiet) say(`Undo run ${runId}: ${operationCount(plan)}.`);
          return ctrlC.sending();
        },
        onResult: (result) => reportResult(output, result, say),
        timer: realTimer,
      },
      { run, nowMs, concurrency: flags.concurrency, writeIntervalMs: flags.writeInterval, runId },
    ).catch((error: unknown) => {
      if (flags.report !== undefined)
        try {
          writeReportFile(flags.report, { runId, error });
        } catch {
          // the undo's own error is the one to report
        }
      throw error;
    });
    if (flags.report !== undefined) writeReportFile(flags.report, { runId, report: undone.report });
    const { plan, report } = undone;
    if (plan.operations.length === 0) {
      const nowPlanned = Date.parse(plan.createdAt);
      if (flags.format === "json") output.out(renderJson(plan));
      else if (flags.format === "markdown") output.out(renderMarkdown(plan, nowPlanned));
      else if (plan.blocked.length > 0) output.out(renderText(plan, style(output.color), nowPlanned));
      if (plan.blocked.length === 0)
        say(`Nothing to undo: every version run ${undone.run.id} deleted and that can come back is active.`);
    } else {
      say(summarize(report, "Undo"));
      const keep = renderKeepLines(undone.keep);
      if (keep) say(`\n${keep}`);
      if (report.journalError)
        throw new UserError(
          `${report.journalError.message}; nothing more was sent (what was done is listed above)`,
          {
            cause: report.journalError,
          },
        );
    }
    // An undo that cannot bring everything back has not done what was asked: it says so, and fails.
    if (plan.blocked.length > 0)
      output.err(
        `not undone in full: ${plan.blocked.length} ${plan.blocked.length === 1 ? "version cannot" : "versions cannot"} come back (blocked above, each with the reason)`,
      );
    process.exitCode = ctrlC.interrupted()
      ? INTERRUPTED_EXIT
      : report.failed > 0 || plan.blocked.length > 0
        ? 1
        : 0;
  } finally {
    ctrlC.end();
  }
}

/** Where apply would have journaled: beside the spec's first file (found without reading the spec). */
function journalBesideSpec(file: string[] | undefined): string {
  const paths = specPaths(file);
  const files = findSpecFiles(paths, []);
  return defaultJournalPath(files.length > 0 ? files : paths);
}
