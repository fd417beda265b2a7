// One random change to a world after its plan was saved, for the saved-plan property: the live state
// (a version added, deleted, restored or retagged, an image pushed that lists a child), the spec's
// rules, or the saved JSON itself (an operation added, removed, its version id or action changed, or
// the spec_digest rewritten).
import fc from "fast-check";
import type { OperationJson, PlanJson } from "../../src/plan/json.js";
import type { PackageVersion } from "../../src/model/version.js";
import type { Manifest } from "../../src/registry/manifest.js";
import type { RawSpec, World } from "./planner.js";
import { digestOf, NAMES, NOW, TAGS } from "./scenarios.js";

export const KINDS = [
  "none",
  "add",
  "delete",
  "restore",
  "retag",
  "push",
  "rule",
  "edit-add",
  "edit-remove",
  "edit-id",
  "edit-action",
  "edit-digest",
] as const;
export type ChangeKind = (typeof KINDS)[number];

/** Small numbers, so that fast-check shrinks a counterexample; apply() reads them modulo what there is. */
export interface Change {
  readonly kind: ChangeKind;
  readonly a: number;
  readonly b: number;
  readonly c: number;
}

export const change: fc.Arbitrary<Change> = fc.record({
  kind: fc.constantFrom(...KINDS),
  a: fc.nat(20),
  b: fc.nat(20),
  c: fc.nat(20),
});

