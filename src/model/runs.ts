import type { JournalRecord } from "./journal-record.js";
import { RESTORE_WINDOW_MS } from "./version.js";

/** One apply run, as the journal tells it. */
export interface RunSummary {
  /** The run's id; for lines written before runs had ids, `lines-FIRST-LAST`. */
  readonly id: string;
  /** Lines written before runs had ids: one run per contiguous block of them. */
  readonly beforeIds: boolean;
  /** When its first and last lines were written. */
  readonly startedAt: string;
  readonly endedAt: string;
  readonly deleted: number;
  readonly restored: number;
  readonly failed: number;
  /** Its done deletes, in order: what `undo` restores. */
  readonly deletes: readonly JournalRecord[];
}

/** Whether a run can still be undone at `nowMs`: GitHub restores for 30 days after each delete. */
export interface Undoable {
  readonly state: "in full" | "partly" | "no" | "nothing deleted";
  /** Deletes more than 30 days old: they cannot come back. */
  readonly tooOld: number;
}

/**
 * The runs of a journal, oldest first. Lines are grouped by their run id wherever they stand (two
 * runs never share a journal at once: the lock); lines without one form a run per contiguous block.
 */
export function journalRuns(records: readonly JournalRecord[]): RunSummary[] {
  const groups = new Map<string, JournalRecord[]>();
  let block: string | undefined;
  for (const record of records) {
    let key: string;
    if (record.run !== undefined) {
      key = `run:${record.run}`;
      block = undefined;
    } else key = block ??= `block:${record.line}`;
    const group = groups.get(key);
    if (group) group.push(record);
    else groups.set(key, [record]);
  }
  return [...groups.values()].map((lines) => {
    const first = lines[0]!;
    const last = lines[lines.length - 1]!;
    const done = (action: JournalRecord["action"]) =>
      lines.filter((r) => r.event === "done" && r.action === action);
    return {
      id: first.run ?? `lines-${first.line}-${last.line}`,
      beforeIds: first.run === undefined,
      startedAt: first.time,
      endedAt: last.time,
      deleted: done("delete").length,
      restored: done("restore").length,
      failed: lines.filter((r) => r.event === "failed").length,
      deletes: done("delete"),
    };
  });
}

export function undoable(run: RunSummary, nowMs: number): Undoable {
  if (run.deletes.length === 0) return { state: "nothing deleted", tooOld: 0 };
  const tooOld = run.deletes.filter((r) => nowMs - Date.parse(r.time) > RESTORE_WINDOW_MS).length;
  return { state: tooOld === 0 ? "in full" : tooOld === run.deletes.length ? "no" : "partly", tooOld };
}

/**
 * The run a user names: its whole id, or a prefix only one run has (as git takes a commit's).
 * Throws an Error whose message says what is known instead.
 */
export function findRun(runs: readonly RunSummary[], wanted: string): RunSummary {
  const exact = runs.find((run) => run.id === wanted);
  if (exact) return exact;
  const prefixed = wanted === "" ? [] : runs.filter((run) => run.id.startsWith(wanted));
  if (prefixed.length === 1) return prefixed[0]!;
  if (prefixed.length > 1)
    throw new Error(
      `${prefixed.length} runs start with ${wanted}: ${prefixed.map((r) => r.id).join(", ")}; give more of the id`,
    );
  const recent = runs.slice(-3).map((r) => r.id);
  throw new Error(
    `the journal knows no run ${wanted}${recent.length > 0 ? ` (its latest: ${recent.join(", ")}; \`ghpkg undo\` lists them all)` : " (it holds no run)"}`,
  );
}
