import { operationToJson, type OperationJson } from "../plan/json.js";
import type { Summary } from "../plan/types.js";
import type { ApplyReport, OperationResult, StopReason } from "./apply.js";

/*
 * What `apply --report FILE` writes (CONTRACT 2), and what the Action reads in place of apply's
 * printed lines: schemas/ghpkg-apply-report.schema.json describes it. The one place where a report's
 * names become snake_case fields.
 */

export interface OperationOutcomeJson extends OperationJson {
  /** done; failed (GitHub's message says why); skipped (a delete above it failed); not sent (the run stopped first). */
  readonly outcome: OperationResult["outcome"];
  readonly message?: string;
}

export interface ApplyReportJson {
  readonly format_version: 1;
  readonly run_id: string;
  /** Where the run's lines are, for `ghpkg undo`; null when it stopped before choosing one. */
  readonly journal: string | null;
  /** The plan carried out; null when apply stopped before it had one. */
  readonly plan: {
    readonly created_at: string;
    readonly spec_digest: string;
    readonly api_url: string;
    readonly summary: Summary;
  } | null;
  readonly counts: {
    readonly deleted: number;
    readonly restored: number;
    readonly failed: number;
    readonly skipped: number;
    /** Left for the next run: not sent because the run stopped first. */
    readonly not_started: number;
  };
  /** Why the run stopped before the end of its plan; null when it did not. */
  readonly stopped_by: StopReason | null;
  /** Why nothing (or not everything) was applied: a refused plan, a bad spec, a journal that cannot be written. */
  readonly error: string | null;
  /** Every operation of the plan, in its order, with what became of it. */
  readonly operations: readonly OperationOutcomeJson[];
}

export function reportToJson(report: ApplyReport): ApplyReportJson {
  const { plan } = report;
  const outcome = new Map(report.results.map((r) => [r.operation, r]));
  return {
    format_version: 1,
    run_id: report.runId,
    journal: report.journalPath,
    plan: {
      created_at: plan.createdAt,
      spec_digest: plan.specDigest,
      api_url: plan.apiUrl,
      summary: plan.summary,
    },
    counts: {
      deleted: report.deleted,
      restored: report.restored,
      failed: report.failed,
      skipped: report.skipped,
      not_started: report.notStarted,
    },
    stopped_by: report.stoppedBy ?? null,
    error: report.journalError?.message ?? null,
    operations: plan.operations.map((op) => {
      const result = outcome.get(op);
      return {
        ...operationToJson(op),
        outcome: result?.outcome ?? "not sent",
        ...(result?.message === undefined ? {} : { message: result.message }),
      };
    }),
  };
}

/** The report of a run that applied nothing: why, in one line. */
export function refusalToJson(runId: string, message: string): ApplyReportJson {
  return {
    format_version: 1,
    run_id: runId,
    journal: null,
    plan: null,
    counts: { deleted: 0, restored: 0, failed: 0, skipped: 0, not_started: 0 },
    stopped_by: null,
    error: message,
    operations: [],
  };
}
