// ghpkg's own plan for a reference World: the spec written as YAML and read by the real loader, the
// live state served by the in-memory GitHub and registry, the plan made by the core's planSpec.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { packageKey, packageLabel, type PackageRef } from "../../src/model/package.js";
import type { Plan } from "../../src/plan/types.js";
import {
  planFromJson,
  planToJson,
  type DamagedVersionJson,
  type MissingJson,
  type PlanJson,
} from "../../src/plan/json.js";
import { planSpec } from "../../src/reconcile/plan.js";
import { recheckSavedPlan } from "../../src/reconcile/saved-plan.js";
import type { PlanPorts } from "../../src/reconcile/ports.js";
import { loadSpec } from "../../src/spec/load.js";
import { usageReader } from "../../src/usage/read-usage.js";
import type { Spec } from "../../src/spec/types.js";
import { memoryManifests, memorySource } from "../helpers/memory-source.js";
import type { RefMissing, RefPlan, Why, World } from "./planner.js";

/**
 * The contract fixes the rule a reason names (`keep[2]`, `defaults.delete[0]`, `unmatched: delete`,
 * `child of <parent>`), not the phrase ghpkg adds after it (`delete[0]: untagged, older than 14d`).
 */
function ruleOf(reason: string): string {
  // A pattern entry's packages: `packages[2] (web-*): delete[0]: …` (README).
  const [, entry, rest] = /^(packages\[\d+\] \(.*?\): )(.*)$/s.exec(reason) ?? [undefined, "", reason];
  // A repair's (README): `repair: child of <image>`, `repair: orphan of <subject>`.
  if (rest.startsWith("child of ") || rest.startsWith("unmatched: ") || rest.startsWith("repair: "))
    return entry + rest;
  // usedIn: the first place the files refer to the version (`keep[0]: used in deploy/a.yaml:3`).
  const where = / used in ([^,]+:\d+)(?:,|$)/.exec(rest);
  return entry + rest.split(": ")[0]! + (where ? ` used in ${where[1]}` : "");
}

/** The contract words only the last-active reason; the others are told apart by what they say. */
function whyOf(why: string): string {
  if (why.startsWith("last active version of the package")) return "last active";
  if (/last tagged/.test(why)) return "last tagged";
  if (/under it was deleted more than 30 days ago/.test(why)) return "child too old";
  if (/30 days/.test(why)) return "restore too old";
  if (/no version of this package is deleted/.test(why)) return "manifest unreadable";
  return why;
}

