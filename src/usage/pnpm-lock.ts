import { isMap, isScalar, LineCounter, parseAllDocuments } from "yaml";
import { UserError } from "../model/errors.js";
import type { NpmResolution } from "../model/usage.js";
import { isScoped } from "./npm-name.js";

/**
 * `pnpm-lock.yaml`: YAML, whose `packages` keys name what is installed, in a shape that changed
 * with the lockfile version — 5.x `/@o/lib/1.2.3_peer@1.0.0`, 6.x `/@o/lib@1.2.3(peer@1.0.0)`,
 * 9.x `@o/lib@1.2.3`. An entry may also carry its `name` and `version` (a tarball or git
 * dependency); a local folder (`file:`, `link:`) is the project's own code. A file may hold more
 * than one document (pnpm 9.7 and later can write its own version's first): each is read.
 */
export function pnpmResolutions(text: string, file: string): NpmResolution[] {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter });
  if (!Array.isArray(docs)) throw new UserError(`${file} holds no YAML document`);
  const found: NpmResolution[] = [];
  for (const doc of docs) {
    if (doc.errors.length > 0)
      throw new UserError(`${file} is not valid YAML: ${doc.errors[0]!.message.split("\n")[0]}`);
    if (!isMap(doc.contents)) continue;
    const version = doc.contents.get("lockfileVersion");
    const packages = doc.contents.get("packages", true);
    if (version === undefined || !isMap(packages)) continue;
    const slashes = Number.parseFloat(String(version)) < 6;
    for (const pair of packages.items) {
      if (!isScalar(pair.key)) continue;
      const key = String(pair.key.value);
      const fields = isMap(pair.value) ? pair.value : undefined;
      const name = fields?.get("name");
      const ver = fields?.get("version");
      const resolved =
        typeof name === "string" && typeof ver === "string" ? { name, version: ver } : fromKey(key, slashes);
      if (!resolved || !isScoped(resolved.name) || /^(file|link):/.test(key)) continue;
      const line = lineCounter.linePos(pair.key.range?.[0] ?? 0).line;
      found.push({ file, line, name: resolved.name.toLowerCase(), version: resolved.version });
    }
  }
  return found;
}

/** `/@o/lib/1.2.3_peer` (5.x), `/@o/lib@1.2.3(peer)` (6.x), `@o/lib@1.2.3(peer)` (9.x). */
function fromKey(key: string, slashes: boolean): { name: string; version: string } | undefined {
  const bare = key.startsWith("/") ? key.slice(1) : key;
  if (slashes) {
    const at = bare.lastIndexOf("/");
    if (at <= 0) return undefined;
    return { name: bare.slice(0, at), version: bare.slice(at + 1).split("_")[0]! };
  }
  const at = bare.indexOf("@", 1);
  if (at <= 0) return undefined;
  return { name: bare.slice(0, at), version: bare.slice(at + 1).split("(")[0]! };
}
