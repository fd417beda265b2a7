import { createHash } from "node:crypto";
import { UserError } from "../model/errors.js";
import type { JournalRecord } from "../model/journal-record.js";
import type { LivePackage } from "../model/live.js";
import { packageLabel, type PackageRef } from "../model/package.js";
import type { BlockedOperation, Plan } from "../plan/types.js";
import { compileSelector } from "../select/selector.js";
import type { PackageSpec, Spec } from "../spec/types.js";
import { applyPlan, type ApplyReport, type ApplyRequestOptions, type ApplyWorld } from "./apply.js";
import { planSpec } from "./plan.js";
import type { RunPorts } from "./ports.js";
import { findRun, journalRuns, undoable, type RunSummary, type Undoable } from "../model/runs.js";

export const WHY_UNSEEN =
  "GitHub lists it neither as active nor as deleted: deleted more than 30 days ago, or its package is gone";

/** What `ghpkg undo` (no run) shows: every run the journal knows, and whether it can still be undone. */
export function listRuns(
  ports: Pick<RunPorts, "journal">,
  nowMs: number,
): (RunSummary & { undo: Undoable })[] {
  return journalRuns(ports.journal.records()).map((run) => ({ ...run, undo: undoable(run, nowMs) }));
}

export interface UndoRequest extends ApplyRequestOptions {
  /** The run to undo: its id, or a prefix only it has. */
  readonly run: string;
  readonly nowMs: number;
}

export interface UndoWorld extends Pick<ApplyWorld, "confirm" | "sending" | "onResult" | "timer"> {
  connect(): RunPorts;
}

export interface Undone {
  /** The run undone, as the journal tells it. */
  readonly run: RunSummary;
  /** Restores of what it deleted that is still deleted, children before their images; blocked what cannot come back. */
  readonly plan: Plan;
  /** What this undo run did (itself a run, with its own id and journal lines). */
  readonly report: ApplyReport;
  /** Per package, the ids restored: the spec still says to delete them, unless it is told to keep them. */
  readonly keep: readonly { readonly ref: PackageRef; readonly ids: readonly number[] }[];
}

/**
 * `ghpkg undo RUN`: every version that run deleted and that is still deleted is restored, with apply's
 * guarantees (the lock, the journal, pacing, Ctrl-C). It is a plan like any other: a keep by id of
 * each version the run deleted, so the live state decides (a version restored since stays as it is),
 * whole images come back (children follow their parents back, restored first), and what GitHub will
 * not restore (more than 30 days) is blocked with the reason.
 */
export async function undoRun(world: UndoWorld, request: UndoRequest): Promise<Undone> {
  const ports = world.connect();
  const lock = ports.journal.lock();
  try {
    let run: RunSummary;
    try {
      run = findRun(journalRuns(ports.journal.records()), request.run);
    } catch (error) {
      throw new UserError(`cannot undo: ${(error as Error).message}`, { cause: error });
    }
    const spec = undoSpec(run, ports.journal.path);
    const { plan: planned, live } = await planSpec(ports, {
      spec,
      nowMs: request.nowMs,
      concurrency: request.concurrency,
      apiUrl: ports.apiUrl,
      specPaths: [],
    });
    const plan = withUnseen(renamed(planned, run), run, live);
    const report = await applyPlan(ports, plan, request, world);
    return { run, plan, report, keep: restoredIds(report) };
  } finally {
    lock.release();
  }
}

const ORIGIN = "undo";

/** A keep by id of each version the run deleted, per package: nothing else is governed. */
function undoSpec(run: RunSummary, journalPath: string): Spec {
  const byPackage = new Map<string, { ref: PackageRef; ids: number[]; line: number }>();
  for (const record of run.deletes) {
    const label = packageLabel(record.ref);
    const entry = byPackage.get(label) ?? { ref: record.ref, ids: [], line: record.line };
    entry.ids.push(record.versionId);
    byPackage.set(label, entry);
  }
  const packages = [...byPackage.values()].map(({ ref, ids, line }): PackageSpec => ({
    ...ref,
    keep: [compileSelector({ id: ids }, ORIGIN)],
    delete: [],
    unmatched: "ignore",
    at: { file: journalPath, line, column: 1 },
  }));
  const digest = createHash("sha256").update(`undo ${run.id}`).digest("hex");
  return { files: [], packages, digest: `sha256:${digest}` };
}

/** `undo: id 1, 2, 3, …` would list every id on every line: each says which run deleted it instead. */
function renamed(plan: Plan, run: RunSummary): Plan {
  const reason = `undo: deleted by run ${run.id}`;
  const rename = <T extends { reason: string }>(op: T): T =>
    op.reason.startsWith(`${ORIGIN}:`) ? { ...op, reason } : op;
  return { ...plan, operations: plan.operations.map(rename), blocked: plan.blocked.map(rename) };
}

/**
 * A version the run deleted that GitHub shows neither active nor deleted cannot be restored: it is
 * blocked with the reason, so the undo says what will not come back rather than leaving it out.
 */
function withUnseen(plan: Plan, run: RunSummary, live: readonly LivePackage[]): Plan {
  const seen = new Map(live.map((pkg) => [packageLabel(pkg.ref), new Set(pkg.versions.map((v) => v.id))]));
  const unseen = run.deletes.filter((r) => !seen.get(packageLabel(r.ref))?.has(r.versionId));
  if (unseen.length === 0) return plan;
  const blocked = [...plan.blocked, ...unseen.map((r) => blockedRestore(r, run))];
  const more = (ref: PackageRef) => unseen.filter((r) => packageLabel(r.ref) === packageLabel(ref)).length;
  return {
    ...plan,
    blocked,
    summary: { ...plan.summary, blocked: plan.summary.blocked + unseen.length },
    packages: plan.packages.map((p) => ({ ...p, blocked: p.blocked + more(p.ref) })),
  };
}

function blockedRestore(record: JournalRecord, run: RunSummary): BlockedOperation {
  return {
    action: "restore",
    ref: record.ref,
    version: {
      id: record.versionId,
      name: record.versionName,
      tags: record.tags,
      createdAt: record.versionCreatedAt,
      deletedAt: record.time,
      state: "deleted",
    },
    reason: `undo: deleted by run ${run.id}`,
    ...(record.parentId === undefined ? {} : { parentId: record.parentId }),
    why: WHY_UNSEEN,
  };
}

function restoredIds(report: ApplyReport): Undone["keep"] {
  const byPackage = new Map<string, { ref: PackageRef; ids: number[] }>();
  for (const { operation, outcome } of report.results) {
    if (outcome !== "done" || operation.action !== "restore") continue;
    const label = packageLabel(operation.ref);
    const entry = byPackage.get(label) ?? { ref: operation.ref, ids: [] };
    entry.ids.push(operation.version.id);
    byPackage.set(label, entry);
  }
  return [...byPackage.values()].map(({ ref, ids }) => ({ ref, ids: ids.sort((a, b) => a - b) }));
}
