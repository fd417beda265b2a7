import { fstatSync, ftruncateSync, writeSync } from "node:fs";

/**
 * Appends `data` to a file opened for appending, whole or not at all: a write that a full disk cuts
 * short is taken back (the file truncated to where `data` began), then the error is thrown. So an
 * append-only file (the journal, a manifest pack) still ends in a whole record after a failure.
 *
 * Taken back only from a regular file, and only if nothing but our part follows the old end: whatever
 * another writer appended meanwhile stays. Truncating frees space, so it works on a full disk; if it
 * fails all the same, the cut-off record stays, and the readers pass it over.
 */
export function appendWhole(
  fd: number,
  data: Buffer,
  write: (fd: number, data: Buffer) => number = (f, d) => writeSync(f, d),
): void {
  const stats = fstatSync(fd);
  let written = 0;
  try {
    while (written < data.length) written += write(fd, data.subarray(written));
  } catch (error) {
    if (stats.isFile() && written > 0) takeBack(fd, stats.size, written);
    throw error;
  }
}

function takeBack(fd: number, size: number, written: number): void {
  try {
    if (fstatSync(fd).size === size + written) ftruncateSync(fd, size);
  } catch {
    // the write's own failure is the one to report
  }
}
