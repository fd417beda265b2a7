import { shortName, versionTitle, type PackageVersion } from "../model/version.js";
import type { Damage, MissingVersion } from "./broken.js";
import type { Decision } from "./desired.js";

/** How reasons name a missing version: its title when ghpkg knows it, else its short digest. */
export const missingTitle = (m: MissingVersion): string =>
  m.version ? versionTitle(m.version) : shortName(m.digest);

/**
 * `repair: true` (CONTRACT 1, "Broken images and orphans"): a broken image that stays gets back its
 * missing children that can still be restored (`repair: child of <image>`; children follow their
 * parents back from there, nested indexes included), and an orphan whose subject cannot come back (no
 * version by that digest, or one deleted more than 30 days ago) is deleted (`repair: orphan of
 * <subject>`). A keep wins: a version a keep makes present is never a repair's delete, and a version a
 * rule already decides keeps that rule's reason. A child two broken images miss is restored once, the
 * first of them (by id) named, all of them its parents. A subject no version has is gone only when
 * GitHub listed every deleted version (`deletedComplete`); from the journal's partial view it may
 * still be restorable, so its orphans are left (fail closed: a delete needs certainty). Pure.
 */
export function repairDecisions(
  desired: readonly Decision[],
  damage: Damage,
  deletedComplete = true,
): Decision[] {
  if (damage.broken.length === 0 && damage.orphans.length === 0) return [...desired];
  const byVersion = new Map(desired.map((d) => [d.version, d]));
  const changed = new Map<PackageVersion, Decision>();
  for (const { image, missing } of damage.broken) {
    // An image the rules delete is not mended: its children would come back for nothing.
    if (byVersion.get(image)?.want === "absent") continue;
    for (const m of missing) {
      if (m.state !== "restorable" || !m.version) continue;
      const mine = changed.get(m.version);
      if (mine) {
        if (mine.parent)
          changed.set(m.version, { ...mine, parents: [...(mine.parents ?? [mine.parent]), image] });
        continue;
      }
      const d = byVersion.get(m.version);
      // A keep that names it restores it already, with its own reason.
      if (!d || d.want === "present") continue;
      changed.set(m.version, {
        ...d,
        want: "present",
        reason: `repair: child of ${versionTitle(image)}`,
        parent: image,
      });
    }
  }
  for (const { version, subject } of damage.orphans) {
    if (subject.state === "restorable" || (subject.state === "unknown" && !deletedComplete)) continue;
    const d = byVersion.get(version);
    if (!d || d.want !== "as-is") continue;
    changed.set(version, { ...d, want: "absent", reason: `repair: orphan of ${missingTitle(subject)}` });
  }
  return desired.map((d) => changed.get(d.version) ?? d);
}

/**
 * The deleted versions a repair brings back whose manifests may list more (anything but a single
 * image an index lists as such): what the plan must read to bring their own children back too.
 */
export function repairRestoresToRead(
  damage: Damage,
  singleImages: ReadonlySet<string> | undefined,
): string[] {
  const names = new Set<string>();
  for (const { missing } of damage.broken)
    for (const m of missing)
      if (m.state === "restorable" && m.version && !singleImages?.has(m.digest)) names.add(m.digest);
  return [...names].sort();
}
