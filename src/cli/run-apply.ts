import { randomUUID } from "node:crypto";
import type { OperationResult } from "../apply/apply.js";
import { assertCanAsk, confirm } from "../apply/confirm.js";
import { defaultJournalPath, openJournal } from "../apply/journal.js";
import { realTimer } from "../apply/timer.js";
import { readPlanFile } from "../apply/plan-file.js";
import { locateSpecPaths } from "../apply/spec-location.js";
import { UserError } from "../model/errors.js";
import { redactor } from "../model/redact.js";
import { hasTags, packageLabel } from "../model/package.js";
import type { PackageSource } from "../live/source.js";
import type { Plan } from "../plan/types.js";
import { applyPlan, type ApplyReport } from "../reconcile/apply.js";
import { planSpec } from "../reconcile/plan.js";
import { recheckSavedPlan } from "../reconcile/saved-plan.js";
import { escapeText } from "../render/escape.js";
import { shownName, tagList } from "../render/label.js";
import { style } from "../render/style.js";
import { hasChanges } from "../render/summary.js";
import { renderText } from "../render/text.js";
import { loadSpec } from "../spec/load.js";
import type { GlobalContext } from "./context.js";
import { connecting, type ConnectingContext } from "./connect.js";
import type { Output } from "./output.js";
import { specPaths } from "./spec-option.js";
import { applyRun, INTERRUPTED_EXIT, lockingContext } from "./apply-run.js";

export interface ApplyFlags {
  file?: string[];
  yes?: boolean;
  concurrency: number;
  maxDeletes?: number;
  maxDuration?: number;
  journal?: string;
  now?: number;
  writeInterval: number;
}

export async function runApply(
  global: GlobalContext,
  planfile: string | undefined,
  flags: ApplyFlags,
): Promise<void> {
  const context = connecting(global);
  const startedAt = realTimer.now();
  const output = context.output();
  const redact = redactor([process.env.GITHUB_TOKEN, process.env.GH_TOKEN]);
  const run = applyRun(output);
  try {
    const locked = lockingContext(context, run);
    const { plan, journalPath, nowMs, source } = planfile
      ? await checkSavedPlan(locked, planfile, flags)
      : await planNow(locked, flags);
    if (plan.operations.length === 0) {
      output.out(
        hasChanges(plan.summary)
          ? renderText(plan, style(output.color), nowMs)
          : "No changes: the live versions match the spec.",
      );
      return;
    }
    const deletes = plan.operations.filter((o) => o.action === "delete").length;
    const restores = plan.operations.length - deletes;
    if (flags.maxDeletes !== undefined && deletes > flags.maxDeletes)
      throw new UserError(
        `refusing the plan: it deletes ${deletes} versions, more than --max-deletes ${flags.maxDeletes}; nothing was changed`,
      );
    if (!flags.yes) {
      assertCanAsk();
      output.out(renderText(plan, style(output.color), nowMs));
      const question = `Apply ${deletes} ${deletes === 1 ? "delete" : "deletes"} and ${restores} ${restores === 1 ? "restore" : "restores"}?`;
      if (!(await confirm(question)))
        throw new UserError("not applied: the answer was not yes; nothing was changed");
    }
    const journal = openJournal(journalPath, randomUUID(), {
      redact,
      onNote: (note) => output.err(`note: ${escapeText(note)}`),
    });
    try {
      const report = await applyPlan({ source, journal }, plan, {
        concurrency: flags.concurrency,
        writeIntervalMs: flags.writeInterval,
        signal: run.sending(),
        ...(flags.maxDuration === undefined ? {} : { deadline: startedAt + flags.maxDuration }),
        onResult: (result) => reportResult(output, result),
      });
      // The summary stays the last line: the GitHub Action reads it as its `summary` output.
      if (report.stoppedBy === "out of time")
        output.out(
          `${report.notStarted} ${report.notStarted === 1 ? "operation" : "operations"} left after --max-duration; run apply again to continue`,
        );
      output.out(summarize(report, journalPath));
      if (report.journalError)
        throw new UserError(
          `${report.journalError.message}; nothing more was sent (what was done is listed above)`,
        );
      process.exitCode = run.interrupted() ? INTERRUPTED_EXIT : report.failed > 0 ? 1 : 0;
    } finally {
      journal.close();
    }
  } finally {
    run.end();
  }
}

interface ToApply {
  readonly plan: Plan;
  readonly journalPath: string;
  readonly nowMs: number;
  readonly source: PackageSource;
}

async function planNow(context: ConnectingContext, flags: ApplyFlags): Promise<ToApply> {
  const nowMs = flags.now ?? Date.now();
  const paths = specPaths(flags.file);
  const spec = loadSpec(paths);
  const journalPath = flags.journal ?? defaultJournalPath(spec.files);
  const { connection, source, ports } = context.connect({
    journalPath,
    concurrency: flags.concurrency,
    progress: true,
  });
  const { plan } = await planSpec(ports, {
    spec,
    nowMs,
    concurrency: flags.concurrency,
    apiUrl: connection.apiUrl,
    specPaths: paths,
  });
  return { plan, journalPath, nowMs, source };
}

/**
 * A saved plan is applied only if it is still exactly what the spec asks: it is checked against the
 * plan's schema, made again from the spec and the live state, and refused whole on any difference.
 * What is carried out is the plan made again, identical by then, so nothing is taken from the file alone.
 */
async function checkSavedPlan(
  context: ConnectingContext,
  planfile: string,
  flags: ApplyFlags,
): Promise<ToApply> {
  const saved = await readPlanFile(planfile);
  const spec = loadSpec(flags.file && flags.file.length > 0 ? flags.file : locateSpecPaths(saved, planfile));
  const journalPath = flags.journal ?? defaultJournalPath(spec.files);
  const { connection, source, ports } = context.connect({
    journalPath,
    concurrency: flags.concurrency,
    progress: false,
  });
  const { differences, plan } = await recheckSavedPlan(ports, saved, {
    spec,
    apiUrl: connection.apiUrl,
    concurrency: flags.concurrency,
    nowMs: flags.now ?? Date.now(),
    name: planfile,
  });
  if (differences.length > 0 || !plan)
    throw new UserError(
      `refusing the saved plan ${planfile}: it is no longer exactly what the spec asks of the live state; nothing was changed. Make a new plan with ghpkg plan --out. The differences:\n${differences.map((r) => `  - ${escapeText(r)}`).join("\n")}`,
    );
  return { plan, journalPath, nowMs: Date.parse(saved.createdAt), source };
}

function reportResult(output: Output, { operation: op, outcome, message }: OperationResult): void {
  // Names, tags and GitHub's words are shown escaped (render/escape.ts): none can fake a line.
  const what = `${op.action} ${escapeText(packageLabel(op.ref))} ${shownName(op.version.name)}${hasTags(op.ref.type) ? ` [${tagList(op.version.tags)}]` : ""}`;
  const said = message === undefined ? undefined : escapeText(message);
  if (outcome === "failed") output.err(`failed: ${what}: ${said ?? ""}`);
  else if (outcome === "skipped") output.err(`skipped: ${what}: ${said ?? ""}`);
  else if (outcome === "done" && !output.quiet) output.out(`done: ${what}${said ? ` (${said})` : ""}`);
}

function summarize(report: ApplyReport, journalPath: string): string {
  const { deleted, restored, failed, skipped, notStarted } = report;
  return `Apply: ${deleted} deleted, ${restored} restored, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}${notStarted ? `, ${notStarted} not started` : ""}. Journal: ${journalPath}`;
}
