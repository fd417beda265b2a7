// Random worlds for the differential test: packages of every type, versions active and deleted,
// container image graphs, journals and specs whose selectors meet those versions often. A scenario
// is small numbers (so fast-check can shrink it) that build() turns into a World.
import { createHash } from "node:crypto";
import fc from "fast-check";
import type { PackageType } from "../../src/model/package.js";
import type { PackageVersion } from "../../src/model/version.js";
import type { Manifest } from "../../src/registry/manifest.js";
import type { RawRules, RawSpec, World } from "./planner.js";
import type { RawSelector } from "./selectors.js";

export const NOW = Date.parse("2026-11-24T10:00:00Z");
const DAY = 86_400_000;

// Small pools, so that selectors and versions meet often; names that are and are not semantic versions.
export const NAMES = [
  "1.0.0",
  "1.4.2",
  "2.0.0",
  "2.1.0-rc.1",
  "v3.0.0",
  "0.9.0-beta.2",
  "3.1.4",
  "10.0.0",
  "1.0-SNAPSHOT",
  "latest",
  "1.2",
  "2.0.0-SNAPSHOT",
  // Edges of "read as a semantic version": a capital V, build metadata, a leading zero, an `=`.
  "V2.0.0",
  "1.0.0+build.5",
  "01.0.0",
  "=1.0.0",
];
export const TAGS = ["latest", "v1", "v1.2", "v2", "v2.0.1", "pr-7", "pr-12", "dev", "sha-1a2b", "v10"];
const NAME_PATTERNS = [
  "1.*",
  "*-SNAPSHOT",
  "*rc*",
  "?.0.0",
  "*",
  "sha256:*",
  "/v?[0-9]+\\.[0-9]+\\.[0-9]+/",
  "/V3.*/i",
  "/sha256:[0-9a-f]{64}/",
  "9.9.9",
  "1.0.0+*",
  "/1\\.0\\.0\\+build\\.5/",
  "/v[0-9]/i",
];
const TAG_PATTERNS = ["v*", "pr-*", "v?", "/v[0-9]+/", "/LATEST/i", "*", "missing"];
const RANGES = [">=2.0.0", "^1.0.0", "<1.0.0", "*", ">=2.0.0-rc.0", "1.x", "~3.1.0", ">=0.1.0 <3.0.0"];
const DURATIONS = [
  "14d",
  "30d",
  "2w",
  "12h",
  "36h",
  "90d",
  "P14D",
  "PT12H",
  "P2W",
  "30m",
  "P1DT12H",
  "1d",
  "PT30M",
];
/** Package name patterns, made from the type's base name; the last matches no package. */
const PACKAGE_PATTERNS = [
  (base: string) => `${base}*`,
  (base: string) => `/${base}[0-9]+/`,
  (base: string) => `${base}?`,
  () => "*",
  (base: string) => `/${base.toUpperCase()}1/i`,
  () => "nomatch-*",
];
const TYPES: readonly PackageType[] = [
  "container",
  "container",
  "container",
  "npm",
  "docker",
  "maven",
  "rubygems",
  "nuget",
];
const BASE: Readonly<Record<PackageType, string>> = {
  container: "web",
  docker: "legacy",
  npm: "lib",
  maven: "com.example.app",
  rubygems: "gem",
  nuget: "Pkg",
};

type Pick = { readonly pick: number };
type Field = keyof RawSelector;
type GenSelector = Partial<Record<Field, unknown>>;

