import type { CliRun } from "./run-cli.js";

export interface ApplyFailure {
  /** `delete octocat/container/web sha256:0123456789ab… [untagged]`, as ghpkg names the operation. */
  readonly operation: string;
  /** GitHub's reason, as ghpkg reported it. */
  readonly reason: string;
}

/** What `ghpkg apply` did, read back from what it printed. */
export interface ApplyReport {
  /** ghpkg's own summary line (`Apply: 3 deleted, 0 restored, 1 failed.`), when it got that far. */
  readonly summary: string | undefined;
  readonly deleted: number;
  readonly restored: number;
  readonly failed: number;
  /** Operations not started: stopped by --max-duration or a cancel; the next run carries on. */
  readonly left: number;
  readonly failures: readonly ApplyFailure[];
  /** Why nothing was applied at all (a refused or stale plan, --max-deletes, a bad spec). */
  readonly error: string | undefined;
}

/**
 * Reads ghpkg's final summary line and its `failed:` lines. The text is what ghpkg promises its
 * users, so it is read loosely (each count on its own) and a count that is missing reads as 0.
 */
export function parseApplyOutput(run: CliRun): ApplyReport {
  const summary = run.stdout
    .split("\n")
    .reverse()
    .find((line) => line.startsWith("Apply: "));
  const count = (what: RegExp) => Number(summary?.match(what)?.[1] ?? 0);
  const failures = run.stderr.split("\n").flatMap((line) => {
    const failed = /^failed: (.*?): (.*)$/.exec(line);
    return failed ? [{ operation: failed[1] ?? "", reason: failed[2] ?? "" }] : [];
  });
  const errors = run.stderr
    .split("\n")
    .filter((line) => line.startsWith("error: "))
    .map((line) => line.slice("error: ".length));
  return {
    summary: summary?.replace(/ Journal: .*$/, ""),
    deleted: count(/(\d+) deleted/),
    restored: count(/(\d+) restored/),
    failed: count(/(\d+) failed/),
    left: count(/(\d+) (?:not started|left)/),
    failures,
    error: errors.length > 0 ? errors.join(" ") : undefined,
  };
}

const MAX_FAILURE_ROWS = 1000;
const MAX_REASON = 500;

/** The job summary of an apply: counts, each failure with GitHub's reason, and what was left. */
export function renderApplyReport(report: ApplyReport, code: number): string {
  const out = ["### ghpkg apply", ""];
  if (report.summary === undefined) {
    out.push(
      code === 0
        ? "**No changes:** the live versions match the spec."
        : `**Not applied:** ${cell(report.error ?? "ghpkg stopped before applying; the step's log says why")}`,
    );
    return `${out.join("\n")}\n`;
  }
  out.push(`**${cell(report.summary)}**`, "");
  out.push("| Deleted | Restored | Failed | Left for the next run |", "|---:|---:|---:|---:|");
  out.push(`| ${report.deleted} | ${report.restored} | ${report.failed} | ${report.left} |`);
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
