import type { DeletedParent } from "../model/live.js";
import type { PackageRef } from "../model/package.js";
import type { PackageVersion } from "../model/version.js";
import type { JournalWriter } from "../apply/journal.js";
import type { PackageSource } from "../live/source.js";
import type { ManifestReader } from "../registry/client.js";

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
  readonly onProgress?: (done: number, total: number) => void;
  /** Told after each manifest the plan reads, of how many it will read. */
  readonly onManifestProgress?: (done: number, total: number) => void;
}

/** What the core needs to carry out a plan. */
export interface ApplyPorts {
  readonly source: PackageSource;
  readonly journal: JournalWriter;
}
