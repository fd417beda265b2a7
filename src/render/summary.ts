import type { Summary } from "../plan/types.js";

/** `Plan: 3 to delete, 1 to restore, 0 blocked, 40 unchanged.` */
export function summaryLine(summary: Summary): string {
  return `Plan: ${summary.delete} to delete, ${summary.restore} to restore, ${summary.blocked} blocked, ${summary.unchanged} unchanged.`;
}

export function hasChanges(summary: Summary): boolean {
  return summary.delete + summary.restore + summary.blocked > 0;
}
