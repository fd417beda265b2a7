import type { ImageGraph, LivePackage } from "../model/live.js";
import { packageKey, packageLabel } from "../model/package.js";
import { newestOf, versionTitle, type PackageVersion } from "../model/version.js";
import type { PackageSpec } from "../spec/types.js";
import { packageStorage, totalBytesFreed } from "./bytes-freed.js";
import { findDamage, NO_DAMAGE, type Damage } from "./broken.js";
import { canRestore } from "./can-restore.js";
import { repairDecisions } from "./repair.js";
import { followParents } from "./children.js";
import { followParentsBack } from "./restore-children.js";
import { desiredState, type Decision } from "./desired.js";
import type {
  Action,
  BlockedOperation,
  BrokenReport,
  Changes,
  Operation,
  OrphanReport,
  PackageSummary,
  Plan,
} from "./types.js";

// Scripts compare `why`: the last-active text is the contract's own (section 4), word for word, and
// the others are as short. What to do about a block is the renderers' to say (render/blocked-hint.ts).
export { WHY_TOO_OLD } from "./restore-children.js";
export const WHY_LAST_TAGGED = "last tagged version of the package";
export const WHY_LAST = "last active version of the package";
/** Follows what could not be read: a fail-closed block names its cause first. */
export const WHY_UNKNOWN_CHILDREN =
  "no version of this package is deleted while its images' children are unknown";

/**
 * The pure planner: the rules, the live versions and the time in; operations, blocked operations
 * and counts out. No I/O and no clock, so that it can be tested by its properties. `planned` holds
 * packages planned ahead by `planPackageOf` (as their listings arrived): the same result, sooner.
 */
export function planChanges(
  specs: readonly PackageSpec[],
  live: readonly LivePackage[],
  nowMs: number,
  planned?: ReadonlyMap<string, PackagePlan>,
): Changes {
  const byLabel = new Map(live.map((p) => [packageKey(p.ref), p]));
  const operations: Operation[] = [];
  const blocked: BlockedOperation[] = [];
  const packages: PackageSummary[] = [];
  const notes: string[] = [];
  const broken: BrokenReport[] = [];
  const orphans: OrphanReport[] = [];
  // Packages in plan order, and each package's operations in order: no sort over all operations.
  const ordered = [...specs].sort(byPlanOrder);
  for (const spec of ordered) {
    const pkg = byLabel.get(packageKey(spec));
    const early = planned?.get(packageKey(spec));
    // A part planned ahead is used only if it was planned from these very objects.
    const part =
      early !== undefined && early.spec === spec && early.live === pkg
        ? early
        : planPackageOf(spec, pkg, nowMs);
    broken.push(...part.broken);
    orphans.push(...part.orphans);
    operations.push(...part.operations);
    blocked.push(...part.blocked);
    notes.push(...part.notes);
    packages.push(part.summary);
  }
  const total = (key: "delete" | "restore" | "blocked" | "unchanged") =>
    packages.reduce((n, p) => n + p[key], 0);
  return {
    summary: {
      delete: total("delete"),
      restore: total("restore"),
      blocked: total("blocked"),
      unchanged: total("unchanged"),
      bytesFreed: totalBytesFreed(packages),
    },
    packages,
    operations,
    blocked,
    ...(notes.length > 0 ? { notes } : {}),
    broken,
    orphans,
  };
}

/** One package's part of a plan, and the spec and live package it was planned from. */
export interface PackagePlan {
  readonly spec: PackageSpec;
  readonly live: LivePackage | undefined;
  readonly broken: readonly BrokenReport[];
  readonly orphans: readonly OrphanReport[];
  readonly operations: readonly Operation[];
  readonly blocked: readonly BlockedOperation[];
  readonly notes: readonly string[];
  readonly summary: PackageSummary;
}

/**
 * A package planned alone: packages do not depend on one another, so a package whose versions are
 * all known (and that has no image graph to wait for) can be planned while others are still read.
 */
export function planPackageOf(spec: PackageSpec, pkg: LivePackage | undefined, nowMs: number): PackagePlan {
  const ref = { owner: spec.owner, type: spec.type, name: spec.name };
  // What the graph shows broken, before the plan: reported whether or not the spec mends it.
  const damage =
    spec.type === "container"
      ? findDamage([...(pkg?.versions ?? []), ...(pkg?.journalDeleted ?? [])], pkg?.graph, nowMs)
      : NO_DAMAGE;
  const desired = desiredState(spec, pkg?.versions ?? [], nowMs);
  const result = planPackage(
    spec,
    repairing(spec, desired, damage, pkg?.deletedComplete === true),
    pkg?.graph,
    nowMs,
  );
  return {
    spec,
    live: pkg,
    broken: damage.broken.map((b) => ({ ref, ...b })),
    orphans: damage.orphans.map((o) => ({ ref, ...o })),
    ...result,
  };
}

/** `repair: true` mends what the graph shows broken; without it, the plan only reports it. */
function repairing(
  spec: PackageSpec,
  desired: Decision[],
  damage: Damage,
  deletedComplete: boolean,
): Decision[] {
  return spec.repair === true ? repairDecisions(desired, damage, deletedComplete) : desired;
}

