import type { BlockedOperation, Plan } from "../plan/types.js";
import { explainBlocked } from "./blocked-hint.js";
import { budgetLine } from "./budget.js";
import { escapeText } from "./escape.js";
import { asTree, changesByPackage } from "./by-package.js";
import { totalFreedLine } from "./freed.js";
import { versionLabel } from "./label.js";
import { damageHeading, damageSentences } from "./damage.js";
import { childrenKeptLine, packageHeader } from "./package-header.js";
import { preambleLines } from "./preamble.js";
import type { Style } from "./style.js";
import { hasChanges, summaryLine } from "./summary.js";

/** The plan for a terminal or a CI log: per package a header, then a line per operation. */
export function renderText(plan: Plan, style: Style, nowMs: number): string {
  const preamble = preambleLines(plan);
  const lines: string[] =
    preamble.length > 0 ? [...preamble.map((line) => style.dim(escapeText(line))), ""] : [];
  for (const { summary, operations, blocked } of changesByPackage(plan)) {
    lines.push(style.bold(packageHeader(summary)));
    const rows = [
      ...asTree(operations).map(({ op, depth }) => ({
        op,
        head: `${op.action === "delete" ? "- delete " : "+ restore"}  ${"  ".repeat(depth)}${depth > 0 ? "└ " : ""}`,
        blocked: false,
        why: "",
      })),
      ...byWhy(blocked).flatMap((group) =>
        group.map((op, i) => ({
          op,
          head: `! blocked ${op.action}  `,
          blocked: true,
          // Said once under the rows it holds for: a why can carry a 64-character digest.
          why:
            i < group.length - 1
              ? ""
              : group.length === 1
                ? `blocked: ${escapeText(explainBlocked(op.why))}`
                : `blocked, all ${group.length} above: ${escapeText(explainBlocked(op.why))}`,
        })),
      ),
    ].map((row) => ({ ...row, text: `${row.head}${versionLabel(row.op, nowMs)}` }));
    // The reason column lines up, but a row with many tags does not push every other row's reason away.
    const width = Math.max(...rows.map((row) => (row.text.length <= MAX_ALIGNED ? row.text.length : 0)));
    for (const { op, text, blocked: held, why } of rows) {
      const paint = held ? style.yellow : op.action === "restore" ? style.green : style.red;
      lines.push(`  ${paint(text.padEnd(width))}  ${style.dim(`# ${escapeText(op.reason)}`)}`);
      if (why) lines.push(`      ${style.yellow(why)}`);
    }
    lines.push("");
  }
  const damage = damageSentences(plan.broken ?? [], plan.orphans ?? [], nowMs);
  if (damage.length > 0)
    lines.push(
      style.yellow(damageHeading(plan.broken?.length ?? 0, plan.orphans?.length ?? 0)),
      ...damage.map((line) => `  ${escapeText(line)}`),
      "",
    );
  if (!hasChanges(plan.summary)) {
    const children = childrenKeptLine(plan.packages);
    lines.push(
      "No changes: the live versions match the spec.",
      ...(children ? [escapeText(children)] : []),
      "",
    );
  }
  const freed = totalFreedLine(plan);
  if (freed) lines.push(style.bold(freed));
  lines.push(style.bold(summaryLine(plan.summary)));
  const budget = budgetLine(plan);
  if (budget) lines.push(style.dim(budget));
  return `${lines.join("\n")}\n`;
}

/** Rows longer than this (many tags) are not padded to: the reason column stays where most rows put it. */
const MAX_ALIGNED = 72;

/** Blocked operations grouped by why, in order of first appearance, each group in the plan's order. */
function byWhy(blocked: readonly BlockedOperation[]): BlockedOperation[][] {
  const groups = new Map<string, BlockedOperation[]>();
  for (const op of blocked) {
    const group = groups.get(op.why);
    if (group) group.push(op);
    else groups.set(op.why, [op]);
  }
  return [...groups.values()];
}
