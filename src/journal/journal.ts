import {
  closeSync,
  existsSync,
  fstatSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  statSync,
  writeSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { appendWhole } from "../files/append-whole.js";
import { UserError } from "../model/errors.js";
import { operationToJson, type OperationJson } from "../plan/json.js";
import type { Operation } from "../plan/types.js";
import { fsReason } from "../files/fs-reason.js";

/** What the journal records of an operation: the JSON plan's own fields, so the two read alike. */
export type JournaledOperation = Pick<
  OperationJson,
  | "action"
  | "owner"
  | "package_type"
  | "package_name"
  | "version_id"
  | "version_name"
  | "tags"
  | "version_created_at"
  | "parent_version_id"
>;

/**
 * One line of the journal: written before a request is sent (`sent`) and after (`done`, `failed`, or
 * `not done` when GitHub's rate limit turned it away and nothing happened).
 */
export interface JournalEntry extends JournaledOperation {
  readonly time: string;
  readonly run: string;
  readonly event: "sent" | "done" | "failed" | "not done";
  readonly message?: string;
}

export interface JournalWriter {
  /** Appends one line; throws a JournalError when it cannot, and keeps throwing after that. */
  record(op: Operation, event: JournalEntry["event"], message?: string): void;
  close(): void;
}

/** The journal cannot be written: the run must send nothing more. */
export class JournalError extends UserError {
  constructor(
    readonly path: string,
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(`cannot write the journal ${path}: ${reason}`, options);
  }
}

export interface JournalOptions {
  readonly clock?: () => Date;
  /** Applied to every message before it is written: GitHub's words may echo a credential. */
  readonly redact?: (text: string) => string;
  /** Told about a last line cut off by an earlier run (passed over, and the next line starts afresh). */
  readonly onNote?: (note: string) => void;
  /** The write(2) itself; tests hand in one that fails as a full disk does. */
  readonly write?: (fd: number, data: Buffer) => number;
}

/** `.ghpkg/journal.jsonl` beside the first spec file; the manifest cache sits beside it. */
export function defaultJournalPath(specFiles: readonly string[]): string {
  return join(dirname(specFiles[0] ?? "ghpkg.yaml"), ".ghpkg", "journal.jsonl");
}

/**
 * Append-only JSON lines. Each line is written before the call returns, so a process killed at any
 * moment leaves every line it wrote; fsync makes the line survive the machine too. A write that fails
 * (a full disk, a revoked permission) is a JournalError: the caller must then send nothing more.
 */
export function openJournal(path: string, run: string, options: JournalOptions = {}): JournalWriter {
  const clock = options.clock ?? (() => new Date());
  const redact = options.redact ?? ((text: string) => text);
  const write = options.write ?? ((fd: number, data: Buffer) => writeSync(fd, data));
  let fd: number;
  try {
    mkdirSync(dirname(path), { recursive: true });
    fd = openSync(path, "a+");
  } catch (error) {
    throw new JournalError(path, fsReason(error), { cause: error });
  }
  let broken: JournalError | undefined;
  // A run killed mid-write leaves a line without its end: the next line must not be glued to it.
  let startFresh = endsCutOff(fd);
  if (startFresh)
    options.onNote?.(
      `the journal ${path} ends in a line cut off by an earlier run; it is passed over and the next line starts afresh`,
    );
  return {
    record(op, event, message) {
      if (broken) throw broken;
      const line = `${startFresh ? "\n" : ""}${JSON.stringify(journalLine(op, event, run, clock(), message && redact(message)))}\n`;
      try {
        // A line that the disk cuts short is taken back: the journal still ends in a whole line.
        appendWhole(fd, Buffer.from(line), write);
        fsyncSync(fd);
        startFresh = false;
      } catch (error) {
        broken = new JournalError(path, fsReason(error), { cause: error });
        throw broken;
      }
    },
    close: () => closeSync(fd),
  };
}

function journalLine(op: Operation, event: JournalEntry["event"], run: string, at: Date, message?: string) {
  const json = operationToJson(op);
  const { action, owner, package_type, package_name, version_id, version_name, tags } = json;
  return {
    time: at.toISOString(),
    run,
    event,
    action,
    owner,
    package_type,
    package_name,
    version_id,
    version_name,
    tags,
    version_created_at: json.version_created_at,
    // The image it was deleted with: the next plan finishes a run that stopped between the two.
    ...(json.parent_version_id === undefined ? {} : { parent_version_id: json.parent_version_id }),
    ...(message === undefined ? {} : { message }),
  };
}

/** Whether a regular file's last byte is not a newline (a special file, such as /dev/full, never is). */
function endsCutOff(fd: number): boolean {
  const { size } = fstatSync(fd);
  if (size === 0) return false;
  const last = Buffer.alloc(1);
  readSync(fd, last, 0, 1, size - 1);
  return last[0] !== 0x0a;
}

/**
 * The journal's entries. A line that cannot be read is passed over and `onTorn` told, with whether it
 * is the file's last and unfinished (no newline after it: a run killed mid-write, the one tolerated
 * case); a line that a later run glued to such a stub (before ghpkg started lines afresh) still
 * yields its entry.
 */
export function readJournal(
  path: string,
  onTorn?: (lineNumber: number, unfinished: boolean) => void,
): ReadEntry[] {
  if (!existsSync(path)) return [];
  let text: string;
  try {
    // A device (such as /dev/zero) would never end: only a regular file is a journal.
    if (!statSync(path).isFile()) throw new UserError(`the journal ${path} is not a regular file`);
    text = readFileSync(path, "utf8");
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`cannot read the journal ${path}: ${fsReason(error)}`, { cause: error });
  }
  const lines = text.split("\n");
  return lines.flatMap((line, index) => {
    if (line.trim() === "") return [];
    const entry = parseEntry(line) ?? parseEntry(line.slice(Math.max(0, line.lastIndexOf('{"time":'))));
    if (!entry) onTorn?.(index + 1, index === lines.length - 1);
    return entry ? [{ ...entry, line: index + 1 }] : [];
  });
}

/** An entry as read back: with the number of the line it stands on, from 1. */
export type ReadEntry = JournalEntry & { readonly line: number };

function parseEntry(line: string): JournalEntry | undefined {
  try {
    const entry = JSON.parse(line) as Partial<JournalEntry> | null;
    return typeof entry?.event === "string" && typeof entry.version_id === "number"
      ? (entry as JournalEntry)
      : undefined;
  } catch {
    return undefined;
  }
}
