import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from "node:fs";
import { dirname, join } from "node:path";
import { packageLabel, type PackageRef } from "../model/package.js";
import type { PackageVersion } from "../model/version.js";
import { operationToJson, type OperationJson } from "../plan/json.js";
import type { Operation } from "../plan/types.js";

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

/** One line of the journal: written before a request is sent (`sent`) and after (`done`, `failed`). */
export interface JournalEntry extends JournaledOperation {
  readonly time: string;
  readonly run: string;
  readonly event: "sent" | "done" | "failed";
  readonly message?: string;
}

export interface JournalWriter {
  record(op: Operation, event: JournalEntry["event"], message?: string): void;
  close(): void;
}

/** `.ghpkg/journal.jsonl` beside the first spec file; the manifest cache sits beside it. */
export function defaultJournalPath(specFiles: readonly string[]): string {
  return join(dirname(specFiles[0] ?? "ghpkg.yaml"), ".ghpkg", "journal.jsonl");
}

/**
 * Append-only JSON lines. Each line is written with one write(2) before the call returns, so a
 * process killed at any moment leaves every line it wrote; fsync makes the line survive the machine too.
 */
export function openJournal(path: string, run: string, clock: () => Date = () => new Date()): JournalWriter {
  mkdirSync(dirname(path), { recursive: true });
  const fd = openSync(path, "a");
  return {
    record(op, event, message) {
      const json = operationToJson(op);
      const { action, owner, package_type, package_name, version_id, version_name, tags } = json;
      const line = {
        time: clock().toISOString(),
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
      writeSync(fd, `${JSON.stringify(line)}\n`);
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
 * The versions that ghpkg itself deleted and has not restored since, per package, as the journal
 * tells: how deleted versions are known when GitHub will not list them (the token's user is not the
 * owner). Indexed once, so asking for each package costs nothing more.
 */
export function deletedByJournal(entries: readonly JournalEntry[]): (ref: PackageRef) => PackageVersion[] {
  const last = new Map<string, Map<number, JournalEntry>>();
  for (const entry of entries) {
    if (entry.event !== "done") continue;
    const key = packageLabel({ owner: entry.owner, type: entry.package_type, name: entry.package_name });
    const versions = last.get(key) ?? new Map<number, JournalEntry>();
    versions.set(entry.version_id, entry);
    last.set(key, versions);
  }
  return (ref) =>
    [...(last.get(packageLabel(ref))?.values() ?? [])]
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
