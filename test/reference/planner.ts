// A reference planner written from CONTRACT.md sections 1, 3 and 4 alone, without reading src/plan or
// src/select: plain data in, plain data out, obviously correct rather than fast (every question is
// answered by walking every version again). test/reference/differential.test.ts compares ghpkg's
// plans with its plans over random scenarios.
import type { PackageRef, PackageType } from "../../src/model/package.js";
import { versionTitle, type PackageVersion } from "../../src/model/version.js";
import type { Manifest } from "../../src/registry/manifest.js";
import {
  byNewest,
  isExact,
  namesExactly,
  patternMatches,
  selectorMatches,
  type RawSelector,
} from "./selectors.js";
import { usesOf } from "./usage.js";

export interface RawRules {
  readonly keep?: readonly RawSelector[];
  readonly delete?: readonly RawSelector[];
  readonly unmatched?: "ignore" | "delete";
  /** Container packages: mend broken images and orphans (section 1); a package's own wins over defaults. */
  readonly repair?: boolean;
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
  /** One document per owner. */
  readonly specs: readonly RawSpec[];
  /** Every package GitHub has, with all its versions, active and deleted (known to ghpkg or not). */
  readonly live: readonly { readonly ref: PackageRef; readonly versions: readonly PackageVersion[] }[];
  /** The token's user; null for an installation token (GitHub refuses it `GET /user`). */
  readonly viewer: string | null;
  /**
   * The organisations among the owners, with the logins GitHub shows their deleted versions to
   * (admins). In this world an installation token is granted admin of every package, and shown them.
   */
  readonly organisations: Readonly<Record<string, readonly string[]>>;
  /** What the registry serves by digest; a digest in `unreadable` cannot be read. */
  readonly manifests: ReadonlyMap<string, Manifest>;
  readonly unreadable: ReadonlySet<string>;
  /**
   * The journal, by package label: the versions ghpkg deleted in earlier runs (any type), each with
   * the versions journaled as its children. One that GitHub lists active was restored since by someone else.
   */
  readonly journal: ReadonlyMap<string, readonly Journaled[]>;
  /** The checkout's files that `usedIn` globs name (path → text), and the registry's host. */
  readonly files: ReadonlyMap<string, string>;
  readonly registryHost: string;
}

export interface Journaled {
  readonly id: number;
  readonly childIds: readonly number[];
}

export type Why = "restore too old" | "child too old" | "last tagged" | "last active" | "manifest unreadable";

export interface RefOperation {
  readonly action: "delete" | "restore";
  readonly package: string;
  readonly id: number;
  readonly reason: string;
  /** A delete: the versions of the same plan that refer to it, which apply must delete first (none: absent). */
  readonly after?: readonly number[];
  /** A restore: the images of the same plan that list it, which apply restores after it (none: absent). */
  readonly restoredWith?: readonly number[];
}
export interface RefBlocked extends RefOperation {
  readonly why: Why;
}

/** What a broken image or an orphan misses (section 4): a digest, and whether it can come back. */
export interface RefMissing {
  readonly digest: string;
  readonly state: "restorable" | "expired" | "unknown";
  readonly id: number | null;
}
/** An active index one of whose children is not active. */
export interface RefBroken {
  readonly package: string;
  readonly id: number;
  /** In digest order (the contract does not order them). */
  readonly missing: readonly RefMissing[];
}
/** An active referrer whose subject is not active. */
export interface RefOrphan {
  readonly package: string;
  readonly id: number;
  readonly subject: RefMissing;
}

export interface RefPlan {
  /** What the plan must say about where deleted versions came from: `installation token`, `journal: <org>`. */
  readonly notes?: readonly string[];
  readonly summary: { delete: number; restore: number; blocked: number; unchanged: number };
  readonly operations: RefOperation[];
  readonly blocked: RefBlocked[];
  /** The broken images and orphans the plan saw in the graphs it read, before its operations; by package, then id. */
  readonly broken: RefBroken[];
  readonly orphans: RefOrphan[];
}

