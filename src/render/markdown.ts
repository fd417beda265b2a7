import type { Plan } from "../plan/types.js";
import { explainBlocked } from "./blocked-hint.js";
import { asTree, changesByPackage } from "./by-package.js";
import { htmlText, markdownCode, markdownText } from "./escape.js";
import { age } from "./label.js";
import { preambleLines } from "./preamble.js";
import { hasChanges, summaryLine } from "./summary.js";
import { hasTags, packageLabel } from "../model/package.js";
import { shortName } from "../model/version.js";

// Text from a spec or from GitHub goes into code spans (names, tags, reasons) or is escaped as prose
// (render/escape.ts): no name can end a table cell or a row, or become a link, an image or markup.

/** One package's collapsible section: the lines before its rows, one line per operation, the lines after. */
export interface MarkdownSection {
  readonly open: readonly string[];
  readonly rows: readonly string[];
  /** How many of the rows are blocked operations (they come last). */
  readonly blocked: number;
  readonly close: readonly string[];
}

/** The Markdown plan in pieces, so a renderer with a size budget can stop between any two rows. */
export interface MarkdownParts {
  /** The title and the summary line (with no changes, the whole plan). */
  readonly head: readonly string[];
  /** The per-package summary table's header and rows. */
  readonly tableHeader: readonly string[];
  readonly tableRows: readonly string[];
  readonly sections: readonly MarkdownSection[];
}

/** For a pull-request comment: a summary table, then one collapsible section per package. */
export function renderMarkdown(plan: Plan, nowMs: number): string {
  return `${allLines(markdownParts(plan, nowMs)).join("\n")}\n`;
}

/** Every line of the Markdown plan, in order. */
export function allLines(parts: MarkdownParts): string[] {
  return [
    ...parts.head,
    ...parts.tableHeader,
    ...parts.tableRows,
    ...parts.sections.flatMap((s) => [...s.open, ...s.rows, ...s.close]),
  ];
}

export function markdownParts(plan: Plan, nowMs: number): MarkdownParts {
  // Pattern matches and notes, as a list after the title; nothing for a spec without patterns or notes.
  const preamble = preambleLines(plan).map((line) => `- ${markdownText(line)}`);
  const title = ["### ghpkg plan", "", ...preamble, ...(preamble.length > 0 ? [""] : [])];
  if (!hasChanges(plan.summary)) {
    const versions = plan.packages.reduce((n, p) => n + p.active, 0);
    return {
      head: [
        ...title,
        `**No changes.** The live versions match the spec (${plan.packages.length} packages, ${versions} active versions).`,
      ],
      tableHeader: [],
      tableRows: [],
      sections: [],
    };
  }
  return {
    head: [...title, `**${summaryLine(plan.summary)}**`, ""],
    tableHeader: ["| Package | Delete | Restore | Blocked | Unchanged |", "|---|---:|---:|---:|---:|"],
    tableRows: plan.packages.map(
      (p) =>
        `| ${markdownCode(packageLabel(p.ref))} | ${p.delete} | ${p.restore} | ${p.blocked} | ${p.unchanged} |`,
    ),
    sections: changesByPackage(plan).map(({ summary, operations, blocked }) => {
      const counts = [
        summary.delete && `${summary.delete} to delete`,
        summary.restore && `${summary.restore} to restore`,
        summary.blocked && `${summary.blocked} blocked`,
      ].filter(Boolean);
      const tagged = hasTags(summary.ref.type);
      const rows = [
        ...asTree(operations).map(({ op, depth }) => ({
          op,
          action: `${"↳ ".repeat(depth)}${op.action}`,
          why: "",
        })),
        ...blocked.map((op) => ({
          op,
          action: `blocked ${op.action}`,
          why: ` — ${markdownText(explainBlocked(op.why))}`,
        })),
      ];
      return {
        open: [
          "",
          `<details><summary><code>${htmlText(packageLabel(summary.ref))}</code>: ${counts.join(", ")}</summary>`,
          "",
          `| Action | Version |${tagged ? " Tags |" : ""} Age | Reason |`,
          `|---|---|${tagged ? "---|" : ""}---|---|`,
        ],
        rows: rows.map(
          ({ op, action, why }) =>
            `| ${action} | ${markdownCode(shortName(op.version.name))} |${tagged ? ` ${tags(op.version.tags)} |` : ""} ${age(op.version.createdAt, nowMs)} | ${markdownCode(op.reason)}${why} |`,
        ),
        blocked: blocked.length,
        close: ["", "</details>"],
      };
    }),
  };
}

/** Each tag in a code span of its own; `untagged` when there is none. */
const tags = (list: readonly string[]) =>
  list.length === 0 ? "untagged" : list.map(markdownCode).join(", ");
