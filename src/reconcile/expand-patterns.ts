import pLimit from "p-limit";
import type { PackageRef, PackageType } from "../model/package.js";
import { compilePattern } from "../select/pattern.js";
import type { PackageSource } from "../live/source.js";
import type { PatternMatches } from "../plan/types.js";
import { SpecError, type Problem } from "../spec/problem.js";
import type { PackageSpec } from "../spec/types.js";

export interface Expanded {
  /** Exact entries as written, and one package per package a pattern entry governs. */
  readonly packages: readonly PackageSpec[];
  readonly patterns: readonly PatternMatches[];
}

/**
 * Pattern entries (`name: web-*`) become the packages GitHub lists for their owner and type
 * (one listing per owner and type). An exact entry wins for its package; a package two pattern entries
 * match, and no exact entry names, is a spec error naming both entries, and nothing is planned.
 */
export async function expandPatterns(
  source: PackageSource,
  packages: readonly PackageSpec[],
  concurrency: number,
): Promise<Expanded> {
  const patternEntries = packages.filter((p) => p.pattern !== undefined);
  if (patternEntries.length === 0) return { packages, patterns: [] };
  const exact = packages.filter((p) => p.pattern === undefined);
  // Owners and package names compare without regard to case, as GitHub compares them.
  const key = (owner: string, type: PackageType, name = "") =>
    `${owner.toLowerCase()}/${type}/${name.toLowerCase()}`;
  const named = new Set(exact.map((p) => key(p.owner, p.type, p.name)));

  // Every listing at once, all awaited together: a failure is one error, never an unhandled rejection.
  const limit = pLimit(concurrency);
  const owners = new Map(patternEntries.map((p) => [key(p.owner, p.type), p]));
  const listings = new Map(
    await Promise.all(
      [...owners].map(
        async ([k, p]) => [k, await limit(() => source.listPackages(p.owner, p.type))] as const,
      ),
    ),
  );

  const problems: Problem[] = [];
  const governedBy = new Map<string, PackageSpec>();
  const expanded: PackageSpec[] = [];
  const patterns: PatternMatches[] = [];
  for (const entry of patternEntries) {
    const names = listings.get(key(entry.owner, entry.type)) ?? [];
    const matched = names
      .filter((name) => entry.pattern?.test(name) && !named.has(key(entry.owner, entry.type, name)))
      .sort();
    for (const name of matched) {
      const earlier = governedBy.get(key(entry.owner, entry.type, name));
      if (earlier) {
        problems.push({
          ...entry.at,
          message: `package ${entry.owner}/${entry.type}/${name} matches two pattern entries, \`${entry.name}\` here and \`${earlier.name}\` at ${earlier.at.file}:${earlier.at.line}:${earlier.at.column}; add an entry with its exact name, or narrow a pattern`,
        });
        continue;
      }
      governedBy.set(key(entry.owner, entry.type, name), entry);
      expanded.push(concrete(entry, name));
    }
    patterns.push({
      owner: entry.owner,
      type: entry.type,
      pattern: entry.name,
      entry: entry.entry ?? entry.name,
      matched,
    });
  }
  if (problems.length > 0) throw new SpecError(problems);
  return { packages: [...exact, ...expanded], patterns };
}

/**
 * One package a pattern entry governs: the entry's rules (every one of them, `repair` too) and label,
 * under the package's own name, and no longer a pattern.
 */
function concrete(entry: PackageSpec, name: string): PackageSpec {
  const rules: PackageSpec = { ...entry, name };
  delete (rules as { pattern?: unknown }).pattern;
  return rules;
}

/**
 * The packages `--package TYPE/NAME` arguments name, a NAME that is a glob or `/regex/` standing for
 * every package of that type and owner it matches (as `list` and `import` take them). The arguments
 * that matched nothing are returned too, for the command to say so.
 */
export async function packagesNamed(
  source: PackageSource,
  owner: string,
  args: readonly { readonly type: PackageType; readonly name: string }[],
): Promise<{ refs: PackageRef[]; unmatched: string[] }> {
  const refs = new Map<string, PackageRef>();
  const unmatched: string[] = [];
  for (const { type, name } of args) {
    const pattern = compilePattern(name, { ignoreCase: true });
    const names =
      pattern.kind === "exact"
        ? [name]
        : (await source.listPackages(owner, type)).filter((n) => pattern.test(n)).sort();
    if (names.length === 0) unmatched.push(`${type}/${name} matched no ${type} package of ${owner}`);
    for (const n of names) refs.set(`${type}/${n.toLowerCase()}`, { owner, type, name: n });
  }
  return { refs: [...refs.values()], unmatched };
}
