// A reference planner written from CONTRACT.md sections 1 and 4 alone, without reading src/plan or
// src/select: plain data in, plain data out, obviously correct rather than fast (every question is
// answered by walking every version again). test/reference/differential.test.ts compares ghpkg's
// plans with its plans over random scenarios.
import type { PackageRef, PackageType } from "../../src/model/package.js";
import { versionTitle, type PackageVersion } from "../../src/model/version.js";
import type { Manifest } from "../../src/registry/manifest.js";
import { byNewest, isExact, patternMatches, selectorMatches, type RawSelector } from "./selectors.js";

export interface RawRules {
  readonly keep?: readonly RawSelector[];
  readonly delete?: readonly RawSelector[];
  readonly unmatched?: "ignore" | "delete";
}

/** One spec document, as its YAML says it. */
export interface RawSpec {
  readonly version: 1;
  readonly owner: string;
  readonly defaults?: RawRules;
  readonly packages: readonly (RawRules & { readonly type: PackageType; readonly name: string })[];
}

export interface World {
  readonly nowMs: number;
  readonly spec: RawSpec;
  /** Every package GitHub lists, with its active versions and the deleted ones ghpkg knows of. */
  readonly live: readonly { readonly ref: PackageRef; readonly versions: readonly PackageVersion[] }[];
  /** What the registry serves by digest; a digest in `unreadable` cannot be read. */
  readonly manifests: ReadonlyMap<string, Manifest>;
  readonly unreadable: ReadonlySet<string>;
  /**
   * The journal, by package label: container versions ghpkg deleted in earlier runs, each with the
   * versions journaled as its children.
   */
  readonly deletedEarlier: ReadonlyMap<string, readonly Journaled[]>;
}

export interface Journaled {
  readonly id: number;
  readonly childIds: readonly number[];
}

export type Why = "restore too old" | "last tagged" | "last active" | "manifest unreadable";

export interface RefOperation {
  readonly action: "delete" | "restore";
  readonly package: string;
  readonly id: number;
  readonly reason: string;
  /** A delete: the versions of the same plan that refer to it, which apply must delete first (none: absent). */
  readonly after?: readonly number[];
}
export interface RefBlocked extends RefOperation {
  readonly why: Why;
}

export interface RefPlan {
  readonly summary: { delete: number; restore: number; blocked: number; unchanged: number };
  readonly operations: RefOperation[];
  readonly blocked: RefBlocked[];
}

const hasTags = (type: PackageType) => type === "container" || type === "docker";
const usesTags = (sel: RawSelector) => sel.tag !== undefined || sel.untagged !== undefined;
const THIRTY_DAYS = 30 * 86_400_000;

interface Rule {
  readonly label: string;
  readonly sel: RawSelector;
}

/** Defaults first (a tag/untagged default only for container and docker), then the package's own. */
function mergedRules(spec: RawSpec, entry: RawSpec["packages"][number], kind: "keep" | "delete"): Rule[] {
  const defaults = (spec.defaults?.[kind] ?? [])
    .map((sel, i) => ({ label: `defaults.${kind}[${i}]`, sel }))
    .filter((r) => hasTags(entry.type) || !usesTags(r.sel));
  return [...defaults, ...(entry[kind] ?? []).map((sel, i) => ({ label: `${kind}[${i}]`, sel }))];
}

