import { UserError } from "../model/errors.js";
import type { PackageType } from "../model/package.js";
import { compileSelector, type Selector, type SelectorSpec } from "../select/selector.js";
import { resolveUsageGlob } from "../select/usage-glob.js";
import { checkSemantics, usageGlobs } from "./check.js";
import { parseSpecText } from "./parse.js";
import type { Problem } from "./problem.js";
import { checkSchema } from "./schema.js";

const EXAMPLE = `'{tag: "v*", newest: 5}'`;

/**
 * One selector given on the command line (`list --match`), in YAML flow form. It is checked exactly
 * as a `keep` selector of a spec entry of each of these types would be (the same schema and checks),
 * so a rule tried with `list` is a rule a spec accepts.
 */
export function parseSelectorFlag(text: string, types: readonly PackageType[]): SelectorSpec {
  const flow = text.trim();
  // One line starting with `{`: a flow mapping, which cannot reach outside the entry it is placed in.
  if (/[\r\n]/.test(flow) || !flow.startsWith("{"))
    throw new UserError(`--match takes one selector in YAML flow form on one line, such as ${EXAMPLE}`);
  let selector: SelectorSpec | undefined;
  const problems = new Set<string>();
  for (const type of new Set(types.length > 0 ? types : (["container"] as const))) {
    const found: Problem[] = [];
    const file = parseSpecText(
      `version: 1\nowner: ghpkg\npackages:\n  - type: ${type}\n    name: match\n    keep:\n      - ${flow}\n`,
      "--match",
      found,
    );
    if (file) found.push(...checkSchema(file), ...checkSemantics(file));
    for (const p of found) problems.add(p.message);
    selector ??= (file?.data as { packages?: { keep?: SelectorSpec[] }[] } | undefined)?.packages?.[0]
      ?.keep?.[0];
  }
  if (problems.size > 0 || selector === undefined)
    throw new UserError(`--match ${flow}: ${[...problems].join("; ") || `expected such as ${EXAMPLE}`}`);
  return selector;
}

/** `--match` compiled as a `keep` selector; its `usedIn` globs are relative to the working directory. */
export function compileSelectorFlag(text: string, types: readonly PackageType[]): Selector {
  const spec = parseSelectorFlag(text, types);
  const globs = usageGlobs(spec.usedIn, []).flatMap(({ glob }) => {
    const resolved = resolveUsageGlob(glob, ".", "--match");
    return "glob" in resolved ? [resolved.glob] : [];
  });
  return compileSelector(spec, "--match", spec.usedIn === undefined ? undefined : globs);
}