function planPackage(
  spec: PackageSpec,
  desired: readonly Decision[],
  graph: ImageGraph | undefined,
  nowMs: number,
): { operations: Operation[]; blocked: BlockedOperation[]; notes: string[]; summary: PackageSummary } {
  const ref = { owner: spec.owner, type: spec.type, name: spec.name };
  // A pattern entry's packages name the entry in every reason: several packages share its rules.
  const reasonOf = (d: Decision) => (spec.entry ? `${spec.entry}: ${d.reason ?? ""}` : (d.reason ?? ""));
  const operation = (action: Action, d: Decision): Operation => ({
    action,
    ref,
    version: d.version,
    reason: reasonOf(d),
    ...(d.parent ? { parentId: d.parent.id } : {}),
    ...(d.parents ? { parentIds: d.parents.map((p) => p.id).sort((a, b) => a - b) } : {}),
  });
  // Restores first: an image comes back with its deleted children, or (one cannot) not at all; a
  // restore GitHub refuses leaves its version deleted, keeping none of the children it lists.
  const back = followParentsBack(desired, graph, nowMs);
  const blocked: BlockedOperation[] = back.blocked.map((b) => ({
    ...operation("restore", b.decision),
    why: b.why,
  }));
  const operations: Operation[] = back.decisions
    .filter((d) => d.version.state === "deleted" && d.want === "present")
    .map((d) => operation("restore", d));
  const restored = operations.length;
  const active = desired.filter((d) => d.version.state === "active");
  const notes = back.unknown.map(
    ({ image, missing }) =>
      `${packageLabel(ref)}: ${versionTitle(image)} (${image.id}) is restored, but what it lists cannot all be known (${missing}): it may not pull until they are restored too`,
  );

  const held = new Set<PackageVersion>();
  let decisions: Decision[] = [];
  let sendable: Decision[] = [];
  const decide = () => {
    decisions = followParents(
      held.size === 0
        ? back.decisions
        : back.decisions.map((d) => (held.has(d.version) ? { ...d, want: "present" as const } : d)),
      graph,
    );
    sendable = decisions.filter((d) => d.version.state === "active" && d.want === "absent");
  };
  decide();
  // Fail closed: with a manifest unread, any version may be some image's child, tagged ones too (a
  // platform image may carry its own tag, and an index may be listed by another); so too when an image
  // this plan restores lists what cannot be known. Every delete is held.
  const [unknown] = back.unknown;
  const failClosed =
    graph?.unreadable ??
    (unknown &&
      `the children of ${versionTitle(unknown.image)} (${unknown.image.id}), which this plan restores, cannot all be known (${unknown.missing})`);
  if (failClosed !== undefined && sendable.length > 0) {
    for (const d of sendable) {
      blocked.push({ ...operation("delete", d), why: `${failClosed}; ${WHY_UNKNOWN_CHILDREN}` });
      held.add(d.version);
    }
    decide();
  }
  // What GitHub refuses to delete is held (its delete blocked), and the rest decided again so that its children stay with it.
  const hold = (candidates: readonly Decision[], why: string) => {
    const newest = newestOf(candidates.map((d) => d.version));
    const decision = candidates.find((d) => d.version === newest);
    if (!newest || !decision) return;
    blocked.push({ ...operation("delete", decision), why });
    held.add(newest);
    decide();
  };
  // Container packages: GitHub will not delete the last tagged version. First, so that the package is not left empty either.
  if (spec.type === "container") {
    const tagged = active.filter((d) => d.version.tags.length > 0);
    const taggedGoing = sendable.filter((d) => d.version.tags.length > 0);
    const restoresTagged = operations.some((op) => op.version.tags.length > 0);
    if (tagged.length > 0 && taggedGoing.length === tagged.length && !restoresTagged)
      hold(taggedGoing, WHY_LAST_TAGGED);
  }
  // GitHub will not delete the last version: hold the newest.
  if (sendable.length > 0 && sendable.length === active.length && restored === 0) hold(sendable, WHY_LAST);
  operations.push(...sendable.map((d) => operation("delete", d)));
  const byActionAndId = (a: Operation, b: Operation) =>
    compareText(a.action, b.action) || a.version.id - b.version.id;
  const blockedDeletes = blocked.filter((b) => b.action === "delete").length;
  const storage = packageStorage(
    spec.type,
    graph,
    active.map((d) => d.version),
    sendable.map((d) => d.version),
    operations.filter((op) => op.action === "restore").map((op) => op.version),
  );
  return {
    operations: operations.sort(byActionAndId),
    blocked: blocked.sort(byActionAndId),
    notes,
    summary: {
      ref,
      active: active.length,
      deleted: desired.length - active.length,
      childrenKept: decisions.filter((d) => d.version.state === "active" && d.want === "present" && d.parent)
        .length,
      delete: sendable.length,
      restore: restored,
      blocked: blocked.length,
      unchanged: active.length - sendable.length - blockedDeletes,
      deletedRead: canRestore(spec),
      ...storage,
    },
  };
}

/**
 * The contract's order of packages: owner, package type, package name (then action and id within one).
 * Owners and names compare without regard to case, as GitHub compares them: `OctoCat` sorts as `octocat`.
 */
function byPlanOrder(a: PackageSpec, b: PackageSpec): number {
  return (
    compareText(a.owner.toLowerCase(), b.owner.toLowerCase()) ||
    compareText(a.type, b.type) ||
    compareText(a.name.toLowerCase(), b.name.toLowerCase())
  );
}

// Code-unit order, not the locale's: a plan must sort the same on every machine.
const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export interface PlanContext {
  readonly createdAt: string;
  readonly specDigest: string;
  readonly apiUrl: string;
  readonly specPaths: readonly string[];
  readonly notes?: readonly string[];
  readonly patterns?: NonNullable<Plan["patterns"]>;
}

export function assemblePlan(changes: Changes, context: PlanContext): Plan {
  // The planner's notes (images that may not pull) after those on how the live state was read.
  const notes = [...(context.notes ?? []), ...(changes.notes ?? [])];
  return { ...context, ...changes, notes };
}
