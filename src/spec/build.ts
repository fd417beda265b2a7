import { hasTags, type PackageType } from "../model/package.js";
import { compilePattern } from "../select/pattern.js";
import { dirname } from "node:path";
import type { UsageGlob } from "../model/usage.js";
import { compileSelector, type Selector, type SelectorSpec } from "../select/selector.js";
import { resolveUsageGlob } from "../select/usage-glob.js";
import { usageGlobs } from "./check.js";
import { positionOf, type PathSegment, type SpecFile } from "./parse.js";
import type { PackageSpec, Unmatched } from "./types.js";

interface RulesDoc {
  readonly keep?: readonly SelectorSpec[];
  readonly delete?: readonly SelectorSpec[];
  readonly unmatched?: Unmatched;
  readonly repair?: boolean;
}
interface PackageDoc extends RulesDoc {
  readonly type: PackageType;
  readonly name: string;
}
interface SpecDoc {
  readonly owner: string;
  readonly defaults?: RulesDoc;
  readonly packages: readonly PackageDoc[];
}

/** A valid file's packages as typed rules: defaults first, each selector knowing where it came from. */
export function buildPackages(file: SpecFile): PackageSpec[] {
  const doc = file.data as SpecDoc;
  const defaults = doc.defaults ?? {};
  return doc.packages.map((entry, index) => {
    const applies = (spec: SelectorSpec) => hasTags(entry.type) || !("tag" in spec || "untagged" in spec);
    const compile = (spec: SelectorSpec, at: PathSegment[], origin: string) =>
      compileSelector(spec, origin, spec.usedIn === undefined ? undefined : globsOf(file, spec, at));
    const rules = (list: "keep" | "delete"): Selector[] => [
      ...(defaults[list] ?? []).flatMap((spec, i) =>
        applies(spec) ? [compile(spec, ["defaults", list, i], `defaults.${list}[${i}]`)] : [],
      ),
      ...(entry[list] ?? []).map((spec, i) => compile(spec, ["packages", index, list, i], `${list}[${i}]`)),
    ];
    // Package names compare without regard to case, as GitHub compares them.
    const pattern = compilePattern(entry.name, { ignoreCase: true });
    return {
      owner: doc.owner,
      type: entry.type,
      name: entry.name,
      keep: rules("keep"),
      delete: rules("delete"),
      unmatched: entry.unmatched ?? defaults.unmatched ?? "ignore",
      ...((entry.repair ?? defaults.repair) === true ? { repair: true } : {}),
      at: positionOf(file, ["packages", index]),
      ...(pattern.kind === "exact" ? {} : { pattern, entry: `packages[${index}] (${entry.name})` }),
    };
  });
}

/** A valid selector's `usedIn` globs, from the working directory, each knowing where it is written. */
function globsOf(file: SpecFile, spec: SelectorSpec, at: PathSegment[]): UsageGlob[] {
  return usageGlobs(spec.usedIn, [...at, "usedIn"]).map(({ glob, path }) => {
    const p = positionOf(file, path);
    const resolved = resolveUsageGlob(glob, dirname(file.path), `${p.file}:${p.line}:${p.column}`);
    if ("problem" in resolved) throw new Error(`${p.file}:${p.line}:${p.column}: ${resolved.problem}`);
    return resolved.glob;
  });
}
