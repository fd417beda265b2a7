import { readFileSync } from "node:fs";
import { UserError } from "../model/errors.js";
import { planFromJson, type PlanJson } from "../plan/json.js";
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
  let json: Partial<PlanJson>;
  try {
    json = JSON.parse(text) as Partial<PlanJson>;
  } catch (error) {
    throw new UserError(`${path} is not a plan: ${(error as Error).message}`, { cause: error });
  }
  if (json.format_version !== 1)
    throw new UserError(
      `${path}: plan format_version ${String(json.format_version)} is not one this ghpkg applies (1)`,
    );
  for (const field of ["spec_digest", "api_url", "operations", "blocked", "spec_paths"] as const)
    if (json[field] === undefined)
      throw new UserError(`${path}: the plan has no \`${field}\`; make it again with ghpkg plan --out`);
  return planFromJson(json as PlanJson);
}
