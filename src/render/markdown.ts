import type { BlockedOperation, PackageSummary, Plan } from "../plan/types.js";
import { explainBlocked } from "./blocked-hint.js";
import { budgetLine } from "./budget.js";
import { asTree, changesByPackage } from "./by-package.js";
import { freedPhrase, totalFreedLine } from "./freed.js";
import { htmlText, markdownCode, markdownText } from "./escape.js";
import { age, shortTag } from "./label.js";
import { childrenKeptLine } from "./package-header.js";
import { damageHeading, damageSentences } from "./damage.js";
import { preambleLines } from "./preamble.js";
import { formatBytes } from "./size.js";
import { storageSection } from "./storage-chart.js";
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
  /** Storage before and after per package: a Mermaid chart and its numbers (storage-chart.ts); may be empty. */
  readonly storage: readonly string[];
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
    ...parts.storage,
    ...parts.sections.flatMap((s) => [...s.open, ...s.rows, ...s.close]),
  ];
}

export function markdownParts(plan: Plan, nowMs: number): MarkdownParts {
  // Pattern matches and notes, as a list after the title; nothing for a spec without patterns or notes.
  const preamble = preambleLines(plan).map((line) => `- ${markdownText(line)}`);
  const title = [
    "### ghpkg plan",
    "",
    ...preamble,
    ...(preamble.length > 0 ? [""] : []),
    ...damageSection(plan, nowMs),
  ];
  if (!hasChanges(plan.summary)) {
    const versions = plan.packages.reduce((n, p) => n + p.active, 0);
    const children = childrenKeptLine(plan.packages);
    return {
      head: [
        ...title,
        `**No changes.** The live versions match the spec (${plan.packages.length} packages, ${versions} active versions).`,
        ...(children ? ["", markdownText(children)] : []),
      ],
      tableHeader: [],
      tableRows: [],
      storage: [],
      sections: [],
    };
  }
  const freed = totalFreedLine(plan);
  return {
    head: [
      ...title,
      `**${summaryLine(plan.summary)}**`,
      ...(freed ? ["", freed] : []),
      ...budgetLines(plan),
      "",
    ],
    tableHeader: [
      "| Package | Delete | Restore | Blocked | Unchanged | Frees |",
      "|---|---:|---:|---:|---:|---:|",
    ],
    tableRows: plan.packages.map(
      (p) =>
        `| ${markdownCode(packageLabel(p.ref))} | ${p.delete} | ${p.restore} | ${p.blocked} | ${p.unchanged} | ${freedCell(p)} |`,
    ),
    storage: storageSection(plan),
    sections: changesByPackage(plan).map(({ summary, operations, blocked }) => {
      const frees = freedPhrase(summary);
      const counts = [
        summary.delete && `${summary.delete} to delete`,
        summary.restore && `${summary.restore} to restore`,
        summary.blocked && `${summary.blocked} blocked`,
        typeof summary.bytesFreed === "number" && frees,
      ].filter(Boolean);
      // A why shared by several blocked rows (it may carry a 64-character digest) is said once, under the table.
      const shared = sharedWhys(blocked);
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
          why: shared.has(op.why) ? ` — see below` : ` — ${markdownText(explainBlocked(op.why))}`,
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
        close: [
          ...[...shared].flatMap(([why, n]) => [
            "",
            `Blocked (${n} ${n === 1 ? "operation" : "operations"}): ${markdownText(explainBlocked(why))}`,
          ]),
          "",
          "</details>",
        ],
      };
    }),
  };
}

/** Broken images and orphans as a list after the title; a long one is cut (the JSON plan has them all). */
function damageSection(plan: Plan, nowMs: number): string[] {
  const sentences = damageSentences(plan.broken ?? [], plan.orphans ?? [], nowMs);
  if (sentences.length === 0) return [];
  const shown = sentences.slice(0, MAX_DAMAGE_LINES).map((line) => `- ${markdownText(line)}`);
  const more = sentences.length - shown.length;
  return [
    `**${damageHeading(plan.broken?.length ?? 0, plan.orphans?.length ?? 0)}**`,
    "",
    ...shown,
    ...(more > 0 ? [`- and ${more} more (the JSON plan lists them all)`] : []),
    "",
  ];
}

const MAX_DAMAGE_LINES = 20;

/** The table's Frees cell: the bytes, "unknown" for a container package no manifest measures, else a dash. */
function freedCell(p: PackageSummary): string {
  if (typeof p.bytesFreed === "number") return formatBytes(p.bytesFreed);
  return freedPhrase(p) ? "unknown" : "—";
}

/** The whys that more than one blocked operation of a package shares, with how many share each. */
function sharedWhys(blocked: readonly BlockedOperation[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const op of blocked) counts.set(op.why, (counts.get(op.why) ?? 0) + 1);
  return new Map([...counts].filter(([, n]) => n > 1));
}

/** Each tag in a code span of its own (cosign's shortened as digests are); `untagged` when there is none. */
const tags = (list: readonly string[]) =>
  list.length === 0 ? "untagged" : list.map((tag) => markdownCode(shortTag(tag))).join(", ");

/** The budget line after the summary, as a paragraph of its own. */
function budgetLines(plan: Plan): string[] {
  const line = budgetLine(plan);
  return line ? ["", line] : [];
}