interface GenVersion {
  readonly age: number;
  readonly half: boolean;
  readonly deleted: number | undefined;
  readonly tags: readonly number[];
  readonly name: number;
  readonly children: readonly number[];
  readonly subject: number | undefined;
  readonly unreadable: boolean;
  readonly earlier: boolean;
  /** The journal also names the children of an image deleted earlier (its deletes' `parent_version_id`). */
  readonly journalChildren: boolean;
  /** cosign's convention: a `sha256-<hex>.sig` tag makes this version a signature of that image. */
  readonly cosign: number | undefined;
  /** Which of cosign's tags: a signature, an attestation or an SBOM. */
  readonly cosignKind: "sig" | "att" | "sbom";
  /**
   * Something absent: 0, the index lists a digest no version has; 1, its `subject` is one; 2, its
   * cosign tag names one (gone past listing: an orphan whose subject cannot come back).
   */
  readonly ghost: number;
}
interface GenPackage {
  readonly type: PackageType;
  readonly versions: readonly GenVersion[];
  readonly keep: readonly GenSelector[];
  readonly delete: readonly GenSelector[];
  readonly unmatched: "ignore" | "delete" | undefined;
  /**
   * Governed by a pattern entry (`name: web*`) rather than its own: the first such package of a type
   * writes the entry, with its rules; the others of that type have no entry of their own.
   */
  readonly byPattern: number | undefined;
  /** Index into OWNERS: most packages are the token user's own, as before owners were varied. */
  readonly owner: number;
  /**
   * Container packages: a keep naming (by id) these deleted images that list something, so that a
   * restore brings children back (nested, shared, some past 30 days) as often as not.
   */
  readonly restore: readonly number[] | undefined;
  /** The entry writes the package's name in capitals: GitHub compares names without regard to case. */
  readonly shout: boolean;
  /** `repair:` on the entry (written on any type: it changes nothing but container packages). */
  readonly repair: boolean | undefined;
  /** Container packages: a keep (by id) of the active referrer this picks, which a repair would delete. */
  readonly keepReferrer: number | undefined;
}
export interface Scenario {
  readonly packages: readonly GenPackage[];
  readonly defaults: {
    readonly keep: readonly GenSelector[];
    readonly delete: readonly GenSelector[];
    readonly unmatched: "ignore" | "delete" | undefined;
    readonly repair?: boolean | undefined;
  };
  /** The last package is listed by GitHub but governed by no entry: ghpkg must leave it alone. */
  readonly ungovernedLast: boolean;
  /** Index into VIEWERS: the token's user, or an installation token. */
  readonly viewer: number;
  /** Is the token's user an admin of the organisation (who is shown its deleted versions)? */
  readonly orgAdmin: boolean;
  /** References to versions in the checkout's files, for `usedIn`. */
  readonly uses: readonly GenUse[];
  /** The documents write their owner in capitals (`OCTOCAT`): one owner whatever its case. */
  readonly shoutOwner: boolean;
}

/** Two users and an organisation; the token's user is one of the users, or nobody (an installation token). */
export const OWNERS = ["octocat", "monalisa", "octo-org"] as const;
const ORG = "octo-org";
const VIEWERS = ["octocat", "monalisa", null] as const;

const pick: fc.Arbitrary<Pick> = fc.nat(50).map((n) => ({ pick: n }));
const FIELDS: Record<Field, fc.Arbitrary<unknown>> = {
  id: fc.oneof(pick, fc.array(pick, { minLength: 1, maxLength: 2 })),
  name: fc.oneof(pick, pick, fc.constantFrom(...NAME_PATTERNS)),
  tag: fc.oneof(pick, fc.constantFrom(...TAG_PATTERNS)),
  untagged: fc.boolean(),
  semver: fc.constantFrom(...RANGES),
  prerelease: fc.boolean(),
  olderThan: fc.constantFrom(...DURATIONS),
  newerThan: fc.constantFrom(...DURATIONS),
  newest: fc.integer({ min: 1, max: 4 }),
  usedIn: fc.constantFrom<string | string[]>(
    "deploy/**",
    "deploy/*.yaml",
    "in-use/*.txt",
    ["deploy/*.yaml", "in-use/*.txt"],
    "deploy/app/package-lock.json",
  ),
};
const ALL: readonly Field[] = Object.keys(FIELDS) as Field[];
const UNTAGGED: readonly Field[] = ALL.filter((f) => f !== "tag" && f !== "untagged");
// usedIn reads image references and npm lockfiles: not for maven, rubygems or nuget, nor in defaults
// (which apply to every package, of whatever type).
const NO_READER: readonly Field[] = UNTAGGED.filter((f) => f !== "usedIn");
const DEFAULTS: readonly Field[] = ALL.filter((f) => f !== "usedIn");

