import type { PackageRef, PackageType } from "../model/package.js";
import type { PackageVersion } from "../model/version.js";
import type { MissingState, MissingVersion } from "./broken.js";
import type {
  Action,
  BlockedOperation,
  BrokenReport,
  OrphanReport,
  Operation,
  PackageSummary,
  PatternMatches,
  Plan,
  Summary,
} from "./types.js";

/*
 * The JSON plan of CONTRACT section 4 (`plan --format json`, and PLANFILE), and the one place where
 * ghpkg's names become its snake_case field names and back. schemas/ghpkg-plan.schema.json describes it.
 */

export interface OperationJson {
  readonly action: Action;
  readonly owner: string;
  readonly package_type: PackageType;
  readonly package_name: string;
  readonly version_id: number;
  readonly version_name: string;
  readonly tags: readonly string[];
  readonly reason: string;
  readonly version_created_at: string;
  readonly deleted_at: string | null;
  readonly parent_version_id?: number;
  /** Every version the plan deletes that lists this one: apply deletes it after all of them. */
  readonly parent_version_ids?: readonly number[];
}

export interface BlockedOperationJson extends OperationJson {
  readonly why: string;
}

/** The counts, and (CONTRACT section 4) the bytes the deletes free; absent only in plans from before. */
export interface SummaryJson {
  readonly delete: number;
  readonly restore: number;
  readonly blocked: number;
  readonly unchanged: number;
  readonly bytes_freed?: number | null;
}

export interface PackageSummaryJson extends SummaryJson {
  readonly owner: string;
  readonly package_type: PackageType;
  readonly package_name: string;
  readonly active: number;
  readonly deleted: number;
  readonly deleted_read?: boolean;
  readonly children_kept: number;
  readonly bytes_before?: number | null;
  readonly bytes_after?: number | null;
}

export interface PlanJson {
  readonly format_version: 1;
  readonly created_at: string;
  readonly spec_digest: string;
  readonly api_url: string;
  readonly summary: SummaryJson;
  readonly operations: readonly OperationJson[];
  readonly blocked: readonly BlockedOperationJson[];
  readonly packages: readonly PackageSummaryJson[];
  readonly spec_paths: readonly string[];
  readonly spec_paths_from_plan?: readonly string[];
  /** Present when there is something to say: deleted versions read from the journal, and why. */
  readonly notes?: readonly string[];
  /** Present when the spec has pattern entries: which packages each matched. */
  readonly patterns?: readonly PatternMatchesJson[];
  /** What applying takes of the token's rate limit; informative, not part of what a saved plan must match. */
  readonly budget?: PlanBudgetJson;
  /** The broken images the plan saw (CONTRACT 1 and 4); absent only in plans from before. */
  readonly broken?: readonly BrokenImageJson[];
  /** The orphans the plan saw; absent only in plans from before. */
  readonly orphans?: readonly OrphanJson[];
}

/** A version of a package, as broken images and orphans name it. */
export interface DamagedVersionJson {
  readonly owner: string;
  readonly package_type: PackageType;
  readonly package_name: string;
  readonly version_id: number;
  readonly version_name: string;
  readonly tags: readonly string[];
}

/** What an image misses: a digest, and whether it can come back. */
export interface MissingJson {
  readonly digest: string;
  /** restorable: deleted, GitHub restores it; expired: deleted more than 30 days ago; unknown: ghpkg knows no version by that digest. */
  readonly state: MissingState;
  readonly version_id: number | null;
  readonly tags: readonly string[];
  readonly deleted_at: string | null;
}

export interface BrokenImageJson extends DamagedVersionJson {
  readonly missing: readonly MissingJson[];
}

export interface OrphanJson extends DamagedVersionJson {
  readonly subject: MissingJson;
}

export interface PlanBudgetJson {
  readonly requests_needed: number;
  readonly operations: number;
  readonly reads: number | null;
  readonly remaining: number | null;
  readonly limit: number | null;
  readonly reset_at: string | null;
}

