import type { JournalRecord } from "../model/journal-record.js";
import type { DeletedParent } from "../model/live.js";
import type { PackageRef } from "../model/package.js";
import type { PackageVersion } from "../model/version.js";
import type { Redact } from "../transport/redact.js";
import { deletedByJournal, deletedParentsByJournal } from "./history.js";
import { readJournalSaying } from "./damage.js";
import { openJournal, type JournalWriter } from "./journal.js";
import { acquireLock, lockPathFor } from "./lock.js";

export interface FileJournalOptions {
  /** Applied to every message before it is written: GitHub's words may echo a credential. */
  readonly redact?: Redact;
  /** Told what a user should know: a lock taken over, a last line cut off by a killed run. */
  readonly onNote?: (note: string) => void;
}

/** The journal file at `path` as the core's port (reconcile/ports.ts JournalPort): its lock, and a writer per run. */
export function fileJournal(path: string, options: FileJournalOptions = {}) {
  return {
    path,
    lock() {
      const held = acquireLock(lockPathFor(path), options.onNote ? { onNote: options.onNote } : {});
      // A run that ends by process.exit (a second Ctrl-C) still leaves no lock behind.
      const release = () => held.release();
      process.once("exit", release);
      return {
        release() {
          process.off("exit", release);
          held.release();
        },
      };
    },
    open: (runId: string): JournalWriter => openJournal(path, runId, options),
    records: () => journalRecords(path, options.onNote),
  };
}

/** What earlier runs did, as later plans ask it: read from the file once, when first asked. */
export interface JournalHistory {
  readonly knownDeleted: (ref: PackageRef) => readonly PackageVersion[];
  readonly deletedEarlier: (ref: PackageRef) => readonly DeletedParent[];
  /** Reads the file now, if it has not been read (and says what in it cannot be read). */
  readonly load: () => void;
}

/**
 * Read lazily, so that apply reads it only once its lock is held: no other run appends meanwhile.
 */
export function journalHistory(path: string, onNote?: (note: string) => void): JournalHistory {
  let read:
    { deleted: JournalHistory["knownDeleted"]; parents: JournalHistory["deletedEarlier"] } | undefined;
  const history = () => {
    if (!read) {
      const entries = readJournalSaying(path, onNote);
      read = { deleted: deletedByJournal(entries), parents: deletedParentsByJournal(entries) };
    }
    return read;
  };
  return {
    knownDeleted: (ref) => history().deleted(ref),
    deletedEarlier: (ref) => history().parents(ref),
    load: () => void history(),
  };
}

/** The journal's lines as the core reads them (model/journal-record.ts), in the order they were written. */
export function journalRecords(path: string, onNote?: (note: string) => void): JournalRecord[] {
  return readJournalSaying(path, onNote).map((entry) => ({
    run: typeof entry.run === "string" && entry.run !== "" ? entry.run : undefined,
    line: entry.line,
    time: entry.time,
    event: entry.event,
    action: entry.action,
    ref: { owner: entry.owner, type: entry.package_type, name: entry.package_name },
    versionId: entry.version_id,
    versionName: entry.version_name,
    tags: entry.tags,
    versionCreatedAt: entry.version_created_at,
    ...(entry.parent_version_id === undefined ? {} : { parentId: entry.parent_version_id }),
    ...(entry.message === undefined ? {} : { message: entry.message }),
  }));
}
