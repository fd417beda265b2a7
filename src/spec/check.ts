import { dirname } from "node:path";
import semver from "semver";
import type { Problem } from "./problem.js";
import { hasTags, type PackageType } from "../model/package.js";
import { usageKind } from "../model/usage.js";
import { resolveUsageGlob } from "../select/usage-glob.js";
import { compilePattern } from "../select/pattern.js";
import { parseDuration } from "../select/duration.js";
import { positionOf, type PathSegment, type SpecFile } from "./parse.js";

type Mapping = Record<string, unknown>;
const isMapping = (value: unknown): value is Mapping =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * What the schema cannot say: patterns compile, ranges and durations parse, `tag`/`untagged`
 * only where versions have tags. Runs on schema-invalid data too, looking only at well-typed fields,
 * so that one run reports every problem.
 */
export function checkSemantics(file: SpecFile): Problem[] {
  const problems: Problem[] = [];
  const data = file.data;
  if (!isMapping(data)) return problems;
  const report = (path: PathSegment[], message: string, atKey = false) =>
    problems.push({ ...positionOf(file, path, atKey), message });

  const defaults = data.defaults;
  const packages = Array.isArray(data.packages) ? (data.packages as unknown[]) : [];
  const folder = dirname(file.path);
  if (isMapping(defaults)) {
    checkRuleLists(defaults, ["defaults"], undefined, folder, report);
    checkDefaultUsage(defaults, packages, report);
  }
  packages.forEach((entry, index) => {
    if (!isMapping(entry)) return;
    const type = typeof entry.type === "string" ? (entry.type as PackageType) : undefined;
    // A package name that is a glob or a /regex/ must compile, as version patterns must (checked offline).
    if (typeof entry.name === "string")
      try {
        compilePattern(entry.name);
      } catch (error) {
        report(["packages", index, "name"], (error as Error).message);
      }
    // A name is sent in request paths, percent-encoded: a lone surrogate (which a YAML escape can
    // write) has no UTF-8 form, so it could never be sent.
    const surrogate = typeof entry.name === "string" ? loneSurrogate(entry.name) : undefined;
    if (surrogate)
      report(
        ["packages", index, "name"],
        `\`name\` holds a lone surrogate (${surrogate}), which no request can carry`,
      );
    checkRuleLists(entry, ["packages", index], type, folder, report);
  });
  return problems;
}

const NO_READER = "usedIn reads image references (container, docker) and npm lockfiles (npm)";

/** A `usedIn` default applies to every package of the file: each must be of a type it can read for. */
function checkDefaultUsage(defaults: Mapping, packages: unknown[], report: Report): void {
  const other = packages.findIndex(
    (p) => isMapping(p) && typeof p.type === "string" && usageKind(p.type as PackageType) === undefined,
  );
  if (other < 0) return;
  const type = String((packages[other] as Mapping).type);
  for (const list of ["keep", "delete"] as const) {
    const selectors = defaults[list];
    if (Array.isArray(selectors))
      selectors.forEach((selector, index) => {
        if (isMapping(selector) && "usedIn" in selector)
          report(
            ["defaults", list, index, "usedIn"],
            `\`usedIn\` in defaults applies to every package, and packages[${other}] is ${type}: ${NO_READER}; write it in the entries of those packages`,
            true,
          );
      });
  }
}

type Report = (path: PathSegment[], message: string, atKey?: boolean) => void;

function checkRuleLists(
  owner: Mapping,
  at: PathSegment[],
  type: PackageType | undefined,
  folder: string,
  report: Report,
): void {
  for (const list of ["keep", "delete"] as const) {
    const selectors = owner[list];
    if (!Array.isArray(selectors)) continue;
    selectors.forEach((selector, index) => {
      if (isMapping(selector)) checkSelector(selector, [...at, list, index], type, folder, report);
    });
  }
}

function checkSelector(
  selector: Mapping,
  at: PathSegment[],
  type: PackageType | undefined,
  folder: string,
  report: Report,
): void {
  for (const field of ["name", "tag"] as const) {
    const value = selector[field];
    if (typeof value !== "string") continue;
    try {
      compilePattern(value);
    } catch (error) {
      report([...at, field], (error as Error).message);
    }
  }
  if (typeof selector.semver === "string" && semver.validRange(selector.semver) === null)
    report(
      [...at, "semver"],
      `\`${selector.semver}\` is not a semantic version range (such as >=2.0.0 or ^1.4)`,
    );
  for (const field of ["olderThan", "newerThan"] as const) {
    const value = selector[field];
    if (typeof value !== "string") continue;
    try {
      parseDuration(value);
    } catch (error) {
      report([...at, field], (error as Error).message);
    }
  }
  if (type !== undefined && !hasTags(type))
    for (const field of ["tag", "untagged"] as const)
      if (field in selector)
        report(
          [...at, field],
          `\`${field}\` applies to container and docker packages only; this package is ${type}`,
          true,
        );
  if ("usedIn" in selector && type !== undefined && usageKind(type) === undefined)
    report([...at, "usedIn"], `${NO_READER}; this package is ${type}`, true);
  for (const { glob, path } of usageGlobs(selector.usedIn, [...at, "usedIn"])) {
    const resolved = resolveUsageGlob(glob, folder, "");
    if ("problem" in resolved) report(path, resolved.problem);
  }
}

/** The globs of a `usedIn` field (one, or a list), each with its path in the document. */
export function usageGlobs(value: unknown, at: PathSegment[]): { glob: string; path: PathSegment[] }[] {
  if (typeof value === "string") return [{ glob: value, path: at }];
  if (!Array.isArray(value)) return [];
  return value.flatMap((glob, i) => (typeof glob === "string" ? [{ glob, path: [...at, i] }] : []));
}

export interface PackageEntry {
  /** Equal for two entries of one package: owner and name in lower case, as GitHub compares them. */
  readonly key: string;
  /** The package as this entry writes it. */
  readonly label: string;
  readonly file: SpecFile;
  readonly index: number;
}

/** Two entries for the same owner/type/name anywhere are an error, reported at the second, naming the first. */
export function checkDuplicates(entries: readonly PackageEntry[]): Problem[] {
  const first = new Map<string, PackageEntry>();
  const problems: Problem[] = [];
  for (const entry of entries) {
    const earlier = first.get(entry.key);
    if (!earlier) {
      first.set(entry.key, entry);
      continue;
    }
    const there = positionOf(earlier.file, ["packages", earlier.index]);
    const caseOnly =
      entry.label !== earlier.label ? " (owners and package names compare without regard to case)" : "";
    problems.push({
      ...positionOf(entry.file, ["packages", entry.index]),
      message: `package ${entry.label} is declared twice${caseOnly}; the other entry is at ${there.file}:${there.line}:${there.column}`,
    });
  }
  return problems;
}

/** The first surrogate not in a pair (`U+D800`), or undefined. */
export function loneSurrogate(text: string): string | undefined {
  const found = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.exec(text)?.[0];
  return found === undefined ? undefined : `U+${found.charCodeAt(0).toString(16).toUpperCase()}`;
}
