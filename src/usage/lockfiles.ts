import { basename } from "node:path";
import type { NpmResolution } from "../model/usage.js";
import { packageLockResolutions } from "./package-lock.js";
import { pnpmResolutions } from "./pnpm-lock.js";
import { yarnBerryResolutions } from "./yarn-berry.js";
import { yarnClassicResolutions } from "./yarn-classic.js";

export type LockfileKind = "npm" | "yarn" | "pnpm";

/** Which lockfile a file is, by its name as the package managers write it; undefined for any other file. */
export function lockfileKind(path: string): LockfileKind | undefined {
  switch (basename(path)) {
    case "package-lock.json":
    case "npm-shrinkwrap.json":
      return "npm";
    case "yarn.lock":
      return "yarn";
    case "pnpm-lock.yaml":
      return "pnpm";
    default:
      return undefined;
  }
}

/** What a lockfile resolves scoped packages to; throws a UserError naming the file if it cannot be read as one. */
export function lockfileResolutions(kind: LockfileKind, text: string, file: string): NpmResolution[] {
  switch (kind) {
    case "npm":
      return packageLockResolutions(text, file);
    case "pnpm":
      return pnpmResolutions(text, file);
    case "yarn":
      // Berry's is YAML with a `__metadata` entry; Yarn 1's has none.
      return /^"?__metadata"?:/m.test(text)
        ? yarnBerryResolutions(text, file)
        : yarnClassicResolutions(text, file);
  }
}
