import { InvalidArgumentError } from "commander";
import { PACKAGE_TYPES, type PackageType } from "../../model/package.js";
import { ownerProblem, packageNameProblem } from "../../spec/names.js";

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
  // Names go into request paths: the same rules as in a spec. Whether a pattern compiles is checked
  // when the command runs (checkPackagePatterns): the RE2 engine is not loaded to parse flags.
  const problem = packageNameProblem(name);
  if (problem) throw new InvalidArgumentError(problem);
  return [...(previous ?? []), { type, name }];
}

/** `--owner`: a GitHub login (user or organisation). */
export function ownerArg(value: string): string {
  const problem = ownerProblem(value);
  if (problem) throw new InvalidArgumentError(problem);
  return value;
}
