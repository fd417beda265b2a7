import { readdirSync, realpathSync, statSync, type Dirent, type Stats } from "node:fs";
import { join } from "node:path";
import type { Problem } from "./problem.js";
import { fsReason } from "../files/fs-reason.js";

const SPEC_NAME = /\.ya?ml$/;

/**
 * Expands paths (files, and folders: every *.yaml/*.yml below, sorted) into the spec files to read,
 * each once however often it is named or reached. Hidden files and folders are passed over: a
 * repository's .github/ holds workflows, not specs. What cannot be a spec (a device, a FIFO, a link
 * loop, an unreadable folder) is a problem naming the path, never a hang or a crash.
 */
export function findSpecFiles(paths: readonly string[], problems: Problem[]): string[] {
  const found = new Map<string, string>(); // real path → the path it was first reached by
  const walked = new Set<string>(); // real paths of the folders read so far
  const report = (path: string, message: string) =>
    problems.push({ file: path, line: 1, column: 1, message });
  const addFile = (path: string) => {
    const real = realpathSync(path);
    if (!found.has(real)) found.set(real, path);
  };

  const walk = (folder: string, reading: Map<string, string>, below: string[]) => {
    const real = realpathSync(folder);
    const already = reading.get(real);
    if (already !== undefined) {
      report(folder, `a symbolic link loop: this folder is ${already}, which is being read already`);
      return;
    }
    // A folder reached again by another link holds nothing new: walking it again could grow exponentially.
    if (walked.has(real)) return;
    walked.add(real);
    let entries: Dirent[];
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch (error) {
      report(folder, `cannot read the folder: ${fsReason(error)}`);
      return;
    }
    const inside = new Map(reading).set(real, folder);
    for (const entry of entries) {
      const name = entry.name;
      if (name.startsWith(".")) continue;
      const path = join(folder, name);
      // Only links need a stat of their own; a link that leads nowhere matters only if it looks like a spec.
      const stats = entry.isSymbolicLink()
        ? statOrReport(path, SPEC_NAME.test(name) ? report : () => undefined)
        : entry;
      if (stats?.isDirectory()) walk(path, inside, below);
      else if (stats && SPEC_NAME.test(name)) {
        const kind = notRegular(stats);
        if (kind) report(path, notRegularMessage(kind));
        else below.push(path);
      }
    }
  };

  for (const path of paths) {
    const stats = statOrReport(path, report);
    if (!stats) continue;
    if (stats.isDirectory()) {
      const below: string[] = [];
      const before = problems.length;
      const seenBefore = walked.has(realpathSync(path));
      walk(path, new Map(), below);
      if (below.length === 0 && problems.length === before && !seenBefore)
        report(path, "the folder holds no *.yaml or *.yml file");
      below.sort().forEach(addFile);
      continue;
    }
    const kind = notRegular(stats);
    if (kind) report(path, notRegularMessage(kind));
    else addFile(path);
  }
  return [...found.values()];
}

/** stat, following links; a path that cannot be stat'ed is reported (a dangling link, a loop, a denied folder). */
function statOrReport(path: string, report: (path: string, message: string) => void): Stats | undefined {
  try {
    return statSync(path);
  } catch (error) {
    report(path, fsReason(error));
    return undefined;
  }
}

function notRegular(stats: Stats | Dirent): string | undefined {
  if (stats.isFile()) return undefined;
  if (stats.isFIFO()) return "a FIFO";
  if (stats.isSocket()) return "a socket";
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return "a device";
  return "neither a file nor a folder";
}

const notRegularMessage = (kind: string) =>
  `not a regular file (${kind}); a spec is a YAML file or a folder of them`;
