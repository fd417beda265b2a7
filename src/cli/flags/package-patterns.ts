import { UserError } from "../../model/errors.js";
import { compilePattern } from "../../select/pattern.js";
import type { PackageArg } from "./package-arg.js";

/** Every `--package` NAME that is a pattern compiles, as in a spec; checked before anything is sent. */
export function checkPackagePatterns(packages: readonly PackageArg[]): void {
  for (const { type, name } of packages)
    try {
      compilePattern(name);
    } catch (error) {
      throw new UserError(`--package ${type}/${name}: ${(error as Error).message}`, { cause: error });
    }
}
