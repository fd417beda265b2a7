import { applyOperations, type OperationResult, type StopReason } from "../apply/apply.js";
import type { Timer } from "../apply/timer.js";
import type { RateLimitStatus } from "../live/rate-limit.js";
import { UserError } from "../model/errors.js";
import { readPlanFile } from "../plan-file/read.js";
import { locateSpecPaths } from "../plan-file/spec-location.js";
import type { Plan } from "../plan/types.js";
import { loadSpec } from "../spec/load.js";
import type { Spec } from "../spec/types.js";
import { planSpec } from "./plan.js";
import type { RunPorts } from "./ports.js";
import { refuseFuturePlan } from "./future-plan.js";
import { recheckSavedPlan } from "./saved-plan.js";

export type { OperationResult, StopReason };

export interface ApplyRequest {
  /** A plan saved by `plan --out`: applied only if planning again gives exactly its operations. */
  readonly planFile?: string;
  /** The spec (`-f`); with a plan file, in place of the paths the plan recorded. */
  readonly specPaths: readonly string[] | undefined;
  /** The clock (`--now`, else the system's): a fresh plan is made at it; a saved plan may not be dated after it. */
  readonly nowMs: number;
  /** Reads in flight at once; with no pause between sends, also operations. */
  readonly concurrency: number;
  /** Refuse, changing nothing, when the plan deletes more than this. */
  readonly maxDeletes?: number;
  /** The pause between two sends (GitHub asks a second of clients that mutate a lot); 0 for none. */
  readonly writeIntervalMs: number;
  /** On the timer's clock: nothing new is sent from then on (--max-duration). */
  readonly deadline?: number;
  /** This run's id, on every journal line it writes and in its report. */
  readonly runId: string;
}

/** What apply needs of whoever runs it (the CLI, or a test): the ports, and a say before anything is sent. */
export interface ApplyWorld {
  /** The run's ports, once the spec is known: its first file decides where the journal is (unless told). */
  connect(specFiles: readonly string[]): RunPorts;
  /** Shown the plan before anything is sent: true to go ahead (--yes, or a terminal's yes). */
  confirm(plan: Plan): Promise<boolean>;
  /** Called once, as the plan's sending starts: when it is aborted (Ctrl-C), nothing new is sent. */
  sending(plan: Plan): AbortSignal | undefined;
  /** Each operation's outcome, as it settles. */
  onResult?(result: OperationResult): void;
  /** Told when the run waits (a rate limit's reset), and until when. */
  onWait?(message: string): void;
  readonly timer?: Timer;
}

/** What an apply run did: data, for the CLI to print and the Action to read (`--report`). */
export interface ApplyReport {
  readonly runId: string;
  readonly journalPath: string;
  /** The plan carried out: made again and found identical, for a saved plan. */
  readonly plan: Plan;
  /** One per operation of the plan, in the order they settled. */
  readonly results: readonly OperationResult[];
  readonly deleted: number;
  readonly restored: number;
  readonly failed: number;
  /** Never sent because a delete above them did not succeed (they stay with the image that lists them). */
  readonly skipped: number;
  /** Never sent because the run stopped first: the next run carries on with them. */
  readonly notStarted: number;
  /** Why the run stopped before the end of the plan: Ctrl-C, --max-duration, the journal. */
  readonly stoppedBy: StopReason | undefined;
  /** The journal could not be written: nothing was sent after that. */
  readonly journalError: Error | undefined;
  /** The token's rate limit as the last answer told it: when a run stopped for it, when to carry on. */
  readonly rateLimit?: RateLimitStatus;
}

/**
 * The apply use case: a saved plan re-checked, or the spec planned afresh; `--max-deletes`; a yes;
 * then the operations carried out under the journal's lock, each journaled just before it is sent.
 * The lock is taken before the live state or the journal is read, and held until the last answer.
 */
