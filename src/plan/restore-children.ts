import type { ImageGraph } from "../model/live.js";
import { RESTORE_WINDOW_MS, versionTitle, type PackageVersion } from "../model/version.js";
import type { Decision } from "./desired.js";

// Scripts compare `why`: short and fixed, as plan.ts's own.
export const WHY_TOO_OLD = "deleted more than 30 days ago";
/** An image whose restore would leave it without a child that cannot come back. */
export const whyChildTooOld = (descendant: PackageVersion): string =>
  `${versionTitle(descendant)} under it was deleted more than 30 days ago and cannot come back, so the image would not pull`;

/** A restore GitHub would refuse, or that would leave an image that does not pull: never sent. */
export interface BlockedRestore {
  readonly decision: Decision;
  readonly why: string;
}

/** A restored image some of whose children cannot be known: it may not pull. */
export interface UnknownChildren {
  readonly image: PackageVersion;
  /** What cannot be known, and why: `sha256:…: its manifest could not be read (404) …`. */
  readonly missing: string;
}

export interface RestorePlan {
  /**
   * The decisions with every deleted child (and grandchild…) of a restored image made present
   * (`child of <image>`, or its own keep's reason), and the images that cannot come back whole left as
   * they are (deleted).
   */
  readonly decisions: Decision[];
  readonly blocked: BlockedRestore[];
  readonly unknown: UnknownChildren[];
}

/**
 * Children follow their parents back (container packages): an image a keep restores brings back the
 * deleted versions it lists, and theirs (nested indexes), so that it is never active without them.
 * A restore GitHub refuses (deleted more than 30 days ago) blocks every image above it, which would not
 * pull. What an image lists is the graph's (its manifest, a cosign tag, the journal); an image the
 * graph cannot tell about, or a child ghpkg knows no version of, leaves the restore going ahead,
 * reported as unknown. Pure: the graph is an input.
 */
export function followParentsBack(
  desired: readonly Decision[],
  graph: ImageGraph | undefined,
  nowMs: number,
): RestorePlan {
  const roots = desired.filter((d) => d.version.state === "deleted" && d.want === "present");
  if (roots.length === 0) return { decisions: [...desired], blocked: [], unknown: [] };
  const tooOld = (d: Decision) =>
    d.version.deletedAt !== null && nowMs - Date.parse(d.version.deletedAt) > RESTORE_WINDOW_MS;
  const active = new Set(desired.filter((d) => d.version.state === "active").map((d) => d.version.name));
  const deleted = new Map<string, Decision>();
  for (const d of desired)
    if (d.version.state === "deleted" && !deleted.has(d.version.name)) deleted.set(d.version.name, d);
  const childrenOf = (d: Decision): Decision[] =>
    (graph?.children.get(d.version.name) ?? []).flatMap((name) => {
      const child = deleted.get(name);
      return child && child !== d && !active.has(name) ? [child] : [];
    });

  // The first version too old to come back at or under each (memoised; a cycle, which content
  // addressing never makes, counts as fine).
  const blocker = new Map<Decision, Decision | null>();
  const tooOldUnder = (d: Decision): Decision | null => {
    const known = blocker.get(d);
    if (known !== undefined) return known;
    blocker.set(d, null);
    let found: Decision | null = tooOld(d) ? d : null;
    for (const child of childrenOf(d)) found ??= tooOldUnder(child);
    blocker.set(d, found);
    return found;
  };

  // What comes back: each root that can come back whole, and everything under it. Breadth first from
  // the roots in plan order, so each child names the first image that reached it.
  const parents = new Map<Decision, Decision[]>();
  const restored = new Set<Decision>();
  const queue = roots.filter((root) => tooOldUnder(root) === null);
  for (const root of queue) restored.add(root);
  for (let head = 0; head < queue.length; head++) {
    const parent = queue[head]!;
    for (const child of childrenOf(parent)) {
      const list = parents.get(child);
      if (!list) parents.set(child, [parent]);
      else if (!list.includes(parent)) list.push(parent);
      if (!restored.has(child)) {
        restored.add(child);
        queue.push(child);
      }
    }
  }

  // What is blocked: a root that cannot come back whole, and under it each version on the way to what
  // is too old (not below that: a version that cannot come back takes nothing with it).
  const blocked: BlockedRestore[] = [];
  const changed = new Map<Decision, Decision>();
  const block = (d: Decision, reachedFrom: Decision | undefined) => {
    const cause = tooOldUnder(d);
    if (!cause || changed.has(d) || restored.has(d)) return;
    const decision = reachedFrom && d.want !== "present" ? childDecision(d, [reachedFrom]) : d;
    blocked.push({ decision, why: cause === d ? WHY_TOO_OLD : whyChildTooOld(cause.version) });
    // It stays deleted, so it holds up nothing (its children are not kept for it).
    changed.set(d, { ...decision, want: "as-is" });
    if (cause !== d) for (const child of childrenOf(d)) block(child, d);
  };
  for (const root of roots) block(root, undefined);

  for (const d of restored) {
    const mine = parents.get(d);
    changed.set(d, mine ? childDecision(d, mine) : d);
  }
  const unknown = roots
    .filter((root) => restored.has(root))
    .flatMap((root) => unknownUnder(root, childrenOf, graph, deleted, active));
  return { decisions: desired.map((d) => changed.get(d) ?? d), blocked, unknown };
}

/** A deleted version made present by the images that list it: the first names it, all order apply. */
function childDecision(d: Decision, parents: readonly Decision[]): Decision {
  const [first] = parents;
  if (!first) return d;
  const all = parents.length > 1 ? { parents: parents.map((p) => p.version) } : {};
  // A child its own keep restores keeps that reason; it is still restored before its image.
  const reason = d.want === "present" ? d.reason : `child of ${versionTitle(first.version)}`;
  return { ...d, want: "present", reason, parent: first.version, ...all };
}

/** What cannot be known under a restored root: an image the graph cannot tell about, or a child ghpkg does not know. */
function unknownUnder(
  root: Decision,
  childrenOf: (d: Decision) => Decision[],
  graph: ImageGraph | undefined,
  deleted: ReadonlyMap<string, Decision>,
  active: ReadonlySet<string>,
): UnknownChildren[] {
  const missing: string[] = [];
  const seen = new Set<Decision>([root]);
  const queue = [root];
  for (let head = 0; head < queue.length; head++) {
    const d = queue[head]!;
    const name = d.version.name;
    const why = graph?.unknownChildren?.get(name);
    if (why !== undefined) missing.push(`${name}: ${why}`);
    for (const child of graph?.children.get(name) ?? [])
      if (!active.has(child) && !deleted.has(child))
        missing.push(`${child} is listed, but ghpkg knows no version by that digest`);
    for (const child of childrenOf(d))
      if (!seen.has(child)) {
        seen.add(child);
        queue.push(child);
      }
  }
  return missing.length > 0 ? [{ image: root.version, missing: missing.join("; ") }] : [];
}
