/** What went wrong, in words: an errno code alone means nothing to most users. */
export function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case "ENOENT":
      return "no such file or directory";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "ELOOP":
      return "a symbolic link loop";
    case "ENOTDIR":
      return "a part of the path is not a folder";
    case "EISDIR":
      return "this is a folder, not a file";
    case "ENAMETOOLONG":
      return "the path is too long";
    case "ENOSPC":
    case "EDQUOT":
      return "no space left on the device";
    case "EROFS":
      return "a read-only file system";
    default:
      return code ?? (error instanceof Error ? error.message : String(error));
  }
}
