import { hasTags, type PackageType } from "../model/package.js";
import { compilePattern } from "../select/pattern.js";
import { compileSelector, type Selector, type SelectorSpec } from "../select/selector.js";
import { positionOf, type SpecFile } from "./parse.js";
import type { PackageSpec, Unmatched } from "./types.js";

interface RulesDoc {
  readonly keep?: readonly SelectorSpec[];
  readonly delete?: readonly SelectorSpec[];
  readonly unmatched?: Unmatched;
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
    const rules = (list: "keep" | "delete"): Selector[] => [
      ...(defaults[list] ?? []).flatMap((spec, i) =>
        applies(spec) ? [compileSelector(spec, `defaults.${list}[${i}]`)] : [],
      ),
      ...(entry[list] ?? []).map((spec, i) => compileSelector(spec, `${list}[${i}]`)),
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
      at: positionOf(file, ["packages", index]),
      ...(pattern.kind === "exact" ? {} : { pattern, entry: `packages[${index}] (${entry.name})` }),
    };
  });
}
