import type { PackageRef } from "./package.js";

/** One line of the journal as the core reads it: what ghpkg sent, when, in which run, and how it went. */
export interface JournalRecord {
  /** The run that wrote it; undefined on lines written before runs had ids. */
  readonly run: string | undefined;
  /** The line's number in the journal file, from 1: how a person finds it. */
  readonly line: number;
  /** ISO 8601: when the line was written (a `done` line: when GitHub's answer came). */
  readonly time: string;
  readonly event: "sent" | "done" | "failed";
  readonly action: "delete" | "restore";
  readonly ref: PackageRef;
  readonly versionId: number;
  readonly versionName: string;
  readonly tags: readonly string[];
  readonly versionCreatedAt: string;
  /** A container version's image, deleted with it (or before it) in the same run. */
  readonly parentId?: number;
  readonly message?: string;
}
