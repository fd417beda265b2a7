import { readFileSync } from "node:fs";
import { UserError } from "../errors.js";
import type { Plan } from "../plan/types.js";

/** Reads a saved plan; anything that is not a plan this version wrote is refused, not guessed at. */
export function readPlanFile(path: string): Plan {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new UserError(`cannot read the plan ${path}: ${(error as NodeJS.ErrnoException).code ?? "error"}`, {
      cause: error,
    });
  }
  let plan: Partial<Plan>;
  try {
    plan = JSON.parse(text) as Partial<Plan>;
  } catch (error) {
    throw new UserError(`${path} is not a plan: ${(error as Error).message}`, { cause: error });
  }
  if (plan.format_version !== 1)
    throw new UserError(
      `${path}: plan format_version ${String(plan.format_version)} is not one this ghpkg applies (1)`,
    );
  for (const field of ["spec_digest", "api_url", "operations", "blocked", "spec_paths"] as const)
    if (plan[field] === undefined)
      throw new UserError(`${path}: the plan has no \`${field}\`; make it again with ghpkg plan --out`);
  return plan as Plan;
}