/** What the checkout's files say: a reference to one version of one package, in one of these forms. */
const FORMS = ["tag", "digest", "both", "upper", "quoted", "docker.io", "longer", "other-host"] as const;
interface GenUse {
  readonly file: number;
  readonly pkg: number;
  readonly version: number;
  readonly form: (typeof FORMS)[number];
  /** Also written in the next file: a reason names the first place, by file then line. */
  readonly twice: boolean;
}
const use: fc.Arbitrary<GenUse> = fc.record({
  file: fc.nat(2),
  pkg: fc.nat(5),
  version: fc.nat(20),
  form: fc.constantFrom(...FORMS),
  twice: fc.boolean(),
});
const FILES = ["deploy/a.yaml", "deploy/b.yaml", "in-use/cluster.txt"] as const;
export const REGISTRY_HOST = "ghcr.io";

/** One field alone half of the time (so exact ones can restore), else two or three. */
function selector(fields: readonly Field[]): fc.Arbitrary<GenSelector> {
  return fc
    .oneof(
      fc.constantFrom(...fields).map((f) => [f]),
      fc.uniqueArray(fc.constantFrom(...fields), { minLength: 2, maxLength: 3 }),
    )
    .chain((chosen) =>
      fc.record(
        Object.fromEntries(chosen.map((f) => [f, FIELDS[f]])) as Record<string, fc.Arbitrary<unknown>>,
      ),
    );
}

const version: fc.Arbitrary<GenVersion> = fc.record({
  age: fc.integer({ min: 0, max: 100 }),
  half: fc.boolean(),
  deleted: fc.option(fc.constantFrom(1, 10, 29, 30, 31, 45), { nil: undefined, freq: 3 }),
  // Two in three untagged, as platform images, attestations and dangling images are.
  tags: fc.oneof(
    fc.constant([]),
    fc.constant([]),
    fc.array(fc.nat(TAGS.length - 1), { minLength: 1, maxLength: 2 }),
  ),
  name: fc.nat(NAMES.length - 1),
  children: fc.oneof(fc.constant([]), fc.array(fc.nat(20), { minLength: 1, maxLength: 3 })),
  subject: fc.option(fc.nat(20), { nil: undefined, freq: 4 }),
  unreadable: fc.nat(14).map((n) => n === 0), // one manifest in 15 cannot be read
  earlier: fc.boolean(),
  journalChildren: fc.boolean(),
  cosign: fc.option(fc.nat(20), { nil: undefined, freq: 6 }),
  cosignKind: fc.constantFrom("sig", "sig", "att", "sbom"),
  ghost: fc.nat(11),
});

const pkg: fc.Arbitrary<GenPackage> = fc.constantFrom(...TYPES).chain((type) => {
  const fields = type === "container" || type === "docker" ? ALL : type === "npm" ? UNTAGGED : NO_READER;
  return fc.record({
    type: fc.constant(type),
    versions: fc.array(version, { minLength: 1, maxLength: 10 }),
    keep: fc.array(selector(fields), { maxLength: 3 }),
    // Often a release deleted by its tag, with nothing else said about its children: they follow it.
    delete: fc.oneof(
      fc.array(selector(fields), { maxLength: 3 }),
      type === "container" ? pick.map((p) => [{ tag: p }]) : fc.constant([]),
    ),
    unmatched: fc.constantFrom(undefined, "ignore", "delete"),
    byPattern: fc.option(fc.nat(PACKAGE_PATTERNS.length - 1), { nil: undefined, freq: 3 }),
    owner: fc.constantFrom(0, 0, 1, 2),
    restore: fc.option(fc.array(fc.nat(20), { minLength: 1, maxLength: 2 }), { nil: undefined, freq: 2 }),
    shout: fc.nat(4).map((n) => n === 0),
    repair:
      type === "container"
        ? fc.constantFrom(undefined, undefined, true, true, false)
        : fc.constantFrom(undefined, undefined, undefined, true),
    keepReferrer: fc.option(fc.nat(20), { nil: undefined, freq: 4 }),
  });
});

