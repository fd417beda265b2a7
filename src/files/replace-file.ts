import { randomUUID } from "node:crypto";
import {
  accessSync,
  closeSync,
  constants,
  fsyncSync,
  openSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { basename, dirname, join, relative } from "node:path";
import { UserError } from "../model/errors.js";
import { fsReason } from "./fs-reason.js";

/** What an output file holds and which flag named it, for messages: `the plan`, `--out`. */
export interface OutFile {
  readonly what: string;
  readonly flag: string;
}

/**
 * An output file (`plan --out`, `apply --report`) only ever replaces a regular file: never a device
 * (`/dev/sda`), a folder, a FIFO, or one of the spec's files. Checked before anything is read from
 * GitHub, so a typo costs nothing. `what` names it in messages: `the plan`.
 */
export function checkOutFile(out: string, target: OutFile, specFiles: readonly string[]): void {
  const refuse = (why: string) => new UserError(`cannot save ${target.what} to ${out}: ${why}`);
  if (out === "") throw new UserError(`${target.flag} needs a file name`);
  let stats;
  try {
    stats = statSync(out);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "ENOENT" && code !== "ENOTDIR") throw refuse(fsReason(error));
    checkFolder(dirname(out), refuse);
    return;
  }
  if (!stats.isFile())
    throw refuse(`it is ${kindOf(stats)}, and ${target.flag} only replaces a regular file`);
  checkFolder(dirname(out), refuse);
  const real = realpathSync(out);
  const spec = specFiles.find((file) => realpathOrSelf(file) === real);
  if (spec !== undefined) throw refuse(`it is the spec file ${relative(process.cwd(), spec) || spec}`);
}

function checkFolder(folder: string, refuse: (why: string) => UserError): void {
  try {
    if (!statSync(folder).isDirectory()) throw refuse(`${folder} is not a folder`);
    // The plan is renamed into place, so the folder itself must be writable.
    accessSync(folder, constants.W_OK);
  } catch (error) {
    if (error instanceof UserError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw refuse(`the folder ${folder} does not exist`);
    if (code === "ENOTDIR") throw refuse(`${folder} is not a folder`);
    throw refuse(fsReason(error));
  }
}

/**
 * Written whole or not at all, since a half-written plan must never be applied (nor a half-written
 * report read): a temporary file in the same folder, flushed to disk, then renamed over the target;
 * on any failure the temporary file goes and the target is left as it was.
 */
export function replaceFile(out: string, text: string, what: string): void {
  const temporary = join(dirname(out), `.${basename(out)}.${process.pid}.${randomUUID().slice(0, 8)}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(temporary, "wx", 0o644);
    writeFileSync(fd, text);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temporary, out);
  } catch (error) {
    if (fd !== undefined) closeQuietly(fd);
    rmSync(temporary, { force: true });
    throw new UserError(`cannot save ${what} to ${out}: ${fsReason(error)}`, { cause: error });
  }
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // the write's own failure is the one to report
  }
}

function realpathOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

function kindOf(stats: { isDirectory(): boolean; isFIFO(): boolean; isSocket(): boolean }): string {
  if (stats.isDirectory()) return "a folder";
  if (stats.isFIFO()) return "a FIFO";
  if (stats.isSocket()) return "a socket";
  return "a device";
}
