import type { Plan } from "../plan/types.js";
import { allLines, markdownParts } from "./markdown.js";

export interface MarkdownBudget {
  /** The most the text may measure, its final newline included. It must hold the head and the last line. */
  readonly limit: number;
  /** How the limit counts: `characters` for a comment, `utf8Bytes` for a job summary. */
  readonly measure: (text: string) => number;
  /** Where the whole plan can be read, for the line that says what was left out: `the saved plan file`. */
  readonly whereTheRestIs: string;
}

/** GitHub's limits: a comment body holds 65,536 characters, a step's job summary 1 MiB. */
export const COMMENT_LIMIT = 65_536;
export const JOB_SUMMARY_LIMIT = 1024 * 1024;

// UTF-16 code units: never fewer than the characters GitHub counts, so the comment always fits.
export const characters = (text: string): number => text.length;
export const utf8Bytes = (text: string): number => Buffer.byteLength(text, "utf8");

export interface BudgetedMarkdown {
  readonly markdown: string;
  /** False when operations (or table rows) were left out to fit. */
  readonly complete: boolean;
}

/**
 * The Markdown plan cut to fit a budget: the summary line and the per-package table first (a
 * reviewer's first question is "how much, and where?"), then each package's operations until the
 * budget is used, then one line saying how many more there are and where the whole plan is. A plan
 * that fits is exactly `renderMarkdown`'s.
 */
export function renderMarkdownWithin(plan: Plan, nowMs: number, budget: MarkdownBudget): BudgetedMarkdown {
  const parts = markdownParts(plan, nowMs);
  const size = (lines: readonly string[]) => lines.reduce((n, line) => n + budget.measure(line) + 1, 0);
  const all = allLines(parts);
  // renderMarkdown's text, measured line by line rather than rendered twice: plans can be large.
  if (size(all) <= budget.limit) return { markdown: `${all.join("\n")}\n`, complete: true };

  const totalRows = parts.sections.reduce((n, s) => n + s.rows.length, 0);
  const totalBlocked = parts.sections.reduce((n, s) => n + s.blocked, 0);
  const left = {
    packages: parts.tableRows.length,
    operations: totalRows - totalBlocked,
    blocked: totalBlocked,
  };
  // Counts only shrink as rows are shown, so the last line with every count at its total is the most it takes.
  const reserve = size(["", leftOutLine(left, budget.whereTheRestIs)]) + size(["", "</details>"]);

  const out: string[] = [];
  let used = 0;
  const fits = (lines: readonly string[], after = 0) => used + size(lines) + after + reserve <= budget.limit;
  const add = (lines: readonly string[]) => {
    out.push(...lines);
    used += size(lines);
  };

  add([...parts.head, ...parts.tableHeader]);
  for (const row of parts.tableRows) {
    if (!fits([row])) break;
    add([row]);
    left.packages--;
  }
  // The storage chart is a picture of the table: shown whole when it fits, else left to the full plan.
  if (left.packages === 0 && parts.storage.length > 0 && fits(parts.storage)) add(parts.storage);
  if (left.packages === 0)
    for (const section of parts.sections) {
      const close = size(section.close);
      if (section.rows.length === 0 || !fits([...section.open, section.rows[0] ?? ""], close)) break;
      add(section.open);
      let rows = 0;
      for (const row of section.rows) {
        if (!fits([row], close)) break;
        add([row]);
        rows++;
      }
      add(section.close);
      const operations = section.rows.length - section.blocked;
      left.operations -= Math.min(rows, operations);
      left.blocked -= Math.max(0, rows - operations);
      // Rows are shown in order or not at all: a later, shorter row must not slip in after a cut.
      if (rows < section.rows.length) break;
    }
  add(["", leftOutLine(left, budget.whereTheRestIs)]);
  return { markdown: `${out.join("\n")}\n`, complete: false };
}

interface LeftOut {
  packages: number;
  operations: number;
  blocked: number;
}

/** `… and 19980 more operations (the full plan is in the job summary).` */
function leftOutLine(left: LeftOut, where: string): string {
  const parts = [
    left.packages > 0 && `${left.packages} more ${left.packages === 1 ? "package" : "packages"} in the table`,
    left.operations > 0 && `${left.operations} more ${left.operations === 1 ? "operation" : "operations"}`,
    left.blocked > 0 && `${left.blocked} more blocked ${left.blocked === 1 ? "operation" : "operations"}`,
  ].filter((p): p is string => typeof p === "string");
  const what = parts.length > 1 ? `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}` : (parts[0] ?? "");
  return `**… and ${what}** (the full plan is in ${where}).`;
}
