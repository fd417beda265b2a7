// The reference's `usedIn`, written from CONTRACT.md section 1 ("In use") alone, sharing no code with
// src/usage or src/select: the files of a world are tokens of text and npm lockfiles, read plainly.
import type { PackageRef } from "../../src/model/package.js";
import type { PackageVersion } from "../../src/model/version.js";

/** Where a file refers to a version: `deploy/a.yaml:3`. */
export type Site = string;

/** A glob over the world's paths: `**` any run of characters, `*` and `?` within one part. */
function globMatches(glob: string, path: string): boolean {
  let source = "";
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!;
    if (ch === "*" && glob[i + 1] === "*") {
      source += ".*";
      i++;
    } else if (ch === "*") source += "[^/]*";
    else if (ch === "?") source += "[^/]";
    else source += ch.replace(/[\\^$.|+()[\]{}]/g, "\\$&");
  }
  return new RegExp(`^${source}$`).test(path);
}

/**
 * Every place the files named by `globs` refer to `v` of `ref`, sorted by file then line. Images:
 * whitespace- or quote-separated tokens `HOST/OWNER/NAME:TAG`, `…@sha256:DIGEST` or both (then the
 * digest alone counts), HOST, OWNER and NAME compared without regard to case. npm: a
 * `package-lock.json` that resolves `@OWNER/NAME` (the scenarios write lockfile version 3).
 */
export function usesOf(
  files: ReadonlyMap<string, string>,
  host: string,
  globs: readonly string[],
  ref: PackageRef,
  v: PackageVersion,
): Site[] {
  const sites: { file: string; line: number }[] = [];
  const paths = [...files.keys()].filter((path) => globs.some((g) => globMatches(g, path))).sort();
  const repository = `${ref.owner}/${ref.name}`.toLowerCase();
  for (const path of paths) {
    const text = files.get(path)!;
    if (ref.type === "npm") {
      if (!path.endsWith("/package-lock.json")) continue;
      const lock = JSON.parse(text) as { packages: Record<string, { version?: string }> };
      const lines = text.split("\n");
      for (const [key, entry] of Object.entries(lock.packages)) {
        const name = key.slice(key.lastIndexOf("node_modules/") + "node_modules/".length);
        if (
          key.includes("node_modules/") &&
          `@${repository}` === name.toLowerCase() &&
          entry.version === v.name
        )
          sites.push({ file: path, line: lines.findIndex((l) => l.includes(JSON.stringify(key))) + 1 });
      }
      continue;
    }
    text.split("\n").forEach((lineText, i) => {
      for (const token of lineText.split(/[\s"']+/)) {
        const m = /^([^/]+)\/(.+?)(?::([A-Za-z0-9_][A-Za-z0-9_.-]{0,127}))?(?:@(sha256:[0-9a-f]{64}))?$/.exec(
          token,
        );
        if (!m || m[1]!.toLowerCase() !== host || m[2]!.toLowerCase() !== repository) continue;
        const [, , , tag, digest] = m;
        if (digest !== undefined ? digest === v.name : tag !== undefined && v.tags.includes(tag))
          sites.push({ file: path, line: i + 1 });
      }
    });
  }
  return sites
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line))
    .map((s) => `${s.file}:${s.line}`);
}
