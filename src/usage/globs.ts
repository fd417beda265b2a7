import { realpathSync, statSync } from "node:fs";
import { join, sep } from "node:path";
import { glob } from "tinyglobby";

/**
 * The files a glob names, relative to the working directory, sorted. Regular files only (a glob
 * that names a folder names none of its files: `deploy/**` does); names starting with `.` only
 * where the glob spells the dot (`.github/workflows/*.yaml`), as shells do. Symbolic links are
 * followed, and each file's real path must stay inside the working directory.
 */
export async function globFiles(pattern: string, cwd: string): Promise<GlobResult> {
  const found = await glob(pattern, {
    cwd,
    dot: false,
    onlyFiles: true,
    expandDirectories: false,
    followSymbolicLinks: true,
  });
  const root = realpathSync.native(cwd);
  const files: string[] = [];
  const outside: string[] = [];
  const seen = new Set<string>();
  for (const file of found.sort(byCodeUnit)) {
    const real = realpathSync.native(join(cwd, file));
    if (real !== root && !real.startsWith(root + sep)) outside.push(file);
    // A file reached twice (through a link to a folder of the checkout) is read once.
    else if (!seen.has(real)) {
      files.push(file);
      seen.add(real);
    }
  }
  return { files, outside, folder: files.length === 0 && isFolder(join(cwd, pattern)) };
}

export interface GlobResult {
  readonly files: readonly string[];
  /** Files the glob reaches through a symbolic link that leads out of the working directory. */
  readonly outside: readonly string[];
  /** The glob names no file, and is itself a folder (`deploy` rather than `deploy/**`). */
  readonly folder: boolean;
}

const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
