import { packageLabel } from "../model/package.js";
import { brokenToJson, orphanToJson } from "../plan/json.js";
import type { CheckReport } from "../plan/types.js";
import { damageHeading, damageSentences } from "./damage.js";
import { escapeText, markdownCode, markdownText } from "./escape.js";
import type { Style } from "./style.js";

/** `ghpkg check --format json`: the plan's `broken` and `orphans` shapes, and what was checked. */
export function renderCheckJson(report: CheckReport): string {
  const ref = (r: CheckReport["packages"][number]) => ({
    owner: r.owner,
    package_type: r.type,
    package_name: r.name,
  });
  return `${JSON.stringify(
    {
      packages: report.packages.map(ref),
      broken: report.broken.map(brokenToJson),
      orphans: report.orphans.map(orphanToJson),
      unreadable: report.unreadable.map((u) => ({ ...ref(u.ref), why: u.why })),
      notes: report.notes,
    },
    null,
    2,
  )}\n`;
}

/** For a terminal or a log: one line per broken image and orphan, escaped. */
export function renderCheckText(report: CheckReport, style: Style, nowMs: number): string {
  const lines = [
    ...report.unreadable.map((u) => style.yellow(escapeText(`warning: ${packageLabel(u.ref)}: ${u.why}`))),
  ];
  const sentences = damageSentences(report.broken, report.orphans, nowMs);
  if (sentences.length > 0)
    lines.push(
      style.yellow(damageHeading(report.broken.length, report.orphans.length)),
      ...sentences.map((line) => `  ${escapeText(line)}`),
      "",
      "repair: true on a package entry (or in defaults) restores what can come back and deletes orphans whose subject cannot.",
    );
  else lines.push(style.bold(cleanLine(report)));
  return `${lines.join("\n")}\n`;
}

/** For a pull request or a job summary. */
export function renderCheckMarkdown(report: CheckReport, nowMs: number): string {
  const sentences = damageSentences(report.broken, report.orphans, nowMs);
  const lines = ["### ghpkg check", ""];
  for (const u of report.unreadable)
    lines.push(`- **warning:** ${markdownCode(packageLabel(u.ref))}: ${markdownText(u.why)}`);
  if (report.unreadable.length > 0) lines.push("");
  if (sentences.length === 0) lines.push(`**${cleanLine(report)}**`);
  else
    lines.push(
      `**${damageHeading(report.broken.length, report.orphans.length)}**`,
      "",
      ...sentences.map((line) => `- ${markdownText(line)}`),
    );
  return `${lines.join("\n")}\n`;
}

function cleanLine(report: CheckReport): string {
  const n = report.packages.length;
  const what = `${n} container ${n === 1 ? "package" : "packages"}`;
  return report.unreadable.length > 0
    ? `No broken images or orphans seen in ${what}, but some manifests could not be read.`
    : `No broken images or orphans in ${what}.`;
}
