import { staleReasons } from "../apply/stale.js";
import type { Plan } from "../plan/types.js";
import type { Spec } from "../spec/types.js";
import type { PlanPorts } from "./ports.js";

export interface SavedPlanCheck {
  readonly spec: Spec;
  readonly apiUrl: string;
  readonly concurrency: number;
}

/**
 * Why a saved plan may not be applied as it stands: empty when it still holds. A plan file travels
 * between CI jobs, so nothing in it is trusted that the spec and the live state do not confirm.
 */
export function savedPlanProblems(ports: PlanPorts, saved: Plan, check: SavedPlanCheck): Promise<string[]> {
  return staleReasons(
    saved,
    { specDigest: check.spec.digest, apiUrl: check.apiUrl },
    ports.source,
    check.concurrency,
  );
}