export const scenario: fc.Arbitrary<Scenario> = fc.record({
  packages: fc.array(pkg, { minLength: 1, maxLength: 3 }),
  // No defaults half of the time: they delete much, and would hide what a parent's delete takes.
  defaults: fc
    .tuple(
      fc.oneof(
        fc.constant({ keep: [], delete: [], unmatched: undefined }),
        fc.record({
          keep: fc.array(selector(DEFAULTS), { maxLength: 1 }),
          delete: fc.array(selector(DEFAULTS), { maxLength: 2 }),
          unmatched: fc.constantFrom(undefined, undefined, "ignore", "delete"),
        }),
      ),
      // `repair:` in defaults, which a package's own `repair:` overrides.
      fc.constantFrom(undefined, undefined, undefined, true, false),
    )
    .map(([rules, repair]) => ({ ...rules, repair })),
  ungovernedLast: fc.boolean(),
  viewer: fc.constantFrom(0, 0, 1, 2),
  orgAdmin: fc.boolean(),
  uses: fc.array(use, { maxLength: 8 }),
  shoutOwner: fc.nat(4).map((n) => n === 0),
});

export const digestOf = (text: string) => `sha256:${createHash("sha256").update(text).digest("hex")}`;
const isPick = (x: unknown): x is Pick => typeof x === "object" && x !== null && "pick" in x;

