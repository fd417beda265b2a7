import { planToJson } from "../plan/json.js";
import type { Plan } from "../plan/types.js";

/** The saved plan and `--format json` are the same document. */
export function renderJson(plan: Plan): string {
  return `${JSON.stringify(planToJson(plan), null, 2)}\n`;
}
