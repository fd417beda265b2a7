/**
 * What a failed file-system call means, in words a user can act on, with the code to search for:
 * `no space left on the device (ENOSPC)`. The one table of these words: every message about a file
 * (spec, plan, journal, lock, cache, standard output) says the same thing the same way.
 */
export function fsReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const words = code === undefined ? undefined : MEANING[code];
  if (words) return `${words} (${code})`;
  return code ?? (error instanceof Error ? error.message : String(error));
}

const MEANING: Record<string, string> = {
  ENOENT: "no such file or directory",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  ELOOP: "a symbolic link loop",
  ENOTDIR: "a part of the path is not a folder",
  EISDIR: "it is a folder, not a file",
  ENAMETOOLONG: "the path is too long",
  ENOSPC: "no space left on the device",
  EDQUOT: "disk quota exceeded",
  EROFS: "a read-only file system",
  EIO: "input/output error",
  EEXIST: "it already exists",
  EPIPE: "the reading end of the pipe was closed",
};
