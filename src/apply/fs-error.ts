/** What a failed file-system call means, in words a user can act on: `no space left on device (ENOSPC)`. */
export function fsReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const words = code === undefined ? undefined : MEANING[code];
  if (words) return `${words} (${code})`;
  return code ?? (error instanceof Error ? error.message : String(error));
}

const MEANING: Record<string, string> = {
  ENOSPC: "no space left on device",
  EDQUOT: "disk quota exceeded",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EROFS: "read-only file system",
  EIO: "input/output error",
  EISDIR: "it is a directory",
  ENOTDIR: "a part of the path is not a directory",
  ENOENT: "no such file or directory",
  EEXIST: "it already exists",
  EPIPE: "the reading end of the pipe was closed",
};