export async function applySpec(world: ApplyWorld, request: ApplyRequest): Promise<ApplyReport> {
  const saved = request.planFile === undefined ? undefined : await readPlanFile(request.planFile);
  if (saved && request.planFile !== undefined) refuseFuturePlan(saved, request.nowMs, request.planFile);
  const paths =
    request.specPaths ??
    (saved && request.planFile ? locateSpecPaths(saved, request.planFile) : ["ghpkg.yaml"]);
  const spec = loadSpec(paths);
  const ports = world.connect(spec.files);
  const lock = ports.journal.lock();
  try {
    const plan = saved
      ? await recheck(ports, saved, spec, request)
      : (
          await planSpec(ports, {
            spec,
            nowMs: request.nowMs,
            concurrency: request.concurrency,
            apiUrl: ports.apiUrl,
            specPaths: paths,
          })
        ).plan;
    return await applyPlan({ source: ports.source, journal: ports.journal }, plan, request, world);
  } finally {
    lock.release();
  }
}

/** What carrying out a plan needs: where to send, and where to journal. */
export type ApplyRequestOptions = Pick<
  ApplyRequest,
  "concurrency" | "maxDeletes" | "writeIntervalMs" | "deadline" | "runId"
>;

/**
 * Carries out a plan already made (and the lock already held): `--max-deletes`, a yes, then each
 * operation journaled just before it is sent. The report says what became of every operation.
 */
export async function applyPlan(
  ports: Pick<RunPorts, "source" | "journal">,
  plan: Plan,
  options: ApplyRequestOptions,
  world: Pick<ApplyWorld, "confirm" | "sending" | "onResult" | "onWait" | "timer">,
): Promise<ApplyReport> {
  const report = (results: readonly OperationResult[], outcome?: Partial<ApplyReport>): ApplyReport =>
    tally(options.runId, ports.journal.path, plan, results, outcome);
  if (plan.operations.length === 0) return report([]);
  const deletes = plan.operations.filter((o) => o.action === "delete").length;
  if (options.maxDeletes !== undefined && deletes > options.maxDeletes)
    throw new UserError(
      `refusing the plan: it deletes ${deletes} versions, more than --max-deletes ${options.maxDeletes}; nothing was changed`,
    );
  if (!(await world.confirm(plan)))
    throw new UserError("not applied: the answer was not yes; nothing was changed");
  const journal = ports.journal.open(options.runId);
  try {
    const { results, stoppedBy, journalError } = await applyOperations(
      ports.source,
      plan.operations,
      journal,
      {
        concurrency: options.concurrency,
        writeIntervalMs: options.writeIntervalMs,
        ...optional("signal", world.sending(plan)),
        ...optional("deadline", options.deadline),
        ...optional("timer", world.timer),
        ...optional("onResult", world.onResult?.bind(world)),
        ...optional("onWait", world.onWait?.bind(world)),
      },
    );
    return report(results, { stoppedBy, journalError, ...optional("rateLimit", ports.source.rateLimit?.()) });
  } finally {
    journal.close();
  }
}

/** A saved plan, made again from the spec and the live state as at its created_at, and compared. */
async function recheck(ports: RunPorts, saved: Plan, spec: Spec, request: ApplyRequest): Promise<Plan> {
  const { differences, plan } = await recheckSavedPlan(ports, saved, {
    spec,
    apiUrl: ports.apiUrl,
    concurrency: request.concurrency,
  });
  if (differences.length > 0 || !plan)
    throw new UserError(
      `refusing the saved plan ${request.planFile ?? ""}: it is no longer exactly what the spec asks of the live state; nothing was changed. Make a new plan with ghpkg plan --out. The differences:\n${differences.map((r) => `  - ${r}`).join("\n")}`,
    );
  return plan;
}

function tally(
  runId: string,
  journalPath: string,
  plan: Plan,
  results: readonly OperationResult[],
  outcome: Partial<ApplyReport> = {},
): ApplyReport {
  const count = (kind: OperationResult["outcome"], action?: string) =>
    results.filter((r) => r.outcome === kind && (action === undefined || r.operation.action === action))
      .length;
  return {
    runId,
    journalPath,
    plan,
    results,
    deleted: count("done", "delete"),
    restored: count("done", "restore"),
    failed: count("failed"),
    skipped: count("skipped"),
    notStarted: count("not sent"),
    stoppedBy: outcome.stoppedBy,
    journalError: outcome.journalError,
    ...optional("rateLimit", outcome.rateLimit),
  };
}

/** `{ key: value }` when there is a value: options that exactOptionalPropertyTypes keeps apart from undefined. */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
