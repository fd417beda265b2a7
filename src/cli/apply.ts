import { randomUUID } from "node:crypto";
import type { Command } from "commander";
import type { OperationResult } from "../apply/apply.js";
import { assertCanAsk, confirm } from "../apply/confirm.js";
import { defaultJournalPath, openJournal } from "../apply/journal.js";
import { readPlanFile } from "../apply/plan-file.js";
import { locateSpecPaths } from "../apply/spec-location.js";
import { UserError } from "../model/errors.js";
import { hasTags, packageLabel } from "../model/package.js";
import { shortName } from "../model/version.js";
import type { PackageSource } from "../live/source.js";
import type { Plan } from "../plan/types.js";
import { applyPlan, type ApplyReport } from "../reconcile/apply.js";
import { planSpec } from "../reconcile/plan.js";
import { recheckSavedPlan } from "../reconcile/saved-plan.js";
import { tagList } from "../render/label.js";
import { style } from "../render/style.js";
import { hasChanges } from "../render/summary.js";
import { renderText } from "../render/text.js";
import { loadSpec } from "../spec/load.js";
import type { GlobalContext } from "./context.js";
import { instant, positiveNumber, wholeNumber } from "./flags.js";
import type { Output } from "./output.js";
import { specOption, specPaths } from "./spec-option.js";

interface ApplyFlags {
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

export function registerApply(program: Command, context: GlobalContext): void {
  program
    .command("apply")
    .description(
      "carry out a saved plan only if it is still exactly what the spec asks, or plan and apply the spec in one go",
    )
    .argument(
      "[planfile]",
      "a plan saved by `ghpkg plan --out`: checked against schemas/ghpkg-plan.schema.json, made again from the spec and the live state as at its created_at, and refused whole, sending nothing, on any difference",
    )
    .addOption(specOption())
    .option("--yes", "apply without asking")
    .option("--concurrency <n>", "packages read and changed at once", positiveNumber, 8)
    .option(
      "--max-deletes <n>",
      "refuse, changing nothing, when the plan deletes more than N versions",
      wholeNumber,
    )
    .option(
      "--journal <file>",
      "journal of every operation (default: .ghpkg/journal.jsonl beside the first spec)",
    )
    .option("--now <time>", "with -f: plan as if it were this ISO 8601 time", instant)
    .option(
      "--write-interval <ms>",
      "pause between two deletes or restores (0 for the sandbox)",
      wholeNumber,
      1000,
    )
    .addHelpText(
      "after",
      `
A saved plan is applied only when planning again gives exactly its operations (the same action on
the same versions, as written) and the spec still hashes to its spec_digest; otherwise apply lists
the differences and exits 1. Without -f, the spec is read from the plan's spec_paths, relative to
the working directory or else to the plan file's folder (if both exist and differ, pass -f).
Images deleted by an earlier run that stopped half-way (the journal says so) lose their children
now: reason "child of <image> (deleted earlier)".

Examples:
  ghpkg plan -f ghpkg.yaml --out plan.json && ghpkg apply plan.json
  ghpkg apply -f ghpkg.yaml --yes --max-deletes 50`,
    )
    .action(async (planfile: string | undefined, flags: ApplyFlags) => {
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
        if (!stopping)
          output.err("stopping: no new operations start; those under way finish and are journaled");
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
    });
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
  const { connection, source, ports } = context.connect({
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

/**
 * A saved plan is applied only if it is still exactly what the spec asks: it is checked against the
 * plan's schema, made again from the spec and the live state, and refused whole on any difference.
 * What is carried out is the plan made again, identical by then, so nothing is taken from the file alone.
 */
async function checkSavedPlan(context: GlobalContext, planfile: string, flags: ApplyFlags): Promise<ToApply> {
  const saved = readPlanFile(planfile);
  const spec = loadSpec(flags.file && flags.file.length > 0 ? flags.file : locateSpecPaths(saved, planfile));
  const journalPath = flags.journal ?? defaultJournalPath(spec.files);
  const { connection, source, ports } = context.connect({
    journalPath,
    concurrency: flags.concurrency,
    writeIntervalMs: flags.writeInterval,
    progress: false,
  });
  const { differences, plan } = await recheckSavedPlan(ports, saved, {
    spec,
    apiUrl: connection.apiUrl,
    concurrency: flags.concurrency,
  });
  if (differences.length > 0 || !plan)
    throw new UserError(
      `refusing the saved plan ${planfile}: it is no longer exactly what the spec asks of the live state; nothing was changed. Make a new plan with ghpkg plan --out. The differences:\n${differences.map((r) => `  - ${r}`).join("\n")}`,
    );
  return { plan, journalPath, nowMs: Date.parse(saved.createdAt), source };
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
