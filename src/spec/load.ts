import { SpecError, type Problem } from "./problem.js";
import { packageKey, packageLabel, type PackageType } from "../model/package.js";
import { buildPackages } from "./build.js";
import { checkDuplicates, checkSemantics, type PackageEntry } from "./check.js";
import { specDigest } from "./digest.js";
import { findSpecFiles } from "./find.js";
import { parseSpecFile, type SpecFile } from "./parse.js";
import { checkSchema } from "./schema.js";
import type { Spec } from "./types.js";

/**
 * Reads, validates and types the spec at `paths` (files or folders). Throws a SpecError listing
 * every problem, sorted by file and line: a spec with any problem yields nothing to act on.
 */
export function loadSpec(paths: readonly string[]): Spec {
  const problems: Problem[] = [];
  const files: SpecFile[] = [];
  for (const path of findSpecFiles(paths, problems)) {
    const file = parseSpecFile(path, problems);
    if (!file) continue;
    files.push(file);
    problems.push(...checkSchema(file), ...checkSemantics(file));
  }
  problems.push(...checkDuplicates(files.flatMap(packageEntries)));
  if (problems.length > 0) throw new SpecError(sortProblems(problems));
  const packages = files.flatMap(buildPackages);
  return { files: files.map((f) => f.path), packages, digest: specDigest(packages) };
}

function packageEntries(file: SpecFile): PackageEntry[] {
  const data = file.data as { owner?: unknown; packages?: unknown };
  if (typeof data?.owner !== "string" || !Array.isArray(data.packages)) return [];
  return (data.packages as { type?: unknown; name?: unknown }[]).flatMap((entry, index) =>
    typeof entry?.type === "string" && typeof entry.name === "string"
      ? [
          {
            label: packageLabel({
              owner: data.owner as string,
              type: entry.type as PackageType,
              name: entry.name,
            }),
            // GitHub compares owners and names without case: `OctoCat` and `octocat` are one owner.
            key: packageKey({
              owner: data.owner as string,
              type: entry.type as PackageType,
              name: entry.name,
            }),
            file,
            index,
          },
        ]
      : [],
  );
}

function sortProblems(problems: Problem[]): Problem[] {
  return problems.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
}