export interface Changed {
  readonly world: World;
  readonly json: PlanJson;
  /** Did the rules' meaning change (so the spec no longer hashes to `spec_digest`)? */
  readonly specChanged: boolean;
  /** What was done, for a reader of a counterexample ("none" when the change found nothing to act on). */
  readonly done: string;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const isImage = (type: string) => type === "container" || type === "docker";

/** The world and the saved JSON after one change. The world and the JSON handed in are not touched. */
export function applyChange(world: World, json: PlanJson, c: Change): Changed {
  const unchanged: Changed = { world, json, specChanged: false, done: "none" };
  const live = world.live.map((p) => ({ ref: p.ref, versions: [...p.versions] }));
  const pkgAt = (n: number, which: (t: string) => boolean = () => true) => {
    const eligible = live.filter((p) => which(p.ref.type));
    return eligible.length > 0 ? eligible[n % eligible.length] : undefined;
  };
  const nextId = Math.max(...world.live.flatMap((p) => p.versions.map((v) => v.id))) + 1;
  const withLive = (done: string, manifests = world.manifests): Changed => ({
    world: { ...world, live, manifests },
    json,
    specChanged: false,
    done,
  });
  /** Moves a tag onto `id` in an image package, off whichever version had it. */
  const moveTag = (versions: PackageVersion[], tag: string, id: number) => {
    versions.forEach((v, i) => {
      if (v.id !== id && v.tags.includes(tag)) versions[i] = { ...v, tags: v.tags.filter((t) => t !== tag) };
    });
    versions.forEach((v, i) => {
      if (v.id === id && !v.tags.includes(tag)) versions[i] = { ...v, tags: [...v.tags, tag] };
    });
  };
  switch (c.kind) {
    case "none":
      return unchanged;
    case "add": {
      const p = pkgAt(c.a)!;
      const image = isImage(p.ref.type);
      let name = image ? digestOf(`added/${nextId}`) : NAMES[c.b % NAMES.length]!;
      if (p.versions.some((v) => v.name === name)) name = `${name}+added`;
      // Pushed after the plan was made, or older (a version GitHub lists late, or imported).
      const createdAt = c.b % 3 === 0 ? NOW + HOUR : NOW - (c.b % 30) * DAY - HOUR;
      p.versions.push({
        id: nextId,
        name,
        tags: [],
        createdAt: new Date(createdAt).toISOString(),
        deletedAt: null,
        state: "active",
      });
      if (image && c.c % 2 === 0) moveTag(p.versions, TAGS[c.c % TAGS.length]!, nextId);
      const manifests = new Map(world.manifests);
      if (p.ref.type === "container")
        manifests.set(name, { mediaType: "application/vnd.oci.image.manifest.v1+json" });
      return withLive(`added ${nextId} to ${p.ref.name}`, manifests);
    }
    case "delete": {
      const p = pkgAt(c.a)!;
      const active = p.versions.filter((v) => v.state === "active");
      // GitHub keeps no package without an active version.
      if (active.length < 2) return unchanged;
      const v = active[c.b % active.length]!;
      p.versions[p.versions.indexOf(v)] = {
        ...v,
        state: "deleted",
        deletedAt: new Date(NOW + HOUR).toISOString(),
      };
      return withLive(`deleted ${v.id}`);
    }
    case "restore": {
      const deleted = live.flatMap((q) => q.versions.filter((v) => v.state === "deleted"));
      if (deleted.length === 0) return unchanged;
      const v = deleted[(c.a + c.b) % deleted.length]!;
      const owner = live.find((q) => q.versions.includes(v))!;
      owner.versions[owner.versions.indexOf(v)] = { ...v, state: "active", deletedAt: null };
      return withLive(`restored ${v.id}`);
    }
    case "retag": {
      const p = pkgAt(c.a, isImage);
      const active = p?.versions.filter((v) => v.state === "active") ?? [];
      if (!p || active.length === 0) return unchanged;
      // Most often a version the saved plan deletes, as "push" does: a retag elsewhere seldom changes
      // the plan (a few in 1,000 runs), and the property must see refusals of each kind every run.
      const deleting = active.filter((v) =>
        json.operations.some((o) => o.action === "delete" && o.version_id === v.id),
      );
      const pool = deleting.length > 0 && c.b % 4 !== 0 ? deleting : active;
      const v = pool[c.b % pool.length]!;
      const tag = TAGS[c.c % TAGS.length]!;
      if (v.tags.includes(tag)) return unchanged;
      moveTag(p.versions, tag, v.id);
      return withLive(`tagged ${v.id} ${tag}`);
    }
    case "push": {
      const p = pkgAt(c.a, (t) => t === "container");
      const active = p?.versions.filter((v) => v.state === "active") ?? [];
      if (!p || active.length === 0) return unchanged;
      // Most often an image whose child the saved plan deletes: the case apply must refuse.
      const deleting = active.filter((v) =>
        json.operations.some((o) => o.action === "delete" && o.version_id === v.id),
      );
      const pool = deleting.length > 0 && c.b % 4 !== 0 ? deleting : active;
      const child = pool[c.b % pool.length]!;
      const name = digestOf(`pushed/${nextId}`);
      p.versions.push({
        id: nextId,
        name,
        tags: [],
        createdAt: new Date(NOW + HOUR).toISOString(),
        deletedAt: null,
        state: "active",
      });
      if (c.c % 3 !== 0) moveTag(p.versions, TAGS[c.c % TAGS.length]!, nextId);
      const index: Manifest = {
        mediaType: "application/vnd.oci.image.index.v1+json",
        manifests: [{ digest: child.name }],
      };
      return withLive(`pushed ${nextId} listing ${child.id}`, new Map(world.manifests).set(name, index));
    }
    case "rule": {
      const specs = world.specs.map((s) => ({ ...s, packages: [...s.packages] }));
      const spec = specs[c.a % specs.length]!;
      const i = c.b % spec.packages.length;
      const entry = spec.packages[i]!;
      const effective = entry.unmatched ?? spec.defaults?.unmatched ?? "ignore";
      const rules: RawSpec["packages"][number] =
        c.c % 2 === 0
          ? { ...entry, unmatched: effective === "ignore" ? "delete" : "ignore" }
          : { ...entry, keep: [...(entry.keep ?? []), { olderThan: `${(c.c % 7) + 1}d` }] };
      spec.packages[i] = rules;
      return {
        world: { ...world, specs },
        json,
        specChanged: true,
        done: `rule of ${spec.owner} packages[${i}] ${c.c % 2 === 0 ? "unmatched flipped" : "keep added"}`,
      };
    }
    case "edit-add": {
      const p = pkgAt(c.a)!;
      const v = p.versions[c.b % p.versions.length]!;
      const op: OperationJson = {
        action: v.state === "active" ? "delete" : "restore",
        owner: p.ref.owner,
        package_type: p.ref.type,
        package_name: p.ref.name,
        version_id: v.id,
        version_name: v.name,
        tags: v.tags,
        reason: "keep[0]",
        version_created_at: v.createdAt,
        deleted_at: v.deletedAt,
      };
      return {
        world,
        json: { ...json, operations: [...json.operations, op] },
        specChanged: false,
        done: `edit: added ${op.action} ${v.id}`,
      };
    }
    case "edit-remove": {
      if (json.operations.length === 0) return applyChange(world, json, { ...c, kind: "edit-add" });
      const i = c.a % json.operations.length;
      const gone = json.operations[i]!;
      return {
        world,
        json: { ...json, operations: json.operations.filter((_, k) => k !== i) },
        specChanged: false,
        done: `edit: removed ${gone.action} ${gone.version_id}`,
      };
    }
    case "edit-id": {
      if (json.operations.length === 0) return applyChange(world, json, { ...c, kind: "edit-add" });
      const i = c.a % json.operations.length;
      const op = json.operations[i]!;
      const versions =
        live.find(
          (p) => p.ref.owner === op.owner && p.ref.type === op.package_type && p.ref.name === op.package_name,
        )?.versions ?? [];
      const other = versions[c.b % Math.max(versions.length, 1)]?.id;
      // Another version of the package, or one that does not exist.
      const id = other !== undefined && other !== op.version_id ? other : op.version_id + 100_000;
      const operations = json.operations.map((o, k) => (k === i ? { ...o, version_id: id } : o));
      return {
        world,
        json: { ...json, operations },
        specChanged: false,
        done: `edit: ${op.version_id} → ${id}`,
      };
    }
    case "edit-action": {
      if (json.operations.length === 0) return applyChange(world, json, { ...c, kind: "edit-add" });
      const i = c.a % json.operations.length;
      const op = json.operations[i]!;
      const action = op.action === "delete" ? ("restore" as const) : ("delete" as const);
      const operations = json.operations.map((o, k) => (k === i ? { ...o, action } : o));
      return {
        world,
        json: { ...json, operations },
        specChanged: false,
        done: `edit: ${op.version_id} ${action}`,
      };
    }
    case "edit-digest":
      // The file no longer names the spec it was made from: as if the spec had changed.
      return {
        world,
        json: { ...json, spec_digest: digestOf(`edited/${c.a}`) },
        specChanged: true,
        done: "edit: spec_digest rewritten",
      };
  }
}
