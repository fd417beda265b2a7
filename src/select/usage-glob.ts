import { posix } from "node:path";
import type { UsageGlob } from "../model/usage.js";

/**
 * A `usedIn` glob, written relative to its spec file's folder, made relative to the working
 * directory (the checkout). It must stay inside it: an absolute glob, or one whose leading `..`
 * climb out of it, is a problem; `..` anywhere else would let a wildcard climb, and is one too.
 * `specFolder` is the spec file's folder relative to the working directory (`.`, `specs`, `../x`).
 */
export function resolveUsageGlob(
  glob: string,
  specFolder: string,
  at: string,
): { glob: UsageGlob } | { problem: string } {
  if (/^([/\\]|[A-Za-z]:)/.test(glob))
    return { problem: `\`${glob}\` is an absolute path: write it relative to the spec file's folder` };
  if (glob.startsWith("!")) return { problem: `\`${glob}\` starts with \`!\`: a usedIn glob cannot exclude` };
  const parts = glob.split("/");
  let lead = 0;
  while (lead < parts.length && (parts[lead] === "." || parts[lead] === "..")) lead++;
  if (parts.slice(lead).includes(".."))
    return { problem: `\`${glob}\`: \`..\` may only start a glob, before any other part` };
  const folder = posix.normalize(posix.join(specFolder.replace(/\\/g, "/"), ...parts.slice(0, lead)));
  if (folder === ".." || folder.startsWith("../"))
    return {
      problem: `\`${glob}\` climbs out of the working directory (${specFolder === "." ? "the spec is in it" : `the spec's folder is ${specFolder}`}); usedIn reads only the checkout ghpkg runs in`,
    };
  const rest = parts.slice(lead).join("/");
  const base = folder === "." ? "" : escapeGlob(folder);
  return { glob: { glob, fromCwd: rest === "" ? base || "." : base ? `${base}/${rest}` : rest, at } };
}

/** A folder's name taken literally inside a glob (`specs[1]` is not a character class). */
const escapeGlob = (path: string) => path.replace(/[()[\]{}*?|!+@\\]/g, "\\$&");
