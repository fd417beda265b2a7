import { realpathSync, statSync } from "node:fs";
import { join, sep } from "node:path";
import { glob } from "tinyglobby";

/**
 * The files a glob names, relative to the working directory, sorted. Regular files only (a glob
 * that names a folder names none of its files: `deploy/**` does); names starting with `.` only
 * where the glob spells the dot (`.github/workflows/*.yaml`), as shells do. Symbolic links are
 * followed, and each file's folder must really be inside the working directory (a link to a file
 * is checked when it is opened: see insideReal). A file reached twice, through a link to a folder
 * of the checkout, is named once.
 */
export async function globFiles(pattern: string, cwd: string, realFolders: RealFolders): Promise<GlobResult> {
  const found = await glob(pattern, {
    cwd,
    dot: false,
    onlyFiles: true,
    expandDirectories: false,
    followSymbolicLinks: true,
  });
  const files: string[] = [];
  const outside: string[] = [];
  const seen = new Set<string>();
  for (const file of found.sort(byCodeUnit)) {
    const slash = file.lastIndexOf("/");
    const folder = realFolders.of(slash < 0 ? "." : file.slice(0, slash));
    const real = `${folder}/${file.slice(slash + 1)}`;
    if (folder === undefined) outside.push(file);
    else if (!seen.has(real)) {
      files.push(file);
      seen.add(real);
    }
  }
  return { files, outside, folder: files.length === 0 && isFolder(join(cwd, pattern)) };
}

/** Real paths of folders of the working directory, each asked once; undefined for one outside it. */
export interface RealFolders {
  of(folder: string): string | undefined;
  /** A path's real path, if inside the working directory. */
  inside(path: string): string | undefined;
}

export function realFolders(cwd: string): RealFolders {
  const root = realpathSync.native(cwd);
  const cache = new Map<string, string | undefined>();
  const inside = (path: string) => {
    const real = realpathSync.native(join(cwd, path));
    return real === root || real.startsWith(root + sep) ? real : undefined;
  };
  return {
    of(folder) {
      if (!cache.has(folder)) cache.set(folder, inside(folder));
      return cache.get(folder);
    },
    inside,
  };
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
