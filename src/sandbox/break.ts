import { sameLogin } from "./accounts.js";
import type { Answer } from "./exchange.js";
import type { RouteContext } from "./routes/context.js";
import type { SandboxVersion } from "./state.js";

/** Which version to break, and how long ago its delete is to have happened (0: now). */
export interface BreakRequest {
  readonly owner: string;
  readonly type: string;
  readonly name: string;
  readonly id: number;
  readonly deletedDaysAgo?: number;
}

/**
 * Deletes a version as someone else would (GitHub's web UI, another tool): whatever lists it, with
 * none of the refusals of the REST route (last version, last tagged, downloads), dated `deletedDaysAgo`
 * before the clock, not counted as a mutation. What it leaves is a broken image or an orphan for ghpkg
 * to find. Throws when there is no such active version.
 */
export function breakVersion(ctx: RouteContext, request: BreakRequest): SandboxVersion {
  const pkg = ctx.state.packages.find(
    (p) => sameLogin(p.owner, request.owner) && p.type === request.type && sameLogin(p.name, request.name),
  );
  const version = pkg?.versions.find((v) => v.id === request.id);
  if (!pkg || !version || version.deleted_at !== null)
    throw new Error(`no active version ${request.id} in ${request.owner}/${request.type}/${request.name}`);
  const days = request.deletedDaysAgo ?? 0;
  if (!Number.isFinite(days) || days < 0)
    throw new Error("deleted_days_ago: expected a number of days, 0 or more");
  version.deleted_at = new Date(ctx.clock() - days * 86_400_000).toISOString();
  ctx.indexes.invalidate(pkg);
  return version;
}

/**
 * `POST /_sandbox/break` with `{"owner": "octocat", "type": "container", "name": "app", "version_id": 12,
 * "deleted_days_ago": 40}` (the last optional): breakVersion over HTTP. Answers the version's id and
 * `deleted_at`, or 400/404 with what was wrong.
 */
export function breakRoute(ctx: RouteContext) {
  const answer = (status: number, body: unknown): Answer => ({ status, body, kind: "internal" });
  return (method: string, body: string): Answer => {
    if (method !== "POST") return answer(405, { message: "POST" });
    let asked: Record<string, unknown>;
    try {
      asked = JSON.parse(body) as Record<string, unknown>;
    } catch {
      return answer(400, { message: BREAK_EXAMPLE });
    }
    const { owner, type, name, version_id: id, deleted_days_ago: days } = asked ?? {};
    if (
      typeof owner !== "string" ||
      typeof type !== "string" ||
      typeof name !== "string" ||
      typeof id !== "number" ||
      (days !== undefined && typeof days !== "number")
    )
      return answer(400, { message: BREAK_EXAMPLE });
    try {
      const v = breakVersion(ctx, {
        owner,
        type,
        name,
        id,
        ...(days === undefined ? {} : { deletedDaysAgo: days }),
      });
      return answer(200, { id: v.id, deleted_at: v.deleted_at });
    } catch (error) {
      return answer(404, { message: (error as Error).message });
    }
  };
}

const BREAK_EXAMPLE =
  'expected JSON such as {"owner": "octocat", "type": "container", "name": "app", "version_id": 12, "deleted_days_ago": 40}';