const hasTags = (type: PackageType) => type === "container" || type === "docker";
const usesTags = (sel: RawSelector) => sel.tag !== undefined || sel.untagged !== undefined;
const THIRTY_DAYS = 30 * 86_400_000;

interface Rule {
  readonly label: string;
  readonly sel: RawSelector;
}

/** Defaults first (a tag/untagged default only for container and docker), then the package's own. */
function mergedRules(spec: RawSpec, entry: Entry, kind: "keep" | "delete"): Rule[] {
  const defaults = (spec.defaults?.[kind] ?? [])
    .map((sel, i) => ({ label: `defaults.${kind}[${i}]`, sel }))
    .filter((r) => hasTags(entry.type) || !usesTags(r.sel));
  return [...defaults, ...(entry[kind] ?? []).map((sel, i) => ({ label: `${kind}[${i}]`, sel }))];
}

type Entry = RawSpec["packages"][number];
const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** The document and entry that govern a package, if any, and the prefix its reasons carry. */
function governing(world: World, ref: PackageRef) {
  const spec = world.specs.find((s) => same(s.owner, ref.owner));
  if (!spec) return undefined;
  const entries = spec.packages;
  // An entry with the exact name wins over a pattern entry; the scenarios write one pattern a type.
  // Names compare as GitHub compares them: without regard to case (section 1).
  const exact = entries.findIndex((e) => e.type === ref.type && same(e.name, ref.name));
  const index =
    exact >= 0
      ? exact
      : entries.findIndex((e) => e.type === ref.type && !isExact(e.name) && patternMatches(e.name, ref.name));
  if (index < 0) return undefined;
  const entry = entries[index]!;
  // A pattern entry's reasons name it: `packages[2] (web-*): delete[0]`.
  return { spec, entry, prefix: exact >= 0 ? "" : `packages[${index}] (${entry.name}): ` };
}

/**
 * Does GitHub list this owner's deleted versions to the token (section 3)? Its own user's, through
 * `/user/packages`; an organisation's, to those it shows them to; nobody else's. An installation
 * token has no user: treated as not the owner.
 */
function listsDeleted(world: World, owner: string): boolean {
  const org = Object.entries(world.organisations).find(([login]) => same(login, owner));
  if (org) return world.viewer === null || org[1].some((admin) => same(admin, world.viewer!));
  return world.viewer !== null && same(world.viewer, owner);
}

/**
 * The universe of a package (section 1): its active versions plus the deleted versions ghpkg knows
 * of — all of them where GitHub lists them to the token, else those the journal says ghpkg deleted.
 */
export function universe(world: World, ref: PackageRef, versions: readonly PackageVersion[]) {
  const journaled = new Set((world.journal.get(labelOf(ref)) ?? []).map((j) => j.id));
  const listed = listsDeleted(world, ref.owner);
  return versions.filter((v) => v.state === "active" || listed || journaled.has(v.id));
}

const labelOf = (ref: PackageRef) => `${ref.owner}/${ref.type}/${ref.name}`;

/**
 * The notes the plan must carry (section 3: "the plan says so"), and those it may: deleted versions
 * came from the journal because the token is an installation token (user-owned packages) or because
 * an organisation would not list them. Required where a deleted version could matter (a keep selector
 * names versions exactly, the only kind that restores); allowed wherever such a package is governed.
 */
export function referenceNotes(world: World): { required: Set<string>; allowed: Set<string> } {
  const required = new Set<string>();
  const allowed = new Set<string>();
  for (const { ref } of world.live) {
    const governed = governing(world, ref);
    if (!governed || listsDeleted(world, ref.owner)) continue;
    const org = Object.keys(world.organisations).find((login) => same(login, ref.owner));
    const note = org ? `journal: ${org}` : world.viewer === null ? "installation token" : undefined;
    if (note === undefined) continue; // another user's packages: the journal, and nothing to say
    allowed.add(note);
    if (mergedRules(governed.spec, governed.entry, "keep").some((r) => namesExactly(r.sel)))
      required.add(note);
  }
  // And one for each restored image whose children cannot all be known: it may not pull (section 1).
  for (const note of planAll(world).mayNotPull) {
    required.add(note);
    allowed.add(note);
  }
  return { required, allowed };
}

