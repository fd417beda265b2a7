import { packageLabel } from "../model/package.js";
import type { Plan } from "../plan/types.js";
import { explainBlocked } from "./blocked-hint.js";
import { escapeText } from "./escape.js";
import { asTree, changesByPackage } from "./by-package.js";
import { versionLabel } from "./label.js";
import { preambleLines } from "./preamble.js";
import type { Style } from "./style.js";
import { hasChanges, summaryLine } from "./summary.js";

/** The plan for a terminal or a CI log: per package a header, then a line per operation. */
export function renderText(plan: Plan, style: Style, nowMs: number): string {
  const preamble = preambleLines(plan);
  const lines: string[] =
    preamble.length > 0 ? [...preamble.map((line) => style.dim(escapeText(line))), ""] : [];
  for (const { summary, operations, blocked } of changesByPackage(plan)) {
    const children =
      summary.childrenKept > 0 ? `; ${summary.childrenKept} kept as children of images that stay` : "";
    lines.push(
      style.bold(
        `${escapeText(packageLabel(summary.ref))}: ${summary.active} active, ${summary.deleted} deleted${children}`,
      ),
    );
    const rows = [
      ...asTree(operations).map(({ op, depth }) => ({
        op,
        head: `${op.action === "delete" ? "- delete " : "+ restore"}  ${"  ".repeat(depth)}${depth > 0 ? "└ " : ""}`,
        why: "",
      })),
      ...blocked.map((op) => ({
        op,
        head: `! blocked ${op.action}  `,
        why: escapeText(explainBlocked(op.why)),
      })),
    ].map((row) => ({ ...row, text: `${row.head}${versionLabel(row.op, nowMs)}` }));
    const width = Math.max(...rows.map((row) => row.text.length));
    for (const { op, text, why } of rows) {
      const paint = op.action === "restore" ? style.green : style.red;
      const reason = style.dim(`# ${escapeText(op.reason)}`);
      if (why)
        lines.push(
          `  ${style.yellow(text.padEnd(width))}  ${reason}`,
          `      ${style.yellow(`blocked: ${why}`)}`,
        );
      else lines.push(`  ${paint(text.padEnd(width))}  ${reason}`);
    }
    lines.push("");
  }
  if (!hasChanges(plan.summary)) lines.push("No changes: the live versions match the spec.", "");
  lines.push(style.bold(summaryLine(plan.summary)));
  return `${lines.join("\n")}\n`;
}
