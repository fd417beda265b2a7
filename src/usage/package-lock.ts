import { UserError } from "../model/errors.js";
import type { NpmResolution } from "../model/usage.js";
import { jsonKeyLines } from "./json-key-lines.js";
import { isScoped, splitDescriptor } from "./npm-name.js";

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * `package-lock.json` and `npm-shrinkwrap.json`, lockfile versions 1 to 3. Versions 2 and 3 list
 * every installed package under `packages`, keyed by its folder (`node_modules/@o/lib`, nested
 * `node_modules/a/node_modules/@o/lib`; an alias carries the real `name`); version 1 nests
 * `dependencies` (an alias's version reads `npm:@o/lib@1.2.3`). Workspace folders and links are
 * the project's own code, not something installed, and are passed over.
 */
export function packageLockResolutions(text: string, file: string): NpmResolution[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UserError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  if (!isObject(data) || !(isObject(data.packages) || isObject(data.dependencies)))
    throw new UserError(`${file} is not an npm lockfile: it has neither \`packages\` nor \`dependencies\``);
  return isObject(data.packages)
    ? fromPackages(text, file, data.packages)
    : fromDependencies(text, file, data);
}

const MODULES = "node_modules/";

function fromPackages(text: string, file: string, packages: Json): NpmResolution[] {
  const lines = jsonKeyLines(text, (path) => path.length === 2 && path[0] === "packages");
  const found: NpmResolution[] = [];
  for (const [key, entry] of Object.entries(packages)) {
    const at = key.lastIndexOf(MODULES);
    if (at < 0 || !isObject(entry) || entry.link === true || typeof entry.version !== "string") continue;
    const name = typeof entry.name === "string" ? entry.name : key.slice(at + MODULES.length);
    if (isScoped(name))
      found.push({
        file,
        line: lines.get(`packages\0${key}`) ?? 1,
        name: name.toLowerCase(),
        version: entry.version,
      });
  }
  return found;
}

function fromDependencies(text: string, file: string, root: Json): NpmResolution[] {
  // `dependencies`, a name, `dependencies`, a name, …: the keys that are installed packages.
  const lines = jsonKeyLines(
    text,
    (path) => path.length % 2 === 0 && path.every((key, i) => i % 2 === 1 || key === "dependencies"),
  );
  const found: NpmResolution[] = [];
  const walk = (dependencies: Json, path: string[]) => {
    for (const [key, entry] of Object.entries(dependencies)) {
      if (!isObject(entry)) continue;
      const here = [...path, "dependencies", key];
      if (typeof entry.version === "string") {
        const alias = entry.version.startsWith("npm:") ? splitDescriptor(entry.version.slice(4)) : undefined;
        const name = alias?.name ?? key;
        const version = alias?.range ?? entry.version;
        if (isScoped(name))
          found.push({ file, line: lines.get(here.join("\0")) ?? 1, name: name.toLowerCase(), version });
      }
      if (isObject(entry.dependencies)) walk(entry.dependencies, here);
    }
  };
  walk(root.dependencies as Json, []);
  return found;
}