/** The numbers made into a world: versions, manifests, the journal and the spec's YAML data. */
export function build(s: Scenario): World {
  let nextId = 100;
  const manifests = new Map<string, Manifest>();
  const unreadable = new Set<string>();
  const journal = new Map<string, { id: number; childIds: number[] }[]>();
  const live = s.packages.map((p, pi) => {
    const ref = { owner: OWNERS[p.owner]!, type: p.type, name: `${BASE[p.type]}${pi}` };
    const label = `${ref.owner}/${ref.type}/${ref.name}`;
    const images = p.type === "container" || p.type === "docker";
    const usedTags = new Set<string>();
    const usedNames = new Set<string>();
    const versions: PackageVersion[] = p.versions.map((g, i) => {
      let name = images ? digestOf(`${pi}/${i}`) : NAMES[g.name]!;
      if (usedNames.has(name)) name = `${name}+b${i}`;
      usedNames.add(name);
      const tags = images
        ? g.tags.map((t) => TAGS[t]!).filter((t) => !usedTags.has(t) && usedTags.add(t))
        : [];
      // The first version stays active: GitHub keeps no package without one.
      const deleted = i === 0 ? undefined : g.deleted;
      return {
        id: nextId++,
        name,
        tags: [...new Set(tags)],
        createdAt: new Date(NOW - g.age * DAY - (g.half ? DAY / 2 : 0)).toISOString(),
        deletedAt: deleted === undefined ? null : new Date(NOW - deleted * DAY).toISOString(),
        state: deleted === undefined ? "active" : "deleted",
      };
    });
    if (p.type === "container") {
      const n = versions.length;
      p.versions.forEach((g, i) => {
        const v = versions[i]!;
        // Edges point from a later version to an earlier one: acyclic, as content addressing makes them.
        // A ghost: a digest no version of the package has (gone past listing).
        const ghost = digestOf(`gone/${pi}/${i}`);
        const children = [
          ...new Set([
            ...(i === 0 ? [] : g.children.map((c) => versions[c % i]!.name)),
            ...(g.ghost === 0 ? [ghost] : []),
          ]),
        ];
        const later = (k: number | undefined) =>
          k !== undefined && i < n - 1 ? versions[i + 1 + (k % (n - i - 1))]!.name : undefined;
        const subject = g.ghost === 1 ? ghost : later(g.subject);
        // A referrer names one subject: a cosign tag on a version with an OCI `subject` names that
        // subject (the contract does not say what a referrer with two different subjects is).
        const tagged = g.cosign !== undefined || g.ghost === 2;
        const signed = !tagged ? undefined : (subject ?? (g.ghost === 2 ? ghost : later(g.cosign)));
        const sig = signed && `${signed.replace(":", "-")}.${g.cosignKind}`;
        if (sig && !versions.some((x) => x.tags.includes(sig)))
          versions[i] = { ...v, tags: [...v.tags, sig] };
        manifests.set(v.name, {
          mediaType:
            children.length > 0
              ? "application/vnd.oci.image.index.v1+json"
              : "application/vnd.oci.image.manifest.v1+json",
          ...(children.length > 0 ? { manifests: children.map((digest) => ({ digest })) } : {}),
          ...(subject ? { subject: { digest: subject } } : {}),
        });
        if (g.unreadable) unreadable.add(v.name);
        if (g.earlier && v.state === "deleted" && g.journalChildren) {
          const childIds = children.flatMap((c) => versions.find((x) => x.name === c)?.id ?? []);
          journal.set(label, [...(journal.get(label) ?? []), { id: v.id, childIds }]);
        }
      });
    }
    // The journal: what ghpkg deleted earlier (for a container, with the children journaled under it).
    p.versions.forEach((g, i) => {
      const v = versions[i]!;
      const entries = journal.get(label) ?? [];
      // An active version the journal says ghpkg deleted was restored since by someone else.
      const restoredSince = v.state === "active" && g.journalChildren && i > 0;
      if (g.earlier && (v.state === "deleted" || restoredSince) && !entries.some((j) => j.id === v.id))
        journal.set(label, [...entries, { id: v.id, childIds: [] }]);
    });
    return { ref, versions };
  });
  const governed = s.ungovernedLast && s.packages.length > 1 ? s.packages.slice(0, -1) : s.packages;
  const everything = live.flatMap((p) => p.versions);
  const resolve = (sels: readonly GenSelector[], versions: readonly PackageVersion[]) =>
    sels.map((g) => resolveSelector(g, versions.length > 0 ? versions : everything));
  const rules = (
    r: {
      keep: readonly GenSelector[];
      delete: readonly GenSelector[];
      unmatched: "ignore" | "delete" | undefined;
      repair?: boolean | undefined;
    },
    versions: readonly PackageVersion[],
  ): RawRules => ({
    ...(r.keep.length > 0 ? { keep: resolve(r.keep, versions) } : {}),
    ...(r.delete.length > 0 ? { delete: resolve(r.delete, versions) } : {}),
    ...(r.unmatched ? { unmatched: r.unmatched } : {}),
    ...(r.repair !== undefined ? { repair: r.repair } : {}),
  });
  const defaults =
    s.defaults.keep.length + s.defaults.delete.length > 0 ||
    s.defaults.unmatched ||
    s.defaults.repair !== undefined
      ? { defaults: rules(s.defaults, everything) }
      : {};
  // One document per owner, holding the entries of that owner's governed packages.
  const specs: RawSpec[] = OWNERS.flatMap((owner) => {
    const packages = governed.flatMap((p, pi) => {
      if (live[pi]!.ref.owner !== owner) return [];
      const own = withKeptReferrer(
        withRestore(rules(p, live[pi]!.versions), p, live[pi]!.versions, manifests),
        p,
        live[pi]!.versions,
        manifests,
      );
      const name = p.shout ? live[pi]!.ref.name.toUpperCase() : live[pi]!.ref.name;
      if (p.byPattern === undefined) return [{ type: p.type, name, ...own }];
      // One pattern entry a type and owner: two patterns that match one package are an error.
      if (
        governed
          .slice(0, pi)
          .some((q) => q.owner === p.owner && q.type === p.type && q.byPattern !== undefined)
      )
        return [];
      return [{ type: p.type, name: PACKAGE_PATTERNS[p.byPattern]!(BASE[p.type]), ...own }];
    });
    const written = s.shoutOwner ? owner.toUpperCase() : owner;
    return packages.length > 0 ? [{ version: 1 as const, owner: written, ...defaults, packages }] : [];
  });
  const viewer = VIEWERS[s.viewer]!;
  const organisations = { [ORG]: s.orgAdmin && viewer !== null ? [viewer] : ["hubot"] };
  const files = checkoutFiles(s.uses, live);
  return {
    nowMs: NOW,
    specs,
    live,
    manifests,
    unreadable,
    viewer,
    organisations,
    journal,
    files,
    registryHost: REGISTRY_HOST,
  };
}

/**
 * The checkout: two manifests and a cluster's list of running images (every usedIn glob of the
 * scenarios names at least one of them), and an npm lockfile (version 3).
 */
