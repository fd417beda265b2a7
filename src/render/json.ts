import type { Plan } from "../plan/types.js";

/** The saved plan and `--format json` are the same document. */
export function renderJson(plan: Plan): string {
  return `${JSON.stringify(plan, null, 2)}\n`;
}
