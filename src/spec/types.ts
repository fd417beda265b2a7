import type { Position } from "./problem.js";
import type { PackageRef } from "../model/package.js";
import type { Pattern } from "../select/pattern.js";
import type { Selector } from "../select/selector.js";

export type Unmatched = "ignore" | "delete";

/** One package's rules, with the defaults merged in (defaults first, as the contract orders them). */
export interface PackageSpec extends PackageRef {
  readonly keep: readonly Selector[];
  readonly delete: readonly Selector[];
  readonly unmatched: Unmatched;
  /**
   * `repair: true` (container packages): the plan restores the missing children of broken images that
   * can come back, and deletes orphans whose subject cannot. Absent when false.
   */
  readonly repair?: boolean;
  /** Where the package entry stands, for messages that concern the package as a whole. */
  readonly at: Position;
  /**
   * Set when `name` is a glob or a `/regex/`: the entry governs every package of its type and owner
   * whose name matches. Such an entry is expanded into one PackageSpec per package at plan time.
   */
  readonly pattern?: Pattern;
  /** Pattern entries, and the packages they expand into: how plan reasons name the entry, `packages[2] (web-*)`. */
  readonly entry?: string;
}

export interface Spec {
  readonly files: readonly string[];
  readonly packages: readonly PackageSpec[];
  /** `sha256:` of the canonical JSON of the rules, so a saved plan knows whether the spec moved. */
  readonly digest: string;
}
