import { isMap, isScalar, LineCounter, parseDocument } from "yaml";
import { UserError } from "../model/errors.js";
import type { NpmResolution } from "../model/usage.js";
import { isScoped, splitDescriptor } from "./npm-name.js";

/**
 * `yarn.lock` of Yarn 2 and later (Berry): YAML, with a `__metadata` entry. Each entry's
 * `resolution` says what was installed: `@o/lib@npm:1.2.3`; a patched package wraps its npm
 * resolution (`@o/lib@patch:@o/lib@npm%3A1.2.3#…`). Workspaces, links and other protocols are the
 * project's own code or come from elsewhere, and are passed over.
 */
export function yarnBerryResolutions(text: string, file: string): NpmResolution[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  if (doc.errors.length > 0)
    throw new UserError(`${file} is not valid YAML: ${doc.errors[0]!.message.split("\n")[0]}`);
  if (!isMap(doc.contents)) throw new UserError(`${file} is not a Yarn lockfile: it is not a mapping`);
  const found: NpmResolution[] = [];
  for (const pair of doc.contents.items) {
    if (!isScalar(pair.key) || !isMap(pair.value)) continue;
    const resolution = pair.value.get("resolution");
    const resolved = typeof resolution === "string" ? npmResolution(resolution) : undefined;
    if (!resolved || !isScoped(resolved.name)) continue;
    const line = lineCounter.linePos(pair.key.range?.[0] ?? 0).line;
    found.push({ file, line, name: resolved.name.toLowerCase(), version: resolved.version });
  }
  return found;
}

function npmResolution(resolution: string): { name: string; version: string } | undefined {
  const split = splitDescriptor(resolution);
  if (!split) return undefined;
  if (split.range.startsWith("npm:")) return { name: split.name, version: split.range.slice(4) };
  if (split.range.startsWith("patch:")) {
    const inner = split.range.slice(6).split("#")[0]!;
    try {
      return npmResolution(decodeURIComponent(inner));
    } catch {
      return undefined;
    }
  }
  return undefined;
}
