import { packageLabel } from "../model/package.js";
import { markdownCode } from "./escape.js";
import type { PackageSummary, Plan } from "../plan/types.js";
import { formatBytes } from "./size.js";

/** A chart of more bars than this is no longer read at a glance; the table above has every package. */
const MAX_CHARTED = 10;
const UNITS = [
  { unit: "B", bytes: 1 },
  { unit: "kB", bytes: 1e3 },
  { unit: "MB", bytes: 1e6 },
  { unit: "GB", bytes: 1e9 },
  { unit: "TB", bytes: 1e12 },
  { unit: "PB", bytes: 1e15 },
];

interface Measured {
  readonly summary: PackageSummary;
  readonly before: number;
  readonly after: number;
}

/**
 * The Markdown plan's picture of storage: each measured package's bytes before and after the plan as
 * a Mermaid bar chart, which GitHub draws itself in comments and job summaries (no image to host),
 * with the same numbers in a table beside it for anyone whose viewer does not draw it. The packages
 * whose storage changes most, at most ten; none when no package was measured. Mermaid overlays bar
 * series: the full bar is before, the inner one after. Names come from GitHub, so only letters,
 * digits and `._/-` reach the chart's source, and nothing can end its fence or its strings.
 */
export function storageSection(plan: Plan): string[] {
  const measured = plan.packages
    .flatMap((summary): Measured[] =>
      typeof summary.bytesBefore === "number" &&
      typeof summary.bytesAfter === "number" &&
      summary.delete + summary.restore > 0
        ? [{ summary, before: summary.bytesBefore, after: summary.bytesAfter }]
        : [],
    )
    .sort((a, b) => b.before - b.after - (a.before - a.after));
  if (measured.length === 0) return [];
  const charted = measured.slice(0, MAX_CHARTED);
  const largest = Math.max(...charted.map((m) => Math.max(m.before, m.after)));
  const { unit, bytes } = UNITS.findLast((u) => largest >= u.bytes) ?? { unit: "B", bytes: 1 };
  const value = (n: number) => String(Math.round((n / bytes) * 100) / 100);
  const labels = chartLabels(charted.map((m) => m.summary));
  const which = measured.length > charted.length ? `the ${charted.length} that change most, ` : "";
  return [
    "",
    "```mermaid",
    "xychart-beta",
    `  title "Storage before (full bar) and after the plan (inner bar), ${which}${unit}"`,
    `  x-axis [${labels.map((l) => `"${l}"`).join(", ")}]`,
    `  y-axis "${unit}" 0 --> ${value(largest * 1.05)}`,
    `  bar [${charted.map((m) => value(m.before)).join(", ")}]`,
    `  bar [${charted.map((m) => value(m.after)).join(", ")}]`,
    "```",
    "",
    "| Package | Before | After | Frees |",
    "|---|---:|---:|---:|",
    ...charted.map(
      ({ summary, before, after }) =>
        `| ${markdownCode(packageLabel(summary.ref))} | ${formatBytes(before)} | ${formatBytes(after)} | ${typeof summary.bytesFreed === "number" ? formatBytes(summary.bytesFreed) : "unknown"} |`,
    ),
  ];
}

/** Each package by its name, with its owner where two share a name; safe inside a Mermaid string. */
function chartLabels(packages: readonly PackageSummary[]): string[] {
  const names = packages.map((p) => p.ref.name);
  return packages.map((p) => {
    const label =
      names.filter((n) => n === p.ref.name).length > 1 ? `${p.ref.owner}/${p.ref.name}` : p.ref.name;
    const safe = label.replace(/[^A-Za-z0-9._/-]/g, "_");
    return safe.length > 24 ? `${safe.slice(0, 21)}...` : safe;
  });
}
