import { randomUUID } from "node:crypto";
import type { OperationResult } from "../apply/apply.js";
import { assertCanAsk, confirm } from "../apply/confirm.js";
import { defaultJournalPath, openJournal } from "../apply/journal.js";
import { readPlanFile } from "../apply/plan-file.js";
import { UserError } from "../model/errors.js";
import { hasTags, packageLabel } from "../model/package.js";
import { shortName } from "../model/version.js";
import type { PackageSource } from "../live/source.js";
import type { Plan } from "../plan/types.js";
import { applyPlan, type ApplyReport } from "../reconcile/apply.js";
import { planSpec } from "../reconcile/plan.js";
import { savedPlanProblems } from "../reconcile/saved-plan.js";
import { tagList } from "../render/label.js";
import { style } from "../render/style.js";
import { hasChanges } from "../render/summary.js";
import { renderText } from "../render/text.js";
import { loadSpec } from "../spec/load.js";
import type { GlobalContext } from "./context.js";
import { connect } from "./connect.js";
import type { Output } from "./output.js";
import { specPaths } from "./spec-option.js";

export interface ApplyFlags {
  file?: string[];
  yes?: boolean;
  concurrency: number;
  maxDeletes?: number;
  journal?: string;
  now?: number;
  writeInterval: number;
}

/** Ctrl-C: no new operation starts; those in flight finish and are journaled. */
const INTERRUPTED_EXIT = 130;

export async function runApply(
  context: GlobalContext,
  planfile: string | undefined,
  flags: ApplyFlags,
): Promise<void> {
  const output = context.output();
  const { plan, journalPath, nowMs, source } = planfile
    ? await checkSavedPlan(context, planfile, flags)
    : await planNow(context, flags);
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
  let stopping = false;
  const stop = () => {
    if (!stopping) output.err("stopping: no new operations start; those under way finish and are journaled");
    stopping = true;
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  const journal = openJournal(journalPath, randomUUID());
  try {
    const report = await applyPlan({ source, journal }, plan, {
      concurrency: flags.concurrency,
      stopping: () => stopping,
      onResult: (result) => reportResult(output, result),
    });
    output.out(summarize(report, journalPath));
    process.exitCode = stopping ? INTERRUPTED_EXIT : report.failed > 0 ? 1 : 0;
  } finally {
    journal.close();
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
  }
}

interface ToApply {
  readonly plan: Plan;
  readonly journalPath: string;
  readonly nowMs: number;
  readonly source: PackageSource;
}

async function planNow(context: GlobalContext, flags: ApplyFlags): Promise<ToApply> {
  const nowMs = flags.now ?? Date.now();
  const paths = specPaths(flags.file);
  const spec = loadSpec(paths);
  const journalPath = flags.journal ?? defaultJournalPath(spec.files);
  const { connection, source, ports } = connect(context, {
    journalPath,
    concurrency: flags.concurrency,
    writeIntervalMs: flags.writeInterval,
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

/** A saved plan is applied only as it stands: anything that moved refuses the whole plan. */
async function checkSavedPlan(context: GlobalContext, planfile: string, flags: ApplyFlags): Promise<ToApply> {
  const plan = readPlanFile(planfile);
  const spec = loadSpec(flags.file && flags.file.length > 0 ? flags.file : plan.specPaths);
  const journalPath = flags.journal ?? defaultJournalPath(spec.files);
  const { connection, source, ports } = connect(context, {
    journalPath,
    concurrency: flags.concurrency,
    writeIntervalMs: flags.writeInterval,
    progress: false,
  });
  const problems = await savedPlanProblems(ports, plan, {
    spec,
    apiUrl: connection.apiUrl,
    concurrency: flags.concurrency,
  });
  if (problems.length > 0)
    throw new UserError(
      `refusing the stale plan ${planfile}; nothing was changed. Make a new plan. What changed:\n${problems.map((r) => `  - ${r}`).join("\n")}`,
    );
  return { plan, journalPath, nowMs: Date.parse(plan.createdAt), source };
}

function reportResult(output: Output, { operation: op, outcome, message }: OperationResult): void {
  const what = `${op.action} ${packageLabel(op.ref)} ${shortName(op.version.name)}${hasTags(op.ref.type) ? ` [${tagList(op.version.tags)}]` : ""}`;
  if (outcome === "failed") output.err(`failed: ${what}: ${message ?? ""}`);
  else if (outcome === "skipped" && message) output.err(`skipped: ${what}: ${message}`);
  else if (outcome === "done" && !output.quiet) output.out(`done: ${what}${message ? ` (${message})` : ""}`);
}

function summarize(report: ApplyReport, journalPath: string): string {
  const { deleted, restored, failed, notStarted } = report;
  return `Apply: ${deleted} deleted, ${restored} restored, ${failed} failed${notStarted ? `, ${notStarted} not started` : ""}. Journal: ${journalPath}`;
}
