import type { Position } from "./problem.js";
import type { PackageRef } from "../model/package.js";
import type { Selector } from "../select/selector.js";

export type Unmatched = "ignore" | "delete";

/** One package's rules, with the defaults merged in (defaults first, as the contract orders them). */
export interface PackageSpec extends PackageRef {
  readonly keep: readonly Selector[];
  readonly delete: readonly Selector[];
  readonly unmatched: Unmatched;
  /** Where the package entry stands, for messages that concern the package as a whole. */
  readonly at: Position;
}

export interface Spec {
  readonly files: readonly string[];
  readonly packages: readonly PackageSpec[];
  /** `sha256:` of the canonical JSON of the rules, so a saved plan knows whether the spec moved. */
  readonly digest: string;
}