export function referencePlan(world: World): RefPlan {
  const operations: RefOperation[] = [];
  const blocked: RefBlocked[] = [];
  let unchanged = 0;
  const entries = world.spec.packages;
  for (const live of world.live) {
    const { ref } = live;
    if (ref.owner !== world.spec.owner) continue;
    // An entry with the exact name wins over a pattern entry; the scenarios write one pattern a type.
    const exact = entries.findIndex((e) => e.type === ref.type && e.name === ref.name);
    const index =
      exact >= 0
        ? exact
        : entries.findIndex(
            (e) => e.type === ref.type && !isExact(e.name) && patternMatches(e.name, ref.name),
          );
    if (index < 0) continue;
    const entry = entries[index]!;
    // A pattern entry's reasons name it: `packages[2] (web-*): delete[0]`.
    const prefix = exact >= 0 ? "" : `packages[${index}] (${entry.name}): `;
    const label = `${ref.owner}/${ref.type}/${ref.name}`;
    const result = planPackage(world, entry, live.versions, world.deletedEarlier.get(label) ?? []);
    const named = <T extends { reason: string }>(op: T) => ({
      ...op,
      reason: prefix + op.reason,
      package: label,
    });
    operations.push(...result.operations.map(named));
    blocked.push(...result.blocked.map(named));
    unchanged += result.unchanged;
  }
  const order = (a: RefOperation, b: RefOperation) =>
    cmp(a.package.split("/")[0]!, b.package.split("/")[0]!) ||
    cmp(a.package.split("/")[1]!, b.package.split("/")[1]!) ||
    cmp(a.package.split("/").slice(2).join("/"), b.package.split("/").slice(2).join("/")) ||
    cmp(a.action, b.action) ||
    a.id - b.id;
  operations.sort(order);
  blocked.sort(order);
  return {
    summary: {
      delete: operations.filter((o) => o.action === "delete").length,
      restore: operations.filter((o) => o.action === "restore").length,
      blocked: blocked.length,
      unchanged,
    },
    operations,
    blocked,
  };
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

type PackageOp = Omit<RefOperation, "package">;

function planPackage(
  world: World,
  entry: RawSpec["packages"][number],
  versions: readonly PackageVersion[],
  journal: readonly Journaled[],
): { operations: PackageOp[]; blocked: (PackageOp & { why: Why })[]; unchanged: number } {
  const { nowMs } = world;
  const keep = mergedRules(world.spec, entry, "keep");
  const del = mergedRules(world.spec, entry, "delete");
  const unmatched = entry.unmatched ?? world.spec.defaults?.unmatched ?? "ignore";
  const active = versions.filter((v) => v.state === "active");
  const firstMatch = (rules: Rule[], v: PackageVersion) =>
    rules.find((r) => selectorMatches(r.sel, v, versions, nowMs))?.label;

  // 1-3 of "What each version should be": keep, else delete, else unmatched.
  const kept = new Set(active.filter((v) => firstMatch(keep, v) !== undefined).map((v) => v.id));
  const ruleDelete = new Map<number, string>();
  for (const v of active) {
    if (kept.has(v.id)) continue;
    const reason = firstMatch(del, v) ?? (unmatched === "delete" ? "unmatched: delete" : undefined);
    if (reason !== undefined) ruleDelete.set(v.id, reason);
  }
  // Restores: only a keep selector that names a deleted version exactly.
  const restores: PackageOp[] = [];
  const blocked: (PackageOp & { why: Why })[] = [];
  const restored = new Set<number>();
  for (const v of versions.filter((x) => x.state === "deleted")) {
    const reason = firstMatch(keep, v);
    if (reason === undefined) continue;
    if (nowMs - Date.parse(v.deletedAt!) > THIRTY_DAYS)
      blocked.push({ action: "restore", id: v.id, reason, why: "restore too old" });
    else {
      restores.push({ action: "restore", id: v.id, reason });
      restored.add(v.id);
    }
  }

  // Container images: who refers to whom, from the manifests the children rule needs.
  const container = entry.type === "container";
  const earlier = container
    ? journal.flatMap(({ id }) => versions.filter((v) => v.id === id && v.state === "deleted"))
    : [];
  const needsGraph = container && (ruleDelete.size > 0 || restored.size > 0 || earlier.length > 0);
  const read = needsGraph
    ? versions.filter((v) => v.state === "active" || restored.has(v.id) || earlier.includes(v))
    : [];
  const unreadable = read.some((v) => world.unreadable.has(v.name));
  const byName = new Map(versions.map((v) => [v.name, v]));
  const parents = new Map<number, PackageVersion[]>(versions.map((v) => [v.id, []]));
  const addEdge = (parent: PackageVersion | undefined, child: PackageVersion | undefined) => {
    if (parent && child && parent.id !== child.id && !parents.get(child.id)!.includes(parent))
      parents.get(child.id)!.push(parent);
  };
  // The journal names the children an earlier run deleted under an image: they finish that run,
  // but only an index's manifest (or a subject, or a cosign tag) makes a child an image keeps.
  const journaled = (u: PackageVersion, v: PackageVersion) =>
    journal.some((j) => j.id === u.id && j.childIds.includes(v.id));
  for (const v of read) {
    // cosign's signatures, attestations and SBOMs are tagged `sha256-<hex>.sig` (README): children of that image.
    for (const tag of v.tags) {
      const signed = /^sha256-([0-9a-f]{64})\.(sig|att|sbom)$/.exec(tag);
      if (signed) addEdge(byName.get(`sha256:${signed[1]}`), v);
    }
    if (world.unreadable.has(v.name)) continue;
    const manifest = world.manifests.get(v.name) ?? {};
    for (const child of manifest.manifests ?? []) addEdge(v, byName.get(child.digest));
    if (manifest.subject) addEdge(byName.get(manifest.subject.digest), v);
  }

  /**
   * `child of <parent>`. The contract does not say which parent a child deleted with several names:
   * `child of {A|B}` says any of them will do (see sameReason in differential.test.ts).
   */
  const childOf = (parents: readonly PackageVersion[]) => {
    const titles = [...new Set(parents.map((u) => versionTitle(u)))].sort();
    return `child of ${titles.length === 1 ? titles[0] : `{${titles.join("|")}}`}`;
  };
  /** The plan's deletes (id → reason), given the versions whose delete is blocked. */
  const settle = (held: ReadonlySet<number>): Map<number, string> => {
    const memo = new Map<number, string | null>();
    const deletes = (v: PackageVersion): string | null => {
      if (memo.has(v.id)) return memo.get(v.id)!;
      memo.set(v.id, null); // a cycle (none in a content-addressed graph) keeps what it touches
      memo.set(v.id, decide(v));
      return memo.get(v.id)!;
    };
    const staysActive = (u: PackageVersion) =>
      u.state === "active" ? deletes(u) === null : restored.has(u.id);
    const decide = (v: PackageVersion): string | null => {
      if (v.state !== "active" || held.has(v.id) || kept.has(v.id)) return null;
      const mine = parents.get(v.id)!;
      if (mine.some(staysActive)) return null; // a child stays while a parent stays
      // A version its own rule deletes is named by that rule; `child of` names what only its parent
      // takes (the contract leaves this open; README's and ghpkg's reading).
      const rule = ruleDelete.get(v.id);
      if (rule !== undefined) return rule;
      const deletedParents = mine.filter((u) => u.state === "active" && deletes(u) !== null);
      if (deletedParents.length > 0) return childOf(deletedParents);
      const earlierParents = earlier.filter((u) => mine.includes(u) || journaled(u, v));
      if (earlierParents.length > 0) return `${childOf(earlierParents)} (deleted earlier)`;
      return null;
    };
    const result = new Map<number, string>();
    for (const v of active) {
      const reason = deletes(v);
      if (reason !== null) result.set(v.id, reason);
    }
    return result;
  };

  const held = new Map<number, { reason: string; why: Why }>();
  let deletes = settle(new Set());
  const hold = (ids: readonly number[], why: Why) => {
    for (const id of ids) held.set(id, { reason: deletes.get(id)!, why });
    deletes = settle(new Set(held.keys()));
  };
  // Fail closed: with a manifest unread, no untagged version is deleted.
  if (unreadable)
    hold(
      active.filter((v) => deletes.has(v.id) && v.tags.length === 0).map((v) => v.id),
      "manifest unreadable",
    );
  const remaining = () => [
    ...active.filter((v) => !deletes.has(v.id)),
    ...versions.filter((v) => restored.has(v.id)),
  ];
  // GitHub will not delete a container package's last tagged version: hold the newest tagged one.
  const tagged = active.filter((v) => v.tags.length > 0);
  if (container && tagged.length > 0 && !remaining().some((v) => v.tags.length > 0))
    hold([[...tagged].sort(byNewest)[0]!.id], "last tagged");
  // Nor any package's last active version: hold the newest.
  if (active.length > 0 && remaining().length === 0) hold([[...active].sort(byNewest)[0]!.id], "last active");

  const operations: PackageOp[] = [
    ...restores,
    ...[...deletes].map(([id, reason]) => {
      const after = parents
        .get(id)!
        .filter((u) => u.state === "active" && deletes.has(u.id))
        .map((u) => u.id)
        .sort((a, b) => a - b);
      return { action: "delete" as const, id, reason, ...(after.length > 0 ? { after } : {}) };
    }),
  ];
  for (const [id, { reason, why }] of held) blocked.push({ action: "delete", id, reason, why });
  return { operations, blocked, unchanged: active.length - deletes.size - held.size };
}
