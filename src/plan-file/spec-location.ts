import { existsSync, realpathSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { UserError } from "../model/errors.js";
import type { Plan } from "../plan/types.js";

/**
 * The spec paths as seen from the folder of the plan file about to be written: what lets
 * `apply PLANFILE` find the spec from another working directory.
 */
export function specPathsFromPlanFile(specPaths: readonly string[], planFile: string): string[] {
  const folder = dirname(resolve(planFile));
  return specPaths.map((path) => (isAbsolute(path) ? path : relative(folder, resolve(path)) || "."));
}

/**
 * Where `apply PLANFILE` reads the spec when no -f is given. Each recorded path is looked up as
 * `plan` was given it (relative to the working directory) and relative to the plan file's folder;
 * the one that exists is used, and if both exist and are different files, nothing is guessed: the
 * user says which with -f. When neither exists, the path as given is read, so its error names it.
 */
export function locateSpecPaths(plan: Plan, planFile: string): string[] {
  return plan.specPaths.map((path, i) => {
    const besidePlan = plan.specPathsFromPlan?.[i];
    if (isAbsolute(path) || besidePlan === undefined) return path;
    const fromPlan = isAbsolute(besidePlan) ? besidePlan : join(dirname(planFile), besidePlan);
    const here = existsSync(path);
    const there = existsSync(fromPlan);
    if (here && there && realpathSync(path) !== realpathSync(fromPlan))
      throw new UserError(
        `the plan's spec path ${path} names two different files: ${resolve(path)} (from the working directory) and ${resolve(fromPlan)} (from the plan's folder); say which with -f`,
      );
    return here || !there ? path : fromPlan;
  });
}
