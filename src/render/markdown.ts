import type { Plan } from "../plan/types.js";
import { asTree, changesByPackage } from "./by-package.js";
import { age, tagList } from "./label.js";
import { preambleLines } from "./preamble.js";
import { hasChanges, summaryLine } from "./summary.js";
import { hasTags, packageLabel } from "../model/package.js";
import { shortName } from "../model/version.js";

/** For a pull-request comment: a summary table, then one collapsible section per package. */
export function renderMarkdown(plan: Plan, nowMs: number): string {
  const out: string[] = ["### ghpkg plan", ""];
  const preamble = preambleLines(plan);
  if (preamble.length > 0)
    out.push(...preamble.map((line) => `- ${cell(line).replace(/[*_`[\]<>]/g, "\\$&")}`), "");
  if (!hasChanges(plan.summary)) {
    const versions = plan.packages.reduce((n, p) => n + p.active, 0);
    out.push(
      `**No changes.** The live versions match the spec (${plan.packages.length} packages, ${versions} active versions).`,
    );
    return `${out.join("\n")}\n`;
  }
  out.push(`**${summaryLine(plan.summary)}**`, "");
  out.push("| Package | Delete | Restore | Blocked | Unchanged |", "|---|---:|---:|---:|---:|");
  for (const p of plan.packages)
    out.push(`| \`${packageLabel(p.ref)}\` | ${p.delete} | ${p.restore} | ${p.blocked} | ${p.unchanged} |`);
  for (const { summary, operations, blocked } of changesByPackage(plan)) {
    const counts = [
      summary.delete && `${summary.delete} to delete`,
      summary.restore && `${summary.restore} to restore`,
      summary.blocked && `${summary.blocked} blocked`,
    ].filter(Boolean);
    const tagged = hasTags(summary.ref.type);
    out.push(
      "",
      `<details><summary><code>${packageLabel(summary.ref)}</code>: ${counts.join(", ")}</summary>`,
      "",
    );
    out.push(
      `| Action | Version |${tagged ? " Tags |" : ""} Age | Reason |`,
      `|---|---|${tagged ? "---|" : ""}---|---|`,
    );
    const rows = [
      ...asTree(operations).map(({ op, depth }) => ({
        op,
        action: `${"↳ ".repeat(depth)}${op.action}`,
        why: "",
      })),
      ...blocked.map((op) => ({ op, action: `blocked ${op.action}`, why: ` — ${op.why}` })),
    ];
    for (const { op, action, why } of rows)
      out.push(
        `| ${action} | \`${cell(shortName(op.version.name))}\` |${tagged ? ` ${cell(tagList(op.version.tags))} |` : ""} ${age(op.version.createdAt, nowMs)} | \`${cell(op.reason)}\`${cell(why)} |`,
      );
    out.push("", "</details>");
  }
  return `${out.join("\n")}\n`;
}

// A pipe would end the table cell, and a newline the row.
const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");
