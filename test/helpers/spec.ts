import type { PackageType } from "../../src/model/package.js";
import type { UsageGlob } from "../../src/model/usage.js";
import { compileSelector, type SelectorSpec } from "../../src/select/selector.js";
import { resolveUsageGlob } from "../../src/select/usage-glob.js";
import type { PackageSpec, Unmatched } from "../../src/spec/types.js";

/** A package's rules as the spec loader would build them, origins numbered as written. */
export function packageSpec(rules: {
  type?: PackageType;
  name?: string;
  keep?: SelectorSpec[];
  delete?: SelectorSpec[];
  unmatched?: Unmatched;
  repair?: boolean;
}): PackageSpec {
  return {
    owner: "octocat",
    type: rules.type ?? "container",
    name: rules.name ?? "web",
    keep: (rules.keep ?? []).map((s, i) => compileSelector(s, `keep[${i}]`, globsOf(s))),
    delete: (rules.delete ?? []).map((s, i) => compileSelector(s, `delete[${i}]`, globsOf(s))),
    unmatched: rules.unmatched ?? "ignore",
    ...(rules.repair ? { repair: true } : {}),
    at: { file: "ghpkg.yaml", line: 1, column: 1 },
  };
}

/** A selector's `usedIn` globs, from a spec in the working directory. */
export function globsOf(s: SelectorSpec): UsageGlob[] | undefined {
  if (s.usedIn === undefined) return undefined;
  return [s.usedIn].flat().map((glob) => {
    const resolved = resolveUsageGlob(glob, ".", "ghpkg.yaml:1:1");
    if ("problem" in resolved) throw new Error(resolved.problem);
    return resolved.glob;
  });
}
