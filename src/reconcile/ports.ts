import type { DeletedParent } from "../model/live.js";
import type { PackageRef } from "../model/package.js";
import type { PackageVersion } from "../model/version.js";
import type { JournalWriter } from "../apply/journal.js";
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
  /** The files `usedIn` selectors name (needed only by a spec that has one). */
  readonly usage?: UsageReader;
  readonly onProgress?: (done: number, total: number) => void;
}

/** What the core needs to carry out a plan. */
export interface ApplyPorts {
  readonly source: PackageSource;
  readonly journal: JournalWriter;
}
