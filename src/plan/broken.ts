import type { ImageGraph } from "../model/live.js";
import { RESTORE_WINDOW_MS, type PackageVersion } from "../model/version.js";

/**
 * What became of a version an active image refers to and that is not active: deleted and still
 * restorable, deleted more than 30 days ago (GitHub will not restore it), or unknown (no version of the
 * package by that digest: gone past listing, or its deleted versions were not read).
 */
export type MissingState = "restorable" | "expired" | "unknown";

export interface MissingVersion {
  readonly digest: string;
  readonly state: MissingState;
  /** The deleted version by that digest, when ghpkg knows one. */
  readonly version?: PackageVersion;
}

/** An active image (an index) some of whose children are not active: it does not pull whole. */
export interface BrokenImage {
  readonly image: PackageVersion;
  /** Its children that are not active, in the order of their digests. */
  readonly missing: readonly MissingVersion[];
}

/** An active referrer (signature, attestation, SBOM) whose subject is not an active version. */
export interface Orphan {
  readonly version: PackageVersion;
  readonly subject: MissingVersion;
}

export interface Damage {
  readonly broken: readonly BrokenImage[];
  readonly orphans: readonly Orphan[];
}

export const NO_DAMAGE: Damage = { broken: [], orphans: [] };

/**
 * The broken images and orphans of a container package as its graph shows them (CONTRACT 1, "Broken
 * images and orphans"). An index whose entry is gone is broken; a referrer whose subject is gone is an
 * orphan (and not also broken: its subject is the one thing it refers to). Only what the graph says of
 * active versions counts: a deleted image's manifest lists what went with it, which breaks nothing.
 * Pure: the versions, the graph and now in; sorted by version id out.
 */
export function findDamage(
  versions: readonly PackageVersion[],
  graph: ImageGraph | undefined,
  nowMs: number,
): Damage {
  if (!graph || graph.children.size === 0) return NO_DAMAGE;
  const active = new Map<string, PackageVersion>();
  const deleted = new Map<string, PackageVersion>();
  for (const v of versions)
    if (v.state === "active") active.set(v.name, v);
    else if (!deleted.has(v.name) || (deleted.get(v.name)?.deletedAt ?? "") < (v.deletedAt ?? ""))
      // Two deleted versions by one digest (pushed again, deleted again): the later delete is the one that counts.
      deleted.set(v.name, v);
  const missingOf = (digest: string): MissingVersion => {
    const version = deleted.get(digest);
    if (!version) return { digest, state: "unknown" };
    const state = isTooOld(version, nowMs) ? "expired" : "restorable";
    return { digest, state, version };
  };
  const referrers = graph.referrers ?? new Map<string, readonly string[]>();
  const referrerOf = new Map<string, string[]>();
  for (const [subject, list] of referrers)
    for (const referrer of list) {
      const subjects = referrerOf.get(referrer);
      if (subjects) subjects.push(subject);
      else referrerOf.set(referrer, [subject]);
    }

  const broken: BrokenImage[] = [];
  const orphans: Orphan[] = [];
  for (const [parent, children] of graph.children) {
    const image = active.get(parent);
    if (!image) continue;
    const about = new Set(referrers.get(parent) ?? []);
    const missing = [...new Set(children)]
      .filter((child) => child !== parent && !about.has(child) && !active.has(child))
      .sort()
      .map(missingOf);
    if (missing.length > 0) broken.push({ image, missing });
  }
  for (const [referrer, subjects] of referrerOf) {
    const version = active.get(referrer);
    // A referrer names one subject. Should two be told (a cosign tag and a manifest that disagree), it
    // is an orphan only when neither is active, and the one shown is the likeliest to come back, so
    // that a repair never deletes what a restore could still make whole.
    if (!version || subjects.some((s) => active.has(s))) continue;
    const [subject] = [...new Set(subjects)]
      .sort()
      .map(missingOf)
      .sort((a, b) => LIKELIEST_BACK.indexOf(a.state) - LIKELIEST_BACK.indexOf(b.state));
    if (subject) orphans.push({ version, subject });
  }
  const byId = (a: { id: number }, b: { id: number }) => a.id - b.id;
  return {
    broken: broken.sort((a, b) => byId(a.image, b.image)),
    orphans: orphans.sort((a, b) => byId(a.version, b.version)),
  };
}

/** A missing subject that may come back is told before one that cannot (an unknown one may be the journal's gap). */
const LIKELIEST_BACK: readonly MissingState[] = ["restorable", "unknown", "expired"];

export function isTooOld(version: PackageVersion, nowMs: number): boolean {
  return version.deletedAt !== null && nowMs - Date.parse(version.deletedAt) > RESTORE_WINDOW_MS;
}
