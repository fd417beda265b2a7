import type { PackageRef } from "../model/package.js";
import { packageLabel } from "../model/package.js";
import type { RunSummary, Undoable } from "../model/runs.js";
import { escapeText, markdownCode } from "./escape.js";
import { age } from "./label.js";

export type RunRow = RunSummary & { readonly undo: Undoable };

/** `ghpkg undo` (no run): the runs the journal knows, newest last, and whether each can be undone. */
export function renderRunsText(runs: readonly RunRow[], nowMs: number, journal: string): string {
  if (runs.length === 0) return `The journal ${journal} holds no run.\n`;
  const rows = runs.map((run) => [
    escapeText(run.beforeIds ? `${run.id} (before run ids)` : run.id),
    `${escapeText(run.startedAt).replace(/\.\d+Z$/, "Z")} (${age(run.startedAt, nowMs)} ago)`,
    String(run.deleted),
    String(run.restored),
    String(run.failed),
    undoWords(run),
  ]);
  const header = ["RUN", "STARTED", "DELETED", "RESTORED", "FAILED", "UNDO"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join("  ");
  return `${[line(header), ...rows.map(line)].join("\n")}\n\nUndo one with: ghpkg undo RUN (a prefix of its id will do)\n`;
}

export function renderRunsMarkdown(runs: readonly RunRow[]): string {
  const out = [
    "### ghpkg runs",
    "",
    "| Run | Started | Deleted | Restored | Failed | Undo |",
    "|---|---|---:|---:|---:|---|",
  ];
  for (const run of runs)
    out.push(
      `| ${markdownCode(run.id)}${run.beforeIds ? " (before run ids)" : ""} | ${markdownCode(run.startedAt)} | ${run.deleted} | ${run.restored} | ${run.failed} | ${undoWords(run)} |`,
    );
  if (runs.length === 0) out.push("", "The journal holds no run.");
  return `${out.join("\n")}\n`;
}

export function renderRunsJson(runs: readonly RunRow[]): string {
  const json = runs.map((run) => ({
    run_id: run.id,
    before_run_ids: run.beforeIds,
    started_at: run.startedAt,
    ended_at: run.endedAt,
    deleted: run.deleted,
    restored: run.restored,
    failed: run.failed,
    undo: run.undo.state,
    past_30_days: run.undo.tooOld,
  }));
  return `${JSON.stringify(json, null, 2)}\n`;
}

function undoWords({ undo }: RunRow): string {
  switch (undo.state) {
    case "in full":
      return "in full";
    case "partly":
      return `partly: ${undo.tooOld} deleted more than 30 days ago`;
    case "no":
      return "no: deleted more than 30 days ago";
    case "nothing deleted":
      return "nothing to undo";
  }
}

/**
 * After an undo: the spec still says to delete what came back, so the next plan would delete it
 * again. These are the lines that stop it, to add to each package's entry.
 */
export function renderKeepLines(
  keep: readonly { readonly ref: PackageRef; readonly ids: readonly number[] }[],
): string {
  if (keep.length === 0) return "";
  const out = [
    "The spec still says to delete what came back: add these keeps, or the next plan deletes it again.",
  ];
  for (const { ref, ids } of keep)
    out.push("", `# ${escapeText(packageLabel(ref))}`, "keep:", `  - id: [${ids.join(", ")}]`);
  return `${out.join("\n")}\n`;
}
