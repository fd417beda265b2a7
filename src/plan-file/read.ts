import { UserError } from "../model/errors.js";
import { fsReason } from "../files/fs-reason.js";
import { NotReadable, readRegularFile } from "../files/read-regular-file.js";
import { MAX_PLAN_BYTES, MAX_PLAN_SIZE } from "./size.js";
import { planFromJson, type PlanJson } from "../plan/json.js";
import type { Plan } from "../plan/types.js";
import { planSchemaProblems } from "./schema.js";

/**
 * Reads a saved plan: only a regular file of at most MAX_PLAN_BYTES (a FIFO or a device is refused
 * before it is read), read without holding up Ctrl-C. Anything that is not exactly a plan as ghpkg
 * writes it (schemas/ghpkg-plan.schema.json) is refused, listing every problem, before anything is
 * read from GitHub or sent to it.
 */
export async function readPlanFile(path: string): Promise<Plan> {
  let text: string;
  try {
    text = (await readRegularFile(path, MAX_PLAN_BYTES)).toString("utf8");
  } catch (error) {
    throw new UserError(unreadablePlan(path, error), { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UserError(`${path} is not a plan: ${(error as Error).message}`, { cause: error });
  }
  const version = (json as { format_version?: unknown } | null)?.format_version;
  if (typeof json === "object" && json !== null && version !== undefined && version !== 1)
    throw new UserError(
      `${path}: plan format_version ${JSON.stringify(version)} is not one this ghpkg applies (1)`,
    );
  const problems = planSchemaProblems(json);
  if (problems.length > 0)
    throw new UserError(
      `${path} is not a plan ghpkg can apply (make it again with ghpkg plan --out); nothing was changed:\n${problems.map((p) => `  - ${p}`).join("\n")}`,
    );
  const plan = json as PlanJson;
  // What a schema cannot say: each path beside the plan stands for the spec path at its position.
  if (plan.spec_paths_from_plan && plan.spec_paths_from_plan.length !== plan.spec_paths.length)
    throw new UserError(
      `${path} is not a plan ghpkg can apply: spec_paths_from_plan has ${plan.spec_paths_from_plan.length} entries, spec_paths ${plan.spec_paths.length}`,
    );
  return planFromJson(plan);
}

function unreadablePlan(path: string, error: unknown): string {
  if (error instanceof NotReadable)
    return error.kind === "too large"
      ? `the plan ${path} is larger than ${MAX_PLAN_SIZE}, more than any plan ghpkg applies; make a plan of fewer packages`
      : `the plan ${path} is ${error.message}; a plan is a file written by ghpkg plan --out`;
  return `cannot read the plan ${path}: ${fsReason(error)}`;
}
