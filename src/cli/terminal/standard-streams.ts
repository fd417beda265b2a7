import { fstatSync, writeSync } from "node:fs";
import { isatty } from "node:tty";
import { fsReason } from "../../files/fs-reason.js";

/**
 * Standard output and error, written so that a failure is neither silent nor a crash. Node writes a
 * stream that is a regular file (`ghpkg plan --format json > plan.json`) with one write(2) and drops
 * what it did not take, so a full disk cut the plan short without a word and the exit code said all
 * was well; a write that fails outright (ENOSPC, or EPIPE when a reader such as `head` left) was an
 * 'error' event nobody handled: a stack trace, and an apply killed with requests on the wire.
 *
 * Here a file (or a device such as /dev/full) is written whole or the failure recorded at once, and
 * any other stream (a terminal, a pipe) has a listener that records it. After a failure nothing more
 * is written to that stream; the command itself goes on (for apply, the journal is the record), and
 * main.ts reports the failure at exit, in one line, with exit 1.
 */
export interface StandardStream {
  write(text: string): void;
}

export const standardOut = standardStream(process.stdout, 1, "standard output");
export const standardErr = standardStream(process.stderr, 2, "standard error");

interface Failure {
  readonly name: string;
  readonly error: unknown;
}

let failure: Failure | undefined;

function standardStream(stream: NodeJS.WriteStream, fd: number, name: string): StandardStream {
  let failed = false;
  const fail = (error: unknown) => {
    failed = true;
    failure ??= { name, error };
  };
  const toFile = isFileLike(fd);
  if (!toFile) stream.on("error", fail);
  return {
    write(text) {
      if (failed) return;
      if (!toFile) {
        stream.write(text);
        return;
      }
      try {
        const data = Buffer.from(text);
        for (let at = 0; at < data.length;) at += writeSync(fd, data.subarray(at));
      } catch (error) {
        fail(error);
      }
    },
  };
}

/** A file or a device other than a terminal (such as /dev/full): written here, and its errors seen at once. */
function isFileLike(fd: number): boolean {
  try {
    const stats = fstatSync(fd);
    return stats.isFile() || (stats.isCharacterDevice() && !isatty(fd));
  } catch {
    return false;
  }
}

/**
 * What could not be written, in one line, once a stream has failed: main.ts says it at exit, and
 * exits 1. `readerLeft`: standard output's reader closed the pipe (`ghpkg list | head`), which the
 * user chose: like git or gh, ghpkg then stops writing and exits non-zero without a word.
 */
export function streamFailure(): { message: string; readerLeft: boolean } | undefined {
  if (failure === undefined) return undefined;
  const code = (failure.error as { code?: unknown }).code;
  return {
    message: `cannot write ${failure.name}: ${fsReason(failure.error)}`,
    readerLeft: failure.name === "standard output" && code === "EPIPE",
  };
}