function checkoutFiles(
  uses: readonly GenUse[],
  live: readonly { ref: { owner: string; type: PackageType; name: string }; versions: PackageVersion[] }[],
): Map<string, string> {
  const text = new Map<string, string[]>(FILES.map((f) => [f, ["# what is deployed"]]));
  const lock: Record<string, { version: string }> = { "": { version: "1.0.0" } };
  for (const u of uses) {
    const { ref, versions } = live[u.pkg % live.length]!;
    const v = versions[u.version % versions.length]!;
    if (ref.type === "npm") {
      const nested = u.file === 0 ? "" : "node_modules/tool/";
      lock[`${nested}node_modules/@${ref.owner}/${ref.name}`] = { version: v.name };
      continue;
    }
    if (ref.type !== "container" && ref.type !== "docker") continue;
    const at = `${ref.owner}/${ref.name}`;
    const tag = v.tags[0] ?? "no-such-tag";
    const written = {
      tag: `${REGISTRY_HOST}/${at}:${tag}`,
      // With both, the digest is what is pulled: the tag here is another version's, or none.
      digest: `${REGISTRY_HOST}/${at}@${v.name}`,
      both: `${REGISTRY_HOST}/${at}:latest@${v.name}`,
      upper: `${REGISTRY_HOST.toUpperCase()}/${at.toUpperCase()}:${tag}`,
      quoted: `"${REGISTRY_HOST}/${at}:${tag}"`,
      "docker.io": `docker.io/${at}:${tag}`,
      longer: `${REGISTRY_HOST}/${at}-api:${tag}`,
      "other-host": `registry.example/${at}@${v.name}`,
    }[u.form];
    for (const file of u.twice ? [FILES[u.file]!, FILES[(u.file + 1) % FILES.length]!] : [FILES[u.file]!]) {
      const lines = text.get(file)!;
      // The cluster's list is one line of references; manifests have one a line.
      if (file === "in-use/cluster.txt") lines[1] = `${lines[1] ?? ""}${written} `;
      else lines.push(`    image: ${written}`);
    }
  }
  const files = new Map([...text].map(([f, lines]) => [f, `${lines.join("\n")}\n`]));
  files.set("deploy/app/package-lock.json", JSON.stringify({ lockfileVersion: 3, packages: lock }, null, 2));
  return files;
}

/** A container package's keep of the deleted images `restore` picks (among those that list something). */
function withRestore(
  own: RawRules,
  p: GenPackage,
  versions: readonly PackageVersion[],
  manifests: ReadonlyMap<string, Manifest>,
): RawRules {
  if (p.type !== "container" || p.restore === undefined) return own;
  const images = versions.filter(
    (v) => v.state === "deleted" && (manifests.get(v.name)?.manifests?.length ?? 0) > 0,
  );
  if (images.length === 0) return own;
  const ids = [...new Set(p.restore.map((k) => images[k % images.length]!.id))];
  return { ...own, keep: [...(own.keep ?? []), { id: ids.length === 1 ? ids[0]! : ids }] };
}

/** A container package's keep of an active referrer (a subject, or a cosign tag): a would-be repair delete. */
function withKeptReferrer(
  own: RawRules,
  p: GenPackage,
  versions: readonly PackageVersion[],
  manifests: ReadonlyMap<string, Manifest>,
): RawRules {
  if (p.type !== "container" || p.keepReferrer === undefined) return own;
  const referrers = versions.filter(
    (v) =>
      v.state === "active" &&
      (manifests.get(v.name)?.subject !== undefined ||
        v.tags.some((t) => /^sha256-.*\.(sig|att|sbom)$/.test(t))),
  );
  if (referrers.length === 0) return own;
  const id = referrers[p.keepReferrer % referrers.length]!.id;
  return { ...own, keep: [...(own.keep ?? []), { id }] };
}

/** A selector's picks made into the ids, names and tags of the versions it is written for. */
function resolveSelector(g: GenSelector, versions: readonly PackageVersion[]): RawSelector {
  const at = (p: Pick) => versions[p.pick % versions.length]!;
  const out: { -readonly [K in keyof RawSelector]: unknown } = {};
  for (const [field, value] of Object.entries(g)) {
    if (field === "id")
      out.id = Array.isArray(value) ? [...new Set(value.map((p: Pick) => at(p).id))] : at(value as Pick).id;
    else if (field === "name" && isPick(value)) out.name = at(value).name;
    else if (field === "tag" && isPick(value)) {
      const tags = versions.flatMap((v) => v.tags);
      out.tag = tags.length > 0 ? tags[value.pick % tags.length] : "latest";
    } else out[field as keyof RawSelector] = value;
  }
  return out as RawSelector;
}
