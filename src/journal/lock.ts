import { linkSync, mkdirSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { dirname } from "node:path";
import { UserError } from "../model/errors.js";
import { fsReason } from "../files/fs-reason.js";

/** Who holds a lock: what its file says. */
export interface LockHolder {
  readonly pid: number;
  readonly host: string;
  readonly started_at: string;
}

export interface Lock {
  readonly path: string;
  /** Removes the lock file if it is still this run's; safe to call more than once, and from an exit handler. */
  release(): void;
}

export interface LockOptions {
  readonly pid?: number;
  readonly host?: string;
  readonly clock?: () => Date;
  /** Whether a process of this host runs: a lock whose process is gone is taken over. */
  readonly isRunning?: (pid: number) => boolean;
  readonly onNote?: (note: string) => void;
}

/** `.ghpkg/journal.jsonl.lock`: one apply at a time per journal. */
export function lockPathFor(journalPath: string): string {
  return `${journalPath}.lock`;
}

/**
 * Takes the lock beside a journal: an exclusive create (O_EXCL), so of two runs exactly one gets it.
 * A lock held by a live process, or by another host (whose processes cannot be seen), is refused
 * naming its holder. A lock of this host whose process is gone (a run that was killed) is taken over.
 */
export function acquireLock(path: string, options: LockOptions = {}): Lock {
  const me: LockHolder = {
    pid: options.pid ?? process.pid,
    host: options.host ?? hostname(),
    started_at: (options.clock ?? (() => new Date()))().toISOString(),
  };
  const text = `${JSON.stringify(me)}\n`;
  const isRunning = options.isRunning ?? processRuns;
  try {
    mkdirSync(dirname(path), { recursive: true });
  } catch (error) {
    throw new UserError(`cannot create the lock ${path}: ${fsReason(error)}`, { cause: error });
  }
  for (let attempt = 0; attempt < 3; attempt++) {
    if (createExclusive(path, text)) return heldLock(path, text);
    const found = readHolder(path);
    if (found === undefined) continue; // released between our two calls: try again
    const holder = parseHolder(found);
    if (holder && (holder.host !== me.host || isRunning(holder.pid)))
      throw new UserError(
        `another ghpkg apply holds the lock ${path} (pid ${holder.pid} on ${holder.host}, since ${holder.started_at}); wait for it to finish, or delete the lock file if that run is gone`,
      );
    if (takeOver(path, found)) {
      options.onNote?.(
        holder
          ? `took over the lock ${path} left by pid ${holder.pid} (started ${holder.started_at}), which no longer runs`
          : `took over the lock ${path}, which held no owner (a run killed while taking it)`,
      );
    }
  }
  throw new UserError(`cannot take the lock ${path}: other runs keep taking it; try again`);
}

/**
 * Creates the lock with its holder already in it: written to a file of this process's own, then
 * linked into place (atomic, and refused if the lock exists), so that no other run can ever find the
 * lock empty and take it for one left by a killed run.
 */
function createExclusive(path: string, text: string): boolean {
  const mine = `${path}.${process.pid}.new`;
  try {
    writeFileSync(mine, text, { flag: "w" });
  } catch (error) {
    rmSync(mine, { force: true });
    throw new UserError(`cannot write the lock ${path}: ${fsReason(error)}`, { cause: error });
  }
  try {
    linkSync(mine, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw new UserError(`cannot create the lock ${path}: ${fsReason(error)}`, { cause: error });
  } finally {
    rmSync(mine, { force: true });
  }
}

/**
 * Removes a stale lock only if it is still the one that was judged stale: it is moved aside first
 * (atomic), and put back if another run replaced it in between.
 */
function takeOver(path: string, stale: string): boolean {
  const aside = `${path}.${process.pid}.stale`;
  try {
    renameSync(path, aside);
  } catch {
    return false; // someone else moved it first
  }
  if (readHolder(aside) === stale) {
    unlinkSync(aside);
    return true;
  }
  try {
    linkSync(aside, path); // not the stale lock: give it back, unless yet another run took the path
  } catch {
    // that run holds the path now; the one we moved aside is still told apart by its content
  }
  unlinkSync(aside);
  return false;
}

function heldLock(path: string, text: string): Lock {
  let held = true;
  return {
    path,
    release() {
      if (!held) return;
      held = false;
      // Only our own lock: a run that found ours stale (it never is while we run) may hold it now.
      if (readHolder(path) === text)
        try {
          unlinkSync(path);
        } catch {
          // already gone
        }
    },
  };
}

function readHolder(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

function parseHolder(text: string): LockHolder | undefined {
  try {
    const holder = JSON.parse(text) as Partial<LockHolder>;
    return typeof holder.pid === "number" && typeof holder.host === "string"
      ? { pid: holder.pid, host: holder.host, started_at: String(holder.started_at) }
      : undefined;
  } catch {
    return undefined;
  }
}

/** Signal 0 asks whether a process exists: ESRCH means it does not; EPERM means it does, as another user. */
function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