/** ghpkg's plan in the reference's terms. */
function projected(plan: Plan): RefPlan {
  const op = (o: Plan["operations"][number]) => ({
    action: o.action,
    // As the spec writes it: one package whatever the case (the reference names it as GitHub lists it).
    package: packageKey(o.ref),
    id: o.version.id,
    reason: ruleOf(o.reason),
  });
  const deleted = new Set(plan.operations.filter((o) => o.action === "delete").map((o) => o.version.id));
  const restored = new Set(plan.operations.filter((o) => o.action === "restore").map((o) => o.version.id));
  // The parents apply must delete first (those this plan deletes: a child of an image deleted earlier
  // names that image as its parent too), or restore after (those this plan restores).
  const parentsIn = (o: Plan["operations"][number], ids: ReadonlySet<number>) =>
    // Both, as apply orders by them (a repair's restore names the broken images in parentIds and an
    // image restored with it in parentId).
    [...new Set([...(o.parentIds ?? []), ...(o.parentId !== undefined ? [o.parentId] : [])])]
      .filter((id) => ids.has(id))
      .sort((a, b) => a - b);
  return {
    // The counts: the reference planner does not measure storage (bytes_freed has tests of its own).
    summary: {
      delete: plan.summary.delete,
      restore: plan.summary.restore,
      blocked: plan.summary.blocked,
      unchanged: plan.summary.unchanged,
    },
    operations: plan.operations.map((o) => {
      const parents = parentsIn(o, o.action === "delete" ? deleted : restored);
      const field = o.action === "delete" ? "after" : "restoredWith";
      return { ...op(o), ...(parents.length > 0 ? { [field]: parents } : {}) };
    }),
    blocked: plan.blocked.map((b) => ({ ...op(b), why: whyOf(b.why) as Why })),
    // The broken images and orphans (section 4), as the JSON plan writes them; sorted as the reference
    // sorts them (the contract fixes no order).
    broken:
      planToJson(plan)
        .broken?.map((b) => ({
          package: packageKey(refOf(b)),
          id: b.version_id,
          missing: b.missing.map(missingOf).sort((x, y) => cmp(x.digest, y.digest)),
        }))
        .sort(byPackage) ?? [],
    orphans:
      planToJson(plan)
        .orphans?.map((o) => ({
          package: packageKey(refOf(o)),
          id: o.version_id,
          subject: missingOf(o.subject),
        }))
        .sort(byPackage) ?? [],
  };
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byPackage = (a: { package: string; id: number }, b: { package: string; id: number }) =>
  cmp(a.package, b.package) || a.id - b.id;
const refOf = (d: DamagedVersionJson): PackageRef => ({
  owner: d.owner,
  type: d.package_type,
  name: d.package_name,
});
const missingOf = (m: MissingJson): RefMissing => ({ digest: m.digest, state: m.state, id: m.version_id });

/** Which note ghpkg's plan carries, in the reference's terms (README words them; the contract only asks for them). */
function noteOf(note: string): string {
  const restore = /^(.+?): .* \((\d+)\) is restored, but .* may not pull/.exec(note);
  if (restore) return `may not pull: ${restore[1]!.toLowerCase()} ${restore[2]}`;
  if (/installation token/.test(note)) return "installation token";
  const org = /deleted versions of (.+?)'s packages/.exec(note);
  return org ? `journal: ${org[1]!.toLowerCase()}` : note;
}

const dir = mkdtempSync(join(tmpdir(), "ghpkg-reference-"));
let files = 0;
// ghpkg runs in the checkout that holds the spec and the files its usedIn globs name: here, `dir`.
process.chdir(dir);

/** The world's checkout: its files where `usedIn` globs find them (rewritten only where they changed). */
const written = new Map<string, string>();
function writeWorldFiles(world: World): void {
  for (const path of [...written.keys()].filter((p) => !world.files.has(p))) {
    rmSync(join(dir, path), { force: true });
    written.delete(path);
  }
  for (const [path, text] of world.files) {
    if (written.get(path) === text) continue;
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
    written.set(path, text);
  }
}

/** The world's spec, one document a file, written as YAML (JSON is YAML) and read back by the real loader. */
export function loadWorldSpec(world: World): { spec: Spec; paths: string[] } {
  const paths = world.specs.map((doc) => {
    const path = join(dir, `ghpkg-${files++}.yaml`);
    writeFileSync(path, JSON.stringify(doc, null, 2));
    return path;
  });
  const spec = loadSpec(paths);
  for (const path of paths) rmSync(path);
  return { spec, paths };
}

/** The world served as ghpkg's ports: the in-memory GitHub and registry, and the journal. */
export function worldPorts(world: World): PlanPorts {
  writeWorldFiles(world);
  const source = memorySource(
    world.live.map((p) => ({ ref: p.ref, versions: [...p.versions] })),
    world.viewer,
    () => world.nowMs,
    { organisations: world.organisations },
  );
  // The journal is read as ghpkg reads it: by package, whatever the case the spec writes it in.
  const versionsOf = (ref: PackageRef) =>
    world.live.find((p) => packageKey(p.ref) === packageKey(ref))?.versions ?? [];
  const journal = new Map(
    world.live.map((p) => [packageKey(p.ref), world.journal.get(packageLabel(p.ref)) ?? []]),
  );
  const journaled = (ref: PackageRef) =>
    (journal.get(packageKey(ref)) ?? []).map(({ id, childIds }) => {
      const version = versionsOf(ref).find((v) => v.id === id)!;
      // The journal still says deleted what someone restored since: it knows only what ghpkg did.
      const deletedAt = version.deletedAt ?? new Date(world.nowMs - 2 * 86_400_000).toISOString();
      return { version: { ...version, state: "deleted" as const, deletedAt }, childIds };
    });
  return {
    source,
    manifests: memoryManifests(world.manifests, world.unreadable),
    // As cli/connect.ts reads the journal: every version ghpkg deleted; the container ones as parents.
    knownDeleted: (ref) => journaled(ref).map((j) => j.version),
    deletedEarlier: (ref) => (ref.type === "container" ? journaled(ref) : []),
    usage: usageReader({ cwd: dir, registryHost: world.registryHost }),
  };
}

/** ghpkg's own plan of the world, as the core's planSpec makes it. */
export async function ghpkgRawPlan(world: World): Promise<Plan> {
  const { spec, paths } = loadWorldSpec(world);
  const { plan } = await planSpec(worldPorts(world), {
    spec,
    nowMs: world.nowMs,
    concurrency: 4,
    apiUrl: "memory:",
    specPaths: paths,
  });
  return plan;
}

/** ghpkg's plan in the reference's terms, with the notes it carries. */
export async function ghpkgPlan(world: World): Promise<RefPlan & { notes: string[] }> {
  const plan = await ghpkgRawPlan(world);
  return { ...projected(plan), notes: [...new Set((plan.notes ?? []).map(noteOf))].sort() };
}

/**
 * `apply PLANFILE`'s check, as the core makes it: the saved JSON read back and re-checked against the
 * world as it is now. Empty differences: accepted.
 */
export async function ghpkgRecheck(world: World, saved: PlanJson): Promise<readonly string[]> {
  const { spec } = loadWorldSpec(world);
  const { differences } = await recheckSavedPlan(worldPorts(world), planFromJson(saved), {
    spec,
    apiUrl: "memory:",
    concurrency: 4,
  });
  return differences;
}
