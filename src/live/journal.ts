import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import type { PackageRef, PackageVersion } from "../packages.js";
import type { Operation } from "../plan/types.js";

/** What the journal records of an operation: the plan's own fields, so the two read alike. */
export type JournaledOperation = Pick<
  Operation,
  | "action"
  | "owner"
  | "package_type"
  | "package_name"
  | "version_id"
  | "version_name"
  | "tags"
  | "version_created_at"
>;

/** One line of the journal: written before a request is sent (`sent`) and after (`done`, `failed`). */
export interface JournalEntry extends JournaledOperation {
  readonly time: string;
  readonly run: string;
  readonly event: "sent" | "done" | "failed";
  readonly message?: string;
}

export interface JournalWriter {
  record(entry: Omit<JournalEntry, "time" | "run">): void;
  close(): void;
}

/**
 * Append-only JSON lines. Each line is written with one write(2) before the call returns, so a
 * process killed at any moment leaves every line it wrote; fsync makes the line survive the machine too.
 */
export function openJournal(path: string, run: string, clock: () => Date = () => new Date()): JournalWriter {
  mkdirSync(dirname(path), { recursive: true });
  const fd = openSync(path, "a");
  return {
    record(entry) {
      const { event, ...rest } = entry;
      writeSync(fd, `${JSON.stringify({ time: clock().toISOString(), run, event, ...rest })}\n`);
      fsyncSync(fd);
    },
    close: () => closeSync(fd),
  };
}

/** The journal's entries; a line cut short by a killed run is passed over. */
export function readJournal(path: string): JournalEntry[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, "utf8")
    .split("\n")
    .flatMap((line) => {
      try {
        return line.trim() === "" ? [] : [JSON.parse(line) as JournalEntry];
      } catch {
        return [];
      }
    });
}

/**
 * The versions of a package that ghpkg itself deleted and has not restored since, as the journal
 * tells: how deleted versions are known when GitHub will not list them (the token's user is not the owner).
 */
export function deletedFromJournal(entries: readonly JournalEntry[], ref: PackageRef): PackageVersion[] {
  const last = new Map<number, JournalEntry>();
  for (const entry of entries)
    if (
      entry.event === "done" &&
      entry.owner === ref.owner &&
      entry.package_type === ref.type &&
      entry.package_name === ref.name
    )
      last.set(entry.version_id, entry);
  return [...last.values()]
    .filter((entry) => entry.action === "delete")
    .map((entry) => ({
      id: entry.version_id,
      name: entry.version_name,
      tags: entry.tags,
      createdAt: entry.version_created_at,
      deletedAt: entry.time,
      state: "deleted" as const,
    }));
}
