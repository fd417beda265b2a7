import { existsSync, readFileSync } from "node:fs";
import type { ApplyReportJson } from "../reconcile/report-json.js";
import type { CliRun } from "./run-cli.js";

/** What the Action shows of an apply: read from `ghpkg apply --report`, never from what it printed. */
export interface ApplyStepReport {
  /** `Apply: 3 deleted, 0 restored, 1 failed.`; undefined when nothing was applied. */
  readonly summary: string | undefined;
  readonly deleted: number;
  readonly restored: number;
  readonly failed: number;
  /** Operations not started: stopped by --max-duration or a cancel; the next run carries on. */
  readonly left: number;
  readonly runId: string | undefined;
  readonly failures: readonly { readonly operation: string; readonly reason: string }[];
  /** Why nothing was applied at all (a refused or stale plan, --max-deletes, a bad spec). */
  readonly error: string | undefined;
}

/**
 * The report ghpkg wrote. None is there when ghpkg stopped before it could write one (a bad flag
 * in `args`, a crash): then its `error:` lines on stderr are all there is to say why.
 */
export function readApplyReport(path: string, run: CliRun): ApplyStepReport {
  const json = existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as ApplyReportJson) : undefined;
  if (!json || json.plan === null) {
    const errors = run.stderr
      .split("\n")
      .filter((line) => line.startsWith("error: "))
      .map((line) => line.slice("error: ".length));
    return {
      summary: undefined,
      deleted: 0,
      restored: 0,
      failed: 0,
      left: 0,
      runId: json?.run_id,
      failures: [],
      error: json?.error ?? (errors.length > 0 ? errors.join(" ") : undefined),
    };
  }
  const { deleted, restored, failed, skipped, not_started: left } = json.counts;
  const applied = json.operations.length > 0;
  return {
    summary: applied
      ? `Apply: ${deleted} deleted, ${restored} restored, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}${left ? `, ${left} not started` : ""}.`
      : undefined,
    deleted,
    restored,
    failed,
    left,
    runId: json.run_id,
    failures: json.operations
      .filter((op) => op.outcome === "failed")
      .map((op) => ({
        operation: `${op.action} ${op.owner}/${op.package_type}/${op.package_name} ${op.version_name}${op.tags.length > 0 ? ` [${op.tags.join(", ")}]` : ""}`,
        reason: op.message ?? "",
      })),
    error: json.error ?? undefined,
  };
}

const MAX_FAILURE_ROWS = 1000;
const MAX_REASON = 500;

/** The job summary of an apply: counts, each failure with GitHub's reason, and what was left. */
export function renderApplyReport(report: ApplyStepReport, code: number): string {
  const out = ["### ghpkg apply", ""];
  if (report.summary === undefined) {
    out.push(
      code === 0 && report.error === undefined
        ? "**No changes:** the live versions match the spec."
        : `**Not applied:** ${cell(report.error ?? "ghpkg stopped before applying; the step's log says why")}`,
    );
    return `${out.join("\n")}\n`;
  }
  out.push(`**${cell(report.summary)}**`, "");
  if (report.runId)
    out.push(
      `Run \`${cell(report.runId)}\` (\`ghpkg undo ${cell(report.runId)}\` restores what it deleted).`,
      "",
    );
  out.push("| Deleted | Restored | Failed | Left for the next run |", "|---:|---:|---:|---:|");
  out.push(`| ${report.deleted} | ${report.restored} | ${report.failed} | ${report.left} |`);
  if (report.error) out.push("", `**Stopped:** ${cell(report.error)}`);
  if (report.failures.length > 0) {
    out.push("", "#### Failed, with GitHub's reasons", "", "| Operation | Reason |", "|---|---|");
    for (const f of report.failures.slice(0, MAX_FAILURE_ROWS))
      out.push(`| \`${cell(f.operation)}\` | ${cell(f.reason)} |`);
    const more = report.failures.length - MAX_FAILURE_ROWS;
    if (more > 0) out.push("", `… and ${more} more failures (the step's log lists every one).`);
  }
  if (report.left > 0)
    out.push(
      "",
      `${report.left} ${report.left === 1 ? "operation was" : "operations were"} not started; the next run carries on where this one stopped.`,
    );
  return `${out.join("\n")}\n`;
}

// One table cell of GitHub's text: no pipe ends it, no newline ends the row, no tag renders.
const cell = (text: string) =>
  (text.length > MAX_REASON ? `${text.slice(0, MAX_REASON)}…` : text)
    .replace(/\|/g, "\\|")
    .replace(/[\r\n]+/g, " ")
    .replace(/</g, "&lt;");
