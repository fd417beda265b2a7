import type { PackageType } from "../model/package.js";
import type { PackageVersion } from "../model/version.js";
import type { Selector } from "../select/selector.js";
import { desiredState } from "./desired.js";

/**
 * The versions one selector matches, exactly as a spec's `keep` with it alone would see them: active
 * versions by every field (`newest` ranked among the active ones), deleted versions only when the
 * selector names them exactly. For active versions this is also what a `delete` with it would delete.
 */
export function matchingVersions(
  selector: Selector,
  type: PackageType,
  versions: readonly PackageVersion[],
  nowMs: number,
): Set<number> {
  const decisions = desiredState(
    {
      owner: "",
      type,
      name: "",
      keep: [selector],
      delete: [],
      unmatched: "ignore",
      at: { file: "", line: 0, column: 0 },
    },
    versions,
    nowMs,
  );
  return new Set(decisions.filter((d) => d.want === "present").map((d) => d.version.id));
}