export interface PatternMatchesJson {
  readonly owner: string;
  readonly package_type: PackageType;
  readonly pattern: string;
  readonly entry: string;
  readonly matched: readonly string[];
}

export function planToJson(plan: Plan): PlanJson {
  // The contract's fields first, in its order; ghpkg's additions after them.
  return {
    format_version: 1,
    created_at: plan.createdAt,
    spec_digest: plan.specDigest,
    api_url: plan.apiUrl,
    summary: summaryToJson(plan.summary),
    operations: plan.operations.map(operationToJson),
    blocked: plan.blocked.map((b) => ({ ...operationToJson(b), why: b.why })),
    packages: plan.packages.map((p) => ({
      owner: p.ref.owner,
      package_type: p.ref.type,
      package_name: p.ref.name,
      active: p.active,
      deleted: p.deleted,
      ...(p.deletedRead === undefined ? {} : { deleted_read: p.deletedRead }),
      children_kept: p.childrenKept,
      ...summaryToJson(p),
      ...(p.bytesBefore === undefined ? {} : { bytes_before: p.bytesBefore }),
      ...(p.bytesAfter === undefined ? {} : { bytes_after: p.bytesAfter }),
    })),
    spec_paths: plan.specPaths,
    ...(plan.notes && plan.notes.length > 0 ? { notes: plan.notes } : {}),
    ...(plan.patterns && plan.patterns.length > 0 ? { patterns: plan.patterns.map(patternsToJson) } : {}),
    ...(plan.specPathsFromPlan ? { spec_paths_from_plan: plan.specPathsFromPlan } : {}),
    ...(plan.budget
      ? {
          budget: {
            requests_needed: plan.budget.requestsNeeded,
            operations: plan.budget.operations,
            reads: plan.budget.reads,
            remaining: plan.budget.remaining,
            limit: plan.budget.limit,
            reset_at: plan.budget.resetAt,
          },
        }
      : {}),
    ...(plan.broken ? { broken: plan.broken.map(brokenToJson) } : {}),
    ...(plan.orphans ? { orphans: plan.orphans.map(orphanToJson) } : {}),
  };
}

function damagedToJson(ref: PackageRef, v: PackageVersion): DamagedVersionJson {
  return {
    owner: ref.owner,
    package_type: ref.type,
    package_name: ref.name,
    version_id: v.id,
    version_name: v.name,
    tags: v.tags,
  };
}

function missingToJson(m: MissingVersion): MissingJson {
  return {
    digest: m.digest,
    state: m.state,
    version_id: m.version?.id ?? null,
    tags: m.version?.tags ?? [],
    deleted_at: m.version?.deletedAt ?? null,
  };
}

export function brokenToJson(b: BrokenReport): BrokenImageJson {
  return { ...damagedToJson(b.ref, b.image), missing: b.missing.map(missingToJson) };
}

export function orphanToJson(o: OrphanReport): OrphanJson {
  return { ...damagedToJson(o.ref, o.version), subject: missingToJson(o.subject) };
}

function damagedFromJson(json: DamagedVersionJson): { ref: PackageRef; version: PackageVersion } {
  return {
    ref: { owner: json.owner, type: json.package_type, name: json.package_name },
    // What a saved plan keeps of an active version: enough to name it again (dates are not saved).
    version: {
      id: json.version_id,
      name: json.version_name,
      tags: json.tags,
      createdAt: "",
      deletedAt: null,
      state: "active",
    },
  };
}

function missingFromJson(json: MissingJson): MissingVersion {
  return {
    digest: json.digest,
    state: json.state,
    ...(json.version_id === null
      ? {}
      : {
          version: {
            id: json.version_id,
            name: json.digest,
            tags: json.tags,
            createdAt: "",
            deletedAt: json.deleted_at,
            state: "deleted" as const,
          },
        }),
  };
}

function brokenFromJson(json: BrokenImageJson): BrokenReport {
  const { ref, version } = damagedFromJson(json);
  return { ref, image: version, missing: json.missing.map(missingFromJson) };
}

function orphanFromJson(json: OrphanJson): OrphanReport {
  const { ref, version } = damagedFromJson(json);
  return { ref, version, subject: missingFromJson(json.subject) };
}