export function referencePlan(world: World): RefPlan {
  return planAll(world).plan;
}

/** The plan, and its notes that a restored image may not pull (`may not pull: <package> <image id>`). */
function planAll(world: World): { plan: RefPlan; mayNotPull: string[] } {
  const operations: RefOperation[] = [];
  const blocked: RefBlocked[] = [];
  const mayNotPull: string[] = [];
  const broken: RefBroken[] = [];
  const orphans: RefOrphan[] = [];
  let unchanged = 0;
  for (const live of world.live) {
    const { ref } = live;
    const governed = governing(world, ref);
    if (!governed) continue;
    const { spec, entry, prefix } = governed;
    const label = labelOf(ref);
    const versions = universe(world, ref, live.versions);
    const result = planPackage(world, ref, spec, entry, versions, world.journal.get(label) ?? []);
    // Owners and names compare without regard to case: a package is named in lower case here.
    const named = <T extends { reason: string }>(op: T) => ({
      ...op,
      reason: prefix + op.reason,
      package: label.toLowerCase(),
    });
    operations.push(...result.operations.map(named));
    blocked.push(...result.blocked.map(named));
    mayNotPull.push(...result.notes.map((id) => `may not pull: ${label.toLowerCase()} ${id}`));
    broken.push(...result.broken.map((b) => ({ package: label.toLowerCase(), ...b })));
    orphans.push(...result.orphans.map((o) => ({ package: label.toLowerCase(), ...o })));
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
  const byPackage = (a: { package: string; id: number }, b: { package: string; id: number }) =>
    cmp(a.package, b.package) || a.id - b.id;
  broken.sort(byPackage);
  orphans.sort(byPackage);
  const plan = {
    summary: {
      delete: operations.filter((o) => o.action === "delete").length,
      restore: operations.filter((o) => o.action === "restore").length,
      blocked: blocked.length,
      unchanged,
    },
    operations,
    blocked,
    broken,
    orphans,
  };
  return { plan, mayNotPull: mayNotPull.sort() };
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

type PackageOp = Omit<RefOperation, "package">;

function planPackage(
  world: World,
  ref: PackageRef,
  spec: RawSpec,
  entry: Entry,
  versions: readonly PackageVersion[],
  journal: readonly Journaled[],
): {
  operations: PackageOp[];
  blocked: (PackageOp & { why: Why })[];
  notes: number[];
  unchanged: number;
  broken: Omit<RefBroken, "package">[];
  orphans: Omit<RefOrphan, "package">[];
} {
  const { nowMs } = world;
  const keep = mergedRules(spec, entry, "keep");
  const del = mergedRules(spec, entry, "delete");
  const unmatched = entry.unmatched ?? spec.defaults?.unmatched ?? "ignore";
  const active = versions.filter((v) => v.state === "active");
  // usedIn: where the files refer to the version; a reason names the first place.
  const uses = (globs: readonly string[], v: PackageVersion) =>
    usesOf(world.files, world.registryHost, globs, ref, v);
  const firstMatch = (rules: Rule[], v: PackageVersion) => {
    const rule = rules.find((r) => selectorMatches(r.sel, v, versions, nowMs, uses));
    if (rule?.sel.usedIn === undefined) return rule?.label;
    return `${rule.label} used in ${uses([rule.sel.usedIn].flat(), v)[0]}`;
  };

  // 1-3 of "What each version should be": keep, else delete, else unmatched.
  const kept = new Set(active.filter((v) => firstMatch(keep, v) !== undefined).map((v) => v.id));
  const ruleDelete = new Map<number, string>();
  for (const v of active) {
    if (kept.has(v.id)) continue;
    const reason = firstMatch(del, v) ?? (unmatched === "delete" ? "unmatched: delete" : undefined);
    if (reason !== undefined) ruleDelete.set(v.id, reason);
  }
  const container = entry.type === "container";
  // repair: true on the entry, else in defaults; it changes nothing but container packages (README).
  const repair = container && (entry.repair ?? spec.defaults?.repair ?? false);
  const earlier = container
    ? journal.flatMap(({ id }) => versions.filter((v) => v.id === id && v.state === "deleted"))
    : [];
  // Active images' manifests are read when something is deleted (or an earlier run is finished), and
  // always with repair (README); a restored image's, to know what it lists (restoresOf says what
  // cannot be known).
  const readsActive = container && (ruleDelete.size > 0 || earlier.length > 0 || repair);

  // Broken images and orphans (section 1), as the graph is before the plan's operations.
  const damage = readsActive
    ? damageOf(world, versions, active, repair || keep.some((r) => namesExactly(r.sel)), journal)
    : { broken: [], orphans: [] };
  // repair: a broken image's missing children that can come back are restored with it. Not those of
  // an image the rules delete (the contract is silent; mending what the plan deletes is no repair).
  const repairRoots = new Map<number, PackageVersion[]>();
  if (repair)
    for (const b of damage.broken.filter((b) => !ruleDelete.has(b.id)))
      for (const m of b.missing)
        if (m.state === "restorable") {
          const image = active.find((v) => v.id === b.id)!;
          repairRoots.set(m.id!, [...(repairRoots.get(m.id!) ?? []), image]);
        }

  // Restores: only a keep selector that names a deleted version exactly; and for container images,
  // children follow their parents back (section 1).
  const back = restoresOf(world, versions, keep, container ? journal : [], container, repairRoots);
  const { restored, restores, notes } = back;
  const blocked: (PackageOp & { why: Why })[] = [...back.blocked];

  // repair: an orphan whose subject cannot come back (gone, or deleted more than 30 days ago) is
  // deleted, unless a keep matches it; a rule's own delete keeps its reason. A subject is known to be
  // gone only where GitHub lists the deleted versions (README): from the journal alone it is left.
  const repairDelete = new Map<number, string>();
  const goneIsKnown = listsDeleted(world, ref.owner);
  if (repair)
    for (const o of damage.orphans) {
      if (o.subject.state === "restorable" || kept.has(o.id) || ruleDelete.has(o.id)) continue;
      if (o.subject.state === "unknown" && !goneIsKnown) continue;
      const subject = versions.find((v) => v.id === o.subject.id);
      repairDelete.set(
        o.id,
        `repair: orphan of ${versionTitle(subject ?? { name: o.subject.digest, tags: [] })}`,
      );
    }

  // Container images: who refers to whom, from the manifests the children rule needs.
  const readAsActive = (v: PackageVersion) => readsActive && (v.state === "active" || earlier.includes(v));
  const read = versions.filter((v) => readAsActive(v) || restored.has(v.id));
  const unreadable =
    versions.some((v) => readAsActive(v) && world.unreadable.has(v.name)) || notes.length > 0;
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
    // A restored image lists what the journal says went with it, too.
    if (restored.has(v.id))
      for (const id of journal.find((j) => j.id === v.id)?.childIds ?? [])
        addEdge(
          v,
          versions.find((x) => x.id === id),
        );
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
      const rule = ruleDelete.get(v.id) ?? repairDelete.get(v.id);
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
  // Fail closed: with a manifest unread (or what a restored image lists unknown), no version of the
  // package is deleted, tagged or not.
  if (unreadable)
    hold(
      active.filter((v) => deletes.has(v.id)).map((v) => v.id),
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
  return {
    operations,
    blocked,
    notes,
    unchanged: active.length - deletes.size - held.size,
    ...damage,
  };
}

const COSIGN = /^sha256-([0-9a-f]{64})\.(sig|att|sbom)$/;

/**
 * The broken images and orphans of a container package whose graph is read (section 1). Broken: an
 * active image whose manifest lists a version that is not active (README: what it lists; a referrer
 * whose subject is missing is an orphan). Orphan: an active version whose `subject`, or the image its
 * cosign tag names, is not active. What is missing is `restorable` or `expired` when ghpkg knows it
 * deleted: its deleted versions are listed only when a keep names a version exactly or repair asks
 * (schemas/ghpkg-plan.schema.json), the journal's are always known; else `unknown`.
 */
function damageOf(
  world: World,
  versions: readonly PackageVersion[],
  active: readonly PackageVersion[],
  readsDeleted: boolean,
  journal: readonly Journaled[],
): { broken: Omit<RefBroken, "package">[]; orphans: Omit<RefOrphan, "package">[] } {
  const isActive = new Set(active.map((v) => v.name));
  const known = versions.filter(
    (v) => v.state === "deleted" && (readsDeleted || journal.some((j) => j.id === v.id)),
  );
  const missing = (digest: string): RefMissing => {
    const v = known.find((k) => k.name === digest);
    if (!v) return { digest, state: "unknown", id: null };
    const expired = world.nowMs - Date.parse(v.deletedAt!) > THIRTY_DAYS;
    return { digest, state: expired ? "expired" : "restorable", id: v.id };
  };
  const broken: Omit<RefBroken, "package">[] = [];
  const orphans: Omit<RefOrphan, "package">[] = [];
  for (const v of active) {
    const manifest = world.unreadable.has(v.name) ? undefined : world.manifests.get(v.name);
    const lacks = [...new Set((manifest?.manifests ?? []).map((m) => m.digest))]
      .filter((d) => !isActive.has(d))
      .sort();
    if (lacks.length > 0) broken.push({ id: v.id, missing: lacks.map(missing) });
    const subjects = [
      ...(manifest?.subject ? [manifest.subject.digest] : []),
      ...v.tags.flatMap((t) => {
        const signed = COSIGN.exec(t);
        return signed ? [`sha256:${signed[1]}`] : [];
      }),
    ];
    if (subjects.length > 0 && !subjects.some((d) => isActive.has(d)))
      orphans.push({ id: v.id, subject: missing(subjects[0]!) });
  }
  return { broken, orphans };
}

/**
 * Restores (section 1): a keep that names a deleted version exactly brings it back, within GitHub's
 * 30 days. A container image brings back with it the deleted versions it lists (its manifest, the
 * journal's record of what was deleted with it, cosign's signature tags), and theirs; one that cannot
 * come back (deleted more than 30 days ago) blocks every image above it, which would not pull. A
 * restored image whose children cannot all be known goes ahead, and the plan says it may not pull.
 */
function restoresOf(
  world: World,
  versions: readonly PackageVersion[],
  keep: readonly Rule[],
  journal: readonly Journaled[],
  container: boolean,
  /** repair: the missing children of broken images that can come back, with the images that list each. */
  repairRoots: ReadonlyMap<number, readonly PackageVersion[]>,
) {
  const { nowMs } = world;
  const deleted = versions.filter((v) => v.state === "deleted");
  const ownReason = new Map<number, string>();
  for (const v of deleted) {
    const reason = keep.find((r) => selectorMatches(r.sel, v, versions, nowMs))?.label;
    if (reason !== undefined) ownReason.set(v.id, reason);
  }
  const tooOld = (v: PackageVersion) => nowMs - Date.parse(v.deletedAt!) > THIRTY_DAYS;
  const entryOf = (v: PackageVersion) => journal.find((j) => j.id === v.id);
  /** Every version an image lists, by digest or id, whether ghpkg knows it or not (undefined). */
  const listed = (u: PackageVersion): (PackageVersion | undefined)[] => {
    if (!container) return [];
    const manifest = world.unreadable.has(u.name) ? {} : (world.manifests.get(u.name) ?? {});
    // cosign's signatures, attestations and SBOMs: what the children rule counts as children (README).
    const signatures = deleted.filter((v) =>
      v.tags.some((t) => COSIGN.exec(t)?.[1] === u.name.slice("sha256:".length)),
    );
    return [
      ...(manifest.manifests ?? []).map((m) => versions.find((v) => v.name === m.digest)),
      ...(entryOf(u)?.childIds ?? []).map((id) => versions.find((v) => v.id === id)),
      ...signatures,
    ].filter((v) => v?.id !== u.id);
  };
  const deletedUnder = (u: PackageVersion) =>
    [...new Set(listed(u))].filter((v): v is PackageVersion => v?.state === "deleted");
  const cannotKnow = (u: PackageVersion) =>
    container &&
    ((world.unreadable.has(u.name) && entryOf(u) === undefined) || listed(u).some((v) => v === undefined));
  /** Is this version, or one under it, past GitHub's 30 days? (The first such, or null.) */
  const pastWindow = (u: PackageVersion, path: readonly number[] = []): PackageVersion | null => {
    if (tooOld(u)) return u;
    if (path.includes(u.id)) return null;
    for (const v of deletedUnder(u)) {
      const found = pastWindow(v, [...path, u.id]);
      if (found) return found;
    }
    return null;
  };
  const closure = (root: PackageVersion) => {
    const members = [root];
    for (let i = 0; i < members.length; i++)
      for (const v of deletedUnder(members[i]!)) if (!members.includes(v)) members.push(v);
    return members;
  };
  const childOf = (parents: readonly PackageVersion[]) => {
    const titles = [...new Set(parents.map((u) => versionTitle(u)))].sort();
    return `child of ${titles.length === 1 ? titles[0] : `{${titles.join("|")}}`}`;
  };
  // A keep's restore names its rule; a repair's, the broken images it mends (README).
  for (const [id, images] of repairRoots)
    if (!ownReason.has(id)) ownReason.set(id, `repair: ${childOf(images)}`);
  const roots = deleted.filter((v) => ownReason.has(v.id));
  // What comes back with a restored image is `child of <parent>` (section 1), whether a keep or a
  // repair restores the image.
  const childReason = (v: PackageVersion, parents: readonly PackageVersion[]) =>
    ownReason.get(v.id) ?? childOf(parents);
  const whole = roots.filter((root) => pastWindow(root) === null);
  const restored = new Set(whole.flatMap(closure).map((v) => v.id));
  const restoredParents = (v: PackageVersion) =>
    deleted.filter((u) => restored.has(u.id) && deletedUnder(u).includes(v));
  const restores: PackageOp[] = deleted
    .filter((v) => restored.has(v.id))
    .map((v) => {
      const parents = restoredParents(v);
      return {
        action: "restore" as const,
        id: v.id,
        reason: childReason(v, parents),
        ...(parents.length > 0 ? { restoredWith: parents.map((u) => u.id).sort((a, b) => a - b) } : {}),
      };
    });
  // Blocked: each root that cannot come back whole, and under it each version on the way to what is
  // too old (not below that), each named by the images on that way that list it.
  const shown: PackageVersion[] = [];
  const walk = (v: PackageVersion) => {
    if (shown.includes(v) || restored.has(v.id) || pastWindow(v) === null) return;
    shown.push(v);
    if (!tooOld(v)) for (const c of deletedUnder(v)) walk(c);
  };
  for (const root of roots) walk(root);
  const blocked = shown.map((v) => {
    const cause = pastWindow(v)!;
    const by = shown.filter((u) => !tooOld(u) && deletedUnder(u).includes(v));
    const why: Why = cause === v ? "restore too old" : "child too old";
    return { action: "restore" as const, id: v.id, reason: childReason(v, by), why };
  });
  const notes = whole.filter((root) => closure(root).some(cannotKnow)).map((root) => root.id);
  return { restored, restores, blocked, notes };
}
