import type { Caller } from "../callers.js";
import type { VersionIndexes } from "../indexes.js";
import type { SandboxState } from "../state.js";

/** What every route reads: the state, its indexes, the page size cap and the clock of the data. */
export interface RouteContext {
  readonly state: SandboxState;
  readonly indexes: VersionIndexes;
  readonly maxPerPage: number;
  readonly clock: () => number;
}

/** A REST route's caller: undefined when the request carried no token. */
export type MaybeCaller = Caller | undefined;