function patternsToJson(p: PatternMatches): PatternMatchesJson {
  return { owner: p.owner, package_type: p.type, pattern: p.pattern, entry: p.entry, matched: p.matched };
}

/** The inverse of planToJson, for a document already checked against the plan's schema. */
export function planFromJson(json: PlanJson): Plan {
  return {
    createdAt: json.created_at,
    specDigest: json.spec_digest,
    apiUrl: json.api_url,
    specPaths: json.spec_paths,
    ...(json.spec_paths_from_plan ? { specPathsFromPlan: json.spec_paths_from_plan } : {}),
    summary: summaryFromJson(json.summary),
    operations: json.operations.map(operationFromJson),
    blocked: json.blocked.map((b): BlockedOperation => ({ ...operationFromJson(b), why: b.why })),
    packages: json.packages.map((p): PackageSummary => ({
      ref: { owner: p.owner, type: p.package_type, name: p.package_name },
      active: p.active,
      deleted: p.deleted,
      ...(p.deleted_read === undefined ? {} : { deletedRead: p.deleted_read }),
      childrenKept: p.children_kept,
      ...summaryFromJson(p),
      ...(p.bytes_before === undefined ? {} : { bytesBefore: p.bytes_before }),
      ...(p.bytes_after === undefined ? {} : { bytesAfter: p.bytes_after }),
    })),
    ...(json.notes ? { notes: json.notes } : {}),
    ...(json.patterns
      ? {
          patterns: json.patterns.map((p): PatternMatches => ({
            owner: p.owner,
            type: p.package_type,
            pattern: p.pattern,
            entry: p.entry,
            matched: p.matched,
          })),
        }
      : {}),
    ...(json.budget
      ? {
          budget: {
            requestsNeeded: json.budget.requests_needed,
            operations: json.budget.operations,
            reads: json.budget.reads,
            remaining: json.budget.remaining,
            limit: json.budget.limit,
            resetAt: json.budget.reset_at,
          },
        }
      : {}),
    ...(json.broken ? { broken: json.broken.map(brokenFromJson) } : {}),
    ...(json.orphans ? { orphans: json.orphans.map(orphanFromJson) } : {}),
  };
}

export function operationToJson(op: Operation): OperationJson {
  return {
    action: op.action,
    owner: op.ref.owner,
    package_type: op.ref.type,
    package_name: op.ref.name,
    version_id: op.version.id,
    version_name: op.version.name,
    tags: op.version.tags,
    reason: op.reason,
    version_created_at: op.version.createdAt,
    deleted_at: op.version.deletedAt,
    ...(op.parentId === undefined ? {} : { parent_version_id: op.parentId }),
    ...(op.parentIds === undefined ? {} : { parent_version_ids: op.parentIds }),
  };
}

function operationFromJson(json: OperationJson): Operation {
  return {
    action: json.action,
    ref: { owner: json.owner, type: json.package_type, name: json.package_name },
    version: {
      id: json.version_id,
      name: json.version_name,
      tags: json.tags,
      createdAt: json.version_created_at,
      deletedAt: json.deleted_at,
      state: json.action === "delete" ? "active" : "deleted",
    },
    reason: json.reason,
    ...(json.parent_version_id === undefined ? {} : { parentId: json.parent_version_id }),
    ...(json.parent_version_ids === undefined ? {} : { parentIds: json.parent_version_ids }),
  };
}

export function summaryToJson(s: Summary): SummaryJson {
  return {
    delete: s.delete,
    restore: s.restore,
    blocked: s.blocked,
    unchanged: s.unchanged,
    ...(s.bytesFreed === undefined ? {} : { bytes_freed: s.bytesFreed }),
  };
}

function summaryFromJson(s: SummaryJson): Summary {
  return {
    delete: s.delete,
    restore: s.restore,
    blocked: s.blocked,
    unchanged: s.unchanged,
    ...(s.bytes_freed === undefined ? {} : { bytesFreed: s.bytes_freed }),
  };
}
