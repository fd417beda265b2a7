import { InvalidArgumentError } from "commander";
import { PACKAGE_TYPES, type PackageType } from "../model/package.js";
import { compilePattern } from "../select/pattern.js";
import { ownerProblem, packageNameProblem } from "../spec/schema.js";

export interface PackageArg {
  readonly type: PackageType;
  /** A package name, or a glob or `/regex/` over the owner's package names. */
  readonly name: string;
}

/** `--package TYPE/NAME`, repeatable: `container/repo/image`, `npm/lib-*`, `container//^svc-.*$/`. */
export function packageArg(value: string, previous: PackageArg[] | undefined): PackageArg[] {
  const slash = value.indexOf("/");
  const type = value.slice(0, slash) as PackageType;
  const name = value.slice(slash + 1);
  if (slash < 1 || !PACKAGE_TYPES.includes(type) || name === "")
    throw new InvalidArgumentError(`expected TYPE/NAME with TYPE one of ${PACKAGE_TYPES.join(", ")}`);
  // Names go into request paths: the same rules as in a spec, where a pattern must also compile.
  const problem = packageNameProblem(name);
  if (problem) throw new InvalidArgumentError(problem);
  try {
    compilePattern(name);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
  return [...(previous ?? []), { type, name }];
}

/** `--owner`: a GitHub login (user or organisation). */
export function ownerArg(value: string): string {
  const problem = ownerProblem(value);
  if (problem) throw new InvalidArgumentError(problem);
  return value;
}
