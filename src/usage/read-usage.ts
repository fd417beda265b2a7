import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";
import { join } from "node:path";
import { UserError } from "../model/errors.js";
import { fsReason as reason } from "../files/fs-reason.js";
import type { FileUsage, ImageReference, NpmResolution, UsageGlob, UsageKind } from "../model/usage.js";
import { globFiles, realFolders, type RealFolders } from "./globs.js";
import { imageScanner } from "./image-references.js";
import { lockfileKind, lockfileResolutions } from "./lockfiles.js";
import { shownPath } from "./shown-path.js";

/** One glob, and what the packages whose selectors name it need read in its files. */
export interface UsageRequest {
  readonly glob: UsageGlob;
  readonly kinds: ReadonlySet<UsageKind>;
}

/** The packages references are kept for: `owner/name` (images) and `@owner/name` (npm), in lower case. */
export interface WantedPackages {
  readonly images: ReadonlySet<string>;
  readonly npm: ReadonlySet<string>;
}

/** What the files named by each glob (by its `fromCwd`) say, sorted by path. */
export type UsageByGlob = ReadonlyMap<string, readonly FileUsage[]>;

/** The port the core reads `usedIn` files through: cli/ makes the real one, tests may hand in another. */
export interface UsageReader {
  read(requests: readonly UsageRequest[], wanted: WantedPackages): Promise<UsageByGlob>;
}

export interface UsageReaderOptions {
  /** The working directory (the checkout): globs are read from it and files must stay inside it. */
  readonly cwd: string;
  /** The registry's host, with its port if it has one: `ghcr.io`, `127.0.0.1:8787`. */
  readonly registryHost: string;
}

// Text is scanned in chunks of this size; a lockfile is parsed whole, up to LOCKFILE_LIMIT.
const CHUNK = 1 << 20;
const LOCKFILE_LIMIT = 64 << 20;

/**
 * Reads each file that any glob names once, whatever number of globs name it: its image references
 * if a container or docker package needs them, its lockfile resolutions if an npm package does. A
 * glob that names no file, or a file that cannot be read, stops the plan (naming the glob): a
 * deployment folder that moved must not silently stop protecting what it deploys.
 */
export function usageReader(options: UsageReaderOptions): UsageReader {
  return {
    async read(requests, wanted) {
      const problems: string[] = [];
      const filesOf = new Map<string, readonly string[]>();
      const needs = new Map<string, { kinds: Set<UsageKind>; glob: UsageGlob }>();
      const folders = realFolders(options.cwd);
      for (const request of unique(requests)) {
        const { glob } = request;
        const named = `${glob.at}: usedIn \`${shownPath(glob.glob)}\``;
        const result = await globFiles(glob.fromCwd, options.cwd, folders);
        for (const file of result.outside)
          problems.push(
            `${named} names ${shownPath(file)}, a symbolic link that leads out of the working directory`,
          );
        if (result.files.length === 0 && result.outside.length === 0)
          problems.push(
            result.folder
              ? `${named} names a folder and no file: write \`${shownPath(glob.glob.replace(/\/*$/, "/**"))}\` for every file in it`
              : `${named} names no file (looked for ${shownPath(glob.fromCwd)} in ${shownPath(options.cwd)})`,
          );
        filesOf.set(glob.fromCwd, result.files);
        for (const file of result.files) {
          const need = needs.get(file) ?? { kinds: new Set<UsageKind>(), glob };
          for (const kind of request.kinds) need.kinds.add(kind);
          needs.set(file, need);
        }
      }
      const read = new Map<string, FileUsage>();
      // One buffer for every read: the scanner keeps nothing of a chunk once it returns.
      const chunk = Buffer.allocUnsafe(CHUNK);
      if (problems.length === 0)
        for (const [file, { kinds, glob }] of needs)
          try {
            read.set(file, readFile(options, folders, chunk, file, kinds, wanted));
          } catch (error) {
            const why =
              error instanceof UserError ? error.message : `cannot read ${shownPath(file)}: ${reason(error)}`;
            problems.push(`${glob.at}: usedIn \`${shownPath(glob.glob)}\`: ${why}`);
          }
      if (problems.length > 0) throw new UserError(problems.join("\n"));
      return new Map([...filesOf].map(([glob, files]) => [glob, files.map((file) => read.get(file)!)]));
    },
  };
}

/** One request per glob (several selectors may write the same one), the kinds they need merged. */
function unique(requests: readonly UsageRequest[]): UsageRequest[] {
  const byGlob = new Map<string, { glob: UsageGlob; kinds: Set<UsageKind> }>();
  for (const { glob, kinds } of requests) {
    const entry = byGlob.get(glob.fromCwd) ?? { glob, kinds: new Set<UsageKind>() };
    for (const kind of kinds) entry.kinds.add(kind);
    byGlob.set(glob.fromCwd, entry);
  }
  return [...byGlob.values()];
}

function readFile(
  options: UsageReaderOptions,
  folders: RealFolders,
  chunk: Buffer,
  file: string,
  kinds: ReadonlySet<UsageKind>,
  wanted: WantedPackages,
): FileUsage {
  const shown = shownPath(file);
  const lockfile = kinds.has("npm") ? lockfileKind(file) : undefined;
  const scanner = kinds.has("image")
    ? imageScanner(options.registryHost, shown, (repository) => wanted.images.has(repository))
    : undefined;
  if (lockfile === undefined && scanner === undefined) return { file: shown, images: [], npm: [] };
  const fd = openInside(folders, join(options.cwd, file), file);
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new UserError(`${shown} is not a regular file`);
    let npm: NpmResolution[] = [];
    let images: ImageReference[] = [];
    if (lockfile !== undefined) {
      if (stat.size > LOCKFILE_LIMIT)
        throw new UserError(`${shown} is over ${LOCKFILE_LIMIT >> 20} MiB, more than a lockfile holds`);
      const bytes = readAll(fd, stat.size, shown);
      npm = lockfileResolutions(lockfile, bytes.toString("utf8"), shown).filter((r) =>
        wanted.npm.has(r.name),
      );
      if (scanner) images = scanner.end(bytes);
    } else if (scanner) {
      // A file shorter than the buffer is read whole in one read, and scanned where it lies.
      let n = readSync(fd, chunk);
      for (; n === chunk.length; n = readSync(fd, chunk)) scanner.push(chunk);
      images = scanner.end(chunk.subarray(0, n));
    }
    return { file: shown, images, npm };
  } finally {
    closeSync(fd);
  }
}

function readAll(fd: number, size: number, shown: string): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(Math.max(size - total, CHUNK));
    const n = readSync(fd, chunk);
    if (n === 0) break;
    chunks.push(chunk.subarray(0, n));
    total += n;
    if (total > LOCKFILE_LIMIT)
      throw new UserError(`${shown} is over ${LOCKFILE_LIMIT >> 20} MiB, more than a lockfile holds`);
  }
  return Buffer.concat(chunks, total);
}

/**
 * Opened without blocking and checked once open: a FIFO or a device must not hang the plan. Its
 * folder is known to be inside the working directory; the file itself is opened without following
 * a link, and one that is a link is followed only if it leads to a file inside it too.
 */
function openInside(folders: RealFolders, path: string, file: string): number {
  const flags = constants.O_RDONLY | constants.O_NONBLOCK;
  try {
    return openSync(path, flags | constants.O_NOFOLLOW);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ELOOP") throw error;
  }
  if (folders.inside(file) === undefined)
    throw new UserError(`${shownPath(file)} is a symbolic link that leads out of the working directory`);
  return openSync(path, flags);
}
