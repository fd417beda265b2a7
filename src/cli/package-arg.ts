import { InvalidArgumentError } from "commander";
import { PACKAGE_TYPES, type PackageType } from "../model/package.js";
import { compilePattern } from "../select/pattern.js";

export interface PackageArg {
  readonly type: PackageType;
  /** A package name, or a glob or `/regex/` over the owner's package names. */
  readonly name: string;
}

// The spec's rule for names (schemas/ghpkg.schema.json): names travel in request paths.
// eslint-disable-next-line no-control-regex -- control characters are what this refuses
const BAD_SEGMENT = /(^|\/)\.{0,2}(\/|$)|[\u0000-\u001f\u007f-\u009f]/;
const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;

/** `--package TYPE/NAME`, repeatable: `container/repo/image`, `npm/lib-*`, `container//^svc-.*$/`. */
export function packageArg(value: string, previous: PackageArg[] | undefined): PackageArg[] {
  const slash = value.indexOf("/");
  const type = value.slice(0, slash) as PackageType;
  const name = value.slice(slash + 1);
  if (slash < 1 || !PACKAGE_TYPES.includes(type) || name === "")
    throw new InvalidArgumentError(`expected TYPE/NAME with TYPE one of ${PACKAGE_TYPES.join(", ")}`);
  let kind: string;
  try {
    kind = compilePattern(name).kind;
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
  if (kind !== "regex" && BAD_SEGMENT.test(name))
    throw new InvalidArgumentError(
      "a package name may not have an empty, `.` or `..` part between slashes, nor a control character",
    );
  return [...(previous ?? []), { type, name }];
}

/** `--owner`: a GitHub login (user or organisation). */
export function ownerArg(value: string): string {
  if (!LOGIN.test(value))
    throw new InvalidArgumentError("expected a GitHub login: letters, digits and single hyphens, at most 39");
  return value;
}
