import type { PackageType } from "../../src/model/package.js";
import { compileSelector, type SelectorSpec } from "../../src/select/selector.js";
import type { PackageSpec, Unmatched } from "../../src/spec/types.js";

/** A package's rules as the spec loader would build them, origins numbered as written. */
export function packageSpec(rules: {
  type?: PackageType;
  name?: string;
  keep?: SelectorSpec[];
  delete?: SelectorSpec[];
  unmatched?: Unmatched;
}): PackageSpec {
  return {
    owner: "octocat",
    type: rules.type ?? "container",
    name: rules.name ?? "web",
    keep: (rules.keep ?? []).map((s, i) => compileSelector(s, `keep[${i}]`)),
    delete: (rules.delete ?? []).map((s, i) => compileSelector(s, `delete[${i}]`)),
    unmatched: rules.unmatched ?? "ignore",
    at: { file: "ghpkg.yaml", line: 1, column: 1 },
  };
}
