import type { Plan } from "../plan/types.js";

/**
 * What a reviewer reads before the changes: which packages each pattern entry governed (a pattern
 * that matched nothing is said, not an error) and notes on how the live state was read. Empty for a
 * spec without patterns and a run with nothing to note, so such plans read as before.
 */
export function preambleLines(plan: Plan): string[] {
  const lines: string[] = [];
  for (const p of plan.patterns ?? [])
    lines.push(
      p.matched.length > 0
        ? `${p.entry} matched ${p.matched.length} ${p.type} ${p.matched.length === 1 ? "package" : "packages"} of ${p.owner}: ${p.matched.join(", ")}`
        : `${p.entry} matched no ${p.type} package of ${p.owner}`,
    );
  for (const note of plan.notes ?? []) lines.push(`note: ${note}`);
  return lines;
}
