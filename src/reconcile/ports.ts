import type { JournalWriter } from "../apply/apply.js";
import type { JournalRecord } from "../model/journal-record.js";
import type { DeletedParent } from "../model/live.js";
import type { PackageRef } from "../model/package.js";
import type { PackageVersion } from "../model/version.js";
import type { PackageSource } from "../live/source.js";
import type { ManifestReader } from "../registry/client.js";
import type { UsageReader } from "../usage/read-usage.js";

/**
 * What the core needs of the world to make a plan. cli/ builds these (the only place a GitHub
 * client or a registry reader is made); tests hand in fakes that keep the same contract.
 */
export interface PlanPorts {
  readonly source: PackageSource;
  readonly manifests: ManifestReader;
  /** Deleted versions ghpkg knows of when GitHub will not list them: the journal's. */
  readonly knownDeleted: (ref: PackageRef) => readonly PackageVersion[];
  /** Container images ghpkg deleted in earlier runs (the journal's), so that a stopped run's children are finished. */
  readonly deletedEarlier?: (ref: PackageRef) => readonly DeletedParent[];
  /**
   * Reads what earlier runs did now, whether or not a package asks: a journal with lines that
   * cannot be read is said on every plan, never passed over in silence.
   */
  readonly loadHistory?: () => void;
  /** The files `usedIn` selectors name (needed only by a spec that has one). */
  readonly usage?: UsageReader;
  readonly onProgress?: (done: number, total: number) => void;
  /** Told after each manifest the plan reads, of how many it will read. */
  readonly onManifestProgress?: (done: number, total: number) => void;
}

/** One run holding the journal: released however the run ends. */
export interface HeldLock {
  release(): void;
}

/**
 * The journal as the core sees it: a lock that keeps to one apply at a time, and a writer for a run's
 * lines. What earlier runs did reaches the core through PlanPorts (`knownDeleted`, `deletedEarlier`),
 * read only once the lock is held, so no other run appends while it is read.
 */
export interface JournalPort {
  /** Where it is, for people: reports name it. */
  readonly path: string;
  /** Throws (naming the holder) when another run holds it. */
  lock(): HeldLock;
  /** A writer for this run's lines, each tagged with the run's id. */
  open(runId: string): JournalWriter;
  /** Every line earlier runs wrote, in order (what `undo` reads). */
  records(): readonly JournalRecord[];
}

/** Everything one apply run works through, for the journal the spec's place decides. */
export interface RunPorts extends PlanPorts {
  /** Where the live state comes from: a saved plan must have been made against the same. */
  readonly apiUrl: string;
  readonly journal: JournalPort;
}
