import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { RequestCounters, type SandboxCounters } from "./counters.js";
import { isMutation, restError, toExchange, type Answer, type Mutation } from "./exchange.js";
import { faults, SECONDARY_LIMIT_MESSAGE, type FaultOptions } from "./faults.js";
import { VersionIndexes } from "./indexes.js";
import { MutationGate } from "./mutation-gate.js";
import { pushVersion } from "./push.js";
import { breakRoute, breakVersion, type BreakRequest } from "./break.js";
import { MAX_PER_PAGE } from "./pagination.js";
import { PrimaryLimits, type Budget } from "./primary-limit.js";
import { isRead, SERVED_HEADERS, writeAnswer } from "./respond.js";
import type { SandboxComment } from "./routes/comments.js";
import type { RouteContext } from "./routes/context.js";
import { isRegistryPath, registryRoutes } from "./routes/registry.js";
import { clockRoute } from "./clock.js";
import { restRoutes } from "./routes/rest.js";
import type { SandboxState, SandboxVersion } from "./state.js";
import { blobStore } from "./blobs.js";
import { StorageLedger, type StorageReport } from "./storage.js";
import type { PackageType } from "../model/package.js";

export interface SandboxOptions extends FaultOptions {
  readonly state: SandboxState;
  readonly port?: number;
  /**
   * Added before every answer, as a far-away GitHub would: a mutation is carried out once it has
   * passed, a read is answered on arrival and sent once it has.
   */
  readonly latencyMs?: number;
  /** GitHub allows per_page up to 100; tests lower it to exercise pagination on small data. */
  readonly maxPerPage?: number;
  /** The sandbox's clock (the data's, and the one `x-ratelimit-reset` and `date` count on); `advanceClock` moves it. */
  readonly clock?: () => number;
  /**
   * Requests an hour for every token (GitHub's primary rate limit), unless the state gives a token its
   * own `rate_limit`; default 5,000 (classic) and 1,000 (installation: Actions' GITHUB_TOKEN).
   */
  readonly rateLimit?: number;
  /**
   * Error answers (4xx, 5xx) repeat the request's Authorization header in their message, as a
   * hostile proxy might: so tests can prove a client redacts what it prints and journals.
   */
  readonly echoAuthorization?: boolean;
  /** Called once per answered request: `ghpkg sandbox --log` writes these as JSON lines. */
  readonly onRequest?: (entry: RequestLogEntry) => void;
  /**
   * The registry still serves a deleted version's manifest by digest (a registry that collects its
   * garbage late), so that a deleted image's children can be known from the registry.
   */
  readonly serveDeletedManifests?: boolean;
}

export interface RequestRecord {
  readonly method: string;
  readonly path: string;
  readonly status: number;
}

export interface RequestLogEntry extends RequestRecord {
  readonly duration_ms: number;
}

/** A delete or restore the sandbox carried out, in order. */
export interface MutationRecord {
  readonly method: string;
  readonly path: string;
  readonly version_id: number;
}

export interface Sandbox {
  readonly url: string;
  readonly state: SandboxState;
  /** Every request answered, in order: what tests and benchmarks count. */
  readonly requests: RequestRecord[];
  /** Pull-request comments written through the API (by the GitHub Action). */
  readonly comments: readonly SandboxComment[];
  /** The most requests it was answering at once: how tests see a client's concurrency without timing it. */
  peakInFlight(): number;
  counters(): SandboxCounters;
  /** Moves the sandbox's clock forward (or back) by `ms`: rate-limit windows, deletes and ages follow. */
  advanceClock(ms: number): void;
  /**
   * Deletes a version as another tool would, ignoring what lists it and GitHub's refusals, `deletedDaysAgo`
   * before the clock: a broken image or an orphan for a test (as `POST /_sandbox/break` does).
   */
  breakVersion(request: BreakRequest): SandboxVersion;
  /** Spends that many requests of the token's rate-limit budget, as another process using it would. */
  spendRateLimit(token: string, requests: number): void;
  /** What the registry holds per container package, and what deletes freed since the start (storage.ts). */
  storage(): StorageReport;
  /** Deletes and restores actually carried out (answered 2xx), in order. */
  mutationLog(): readonly MutationRecord[];
  /**
   * After `n` more mutations have been carried out, hold further mutation requests (neither
   * answered nor applied) until `resumeMutations()`. Resolves when the n-th was applied.
   */
  pauseMutationsAfter(n: number): Promise<void>;
  resumeMutations(): void;
  /** Publish a version while the sandbox runs (moving its tags, as a push to ghcr.io does). */
  pushVersion(
    owner: string,
    type: PackageType,
    name: string,
    version: Partial<SandboxVersion> & { id: number; name: string },
  ): SandboxVersion;
  close(): Promise<void>;
}

const INTERNAL_PREFIX = "/_sandbox/";

/** A local stand-in for GitHub's package endpoints and ghcr.io's read side, on loopback. */
export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  const state = options.state;
  const baseClock = options.clock ?? Date.now;
  let clockOffset = 0;
  const clock = () => baseClock() + clockOffset;
  const ctx: RouteContext = {
    state,
    indexes: new VersionIndexes(),
    maxPerPage: Math.min(options.maxPerPage ?? MAX_PER_PAGE, MAX_PER_PAGE),
    clock,
  };
  const dice = faults(options);
  const gate = new MutationGate();
  const counters = new RequestCounters();
  const requests: RequestRecord[] = [];
  const mutations: MutationRecord[] = [];
  const comments: SandboxComment[] = [];
  const registry = registryRoutes(ctx, { serveDeleted: options.serveDeletedManifests === true });
  const rest = restRoutes(ctx, comments);
  const primary = new PrimaryLimits({
    state,
    clock,
    status: options.secondaryLimitStatus ?? 403,
    ...(options.rateLimit === undefined ? {} : { rateLimit: options.rateLimit }),
  });
  const moveClock = clockRoute(clock, (ms) => void (clockOffset += ms));
  const breaking = breakRoute(ctx);
  const storage = new StorageLedger(state, blobStore(state.blobs));
  let admitted = 0;

  const server = createServer((req, res) => {
    const startedAt = performance.now();
    const internal = (req.url ?? "/").startsWith(INTERNAL_PREFIX);
    if (!internal) counters.arrived();
    // The REST API's requests spend from a budget (the registry's do not, as at ghcr.io).
    const budget =
      internal || isRegistryPath(new URL(req.url ?? "/", "http://sandbox").pathname)
        ? undefined
        : primary.budgetOf(req.headers.authorization, req.socket.remoteAddress);
    // Decided on arrival, as GitHub counts what is running when a request comes in.
    const overLimit = !internal && dice.tooConcurrent(admitted);
    if (!internal && !overLimit) admitted++;
    const chunks: Buffer[] = [];
    let answered = false;
    const respond = (answer: Answer) => {
      if (answered) return;
      answered = true;
      const status = writeAnswer(req, res, answer, {
        echoAuthorization: options.echoAuthorization === true,
        restHeaders: (notModified) => ({
          ...SERVED_HEADERS,
          // GitHub's clock: `x-ratelimit-reset` is on it, so a client can tell how far off the reset is.
          date: new Date(clock()).toUTCString(),
          ...(budget ? primary.headers(budget, notModified) : {}),
        }),
      });
      if (internal) return;
      if (!overLimit) admitted--;
      counters.answered(answer.route);
      const record = { method: req.method ?? "GET", path: req.url ?? "/", status };
      requests.push(record);
      options.onRequest?.({ ...record, duration_ms: Math.round(performance.now() - startedAt) });
    };
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const run = (answer: (a: Answer) => void) => {
        try {
          const body = Buffer.concat(chunks).toString("utf8");
          if (internal) answer(internalAnswer(req, body));
          else handle(req, body, budget, overLimit, answer);
        } catch (error) {
          // A bug in the sandbox must not take the server (and every test using it) down.
          answer(restError(500, `sandbox error: ${error instanceof Error ? error.message : String(error)}`));
        }
      };
      const latency = internal ? 0 : (options.latencyMs ?? 0);
      if (latency <= 0) run(respond);
      else if (isRead(req.method)) {
        // A read is answered as it arrives and sent once the latency has passed, as a far network
        // delays it: the sandbox's own work on a page stays out of the time a client is measured by,
        // where 32 reads that arrive together would otherwise be answered one after another.
        const due = performance.now() + latency;
        run((answer) => {
          setTimeout(() => respond(answer), Math.max(0, due - performance.now()));
        });
      } else setTimeout(() => run(respond), latency);
    });
  });

  function handle(
    req: IncomingMessage,
    body: string,
    budget: Budget | undefined,
    overLimit: boolean,
    respond: (a: Answer) => void,
  ): void {
    // Refused before anything else happens, as GitHub does once a budget is spent.
    const refusal = budget && primary.admit(budget);
    if (refusal) return respond(refusal);
    const exchange = toExchange(req, body);
    if (!exchange) return respond(restError(404, "Not Found"));
    if (dice.serverError() || dice.registryFault(exchange.url.pathname))
      return respond(restError(502, "Server Error"));
    if (overLimit) return respond(secondaryLimit());
    const result = registry(exchange) ?? rest(exchange);
    if (!isMutation(result)) return respond(result);
    gate.admit(() => {
      try {
        respond(carryOut(result));
      } catch (error) {
        respond(restError(500, `sandbox error: ${error instanceof Error ? error.message : String(error)}`));
      }
    });
  }

  /** The sandbox's own paths, outside GitHub's API: not counted, never delayed or faulted. */
  function internalAnswer(req: IncomingMessage, body: string): Answer {
    const path = new URL(req.url ?? "/", "http://sandbox").pathname;
    if (path === "/_sandbox/counters") return { status: 200, body: sandbox.counters(), kind: "internal" };
    if (path === "/_sandbox/clock") return moveClock(req.method ?? "GET", body);
    if (path === "/_sandbox/storage") return { status: 200, body: storage.report(), kind: "internal" };
    if (path === "/_sandbox/break") return breaking(req.method ?? "GET", body);
    return { status: 404, body: { message: "Not Found" }, kind: "internal" };
  }

  function carryOut({ mutation }: Mutation): Answer {
    if (dice.mutationLimited(performance.now())) return secondaryLimit(mutation.route);
    const answer = mutation.perform();
    if (answer.status >= 300) return answer;
    mutations.push({ method: mutation.method, path: mutation.path, version_id: mutation.versionId });
    gate.countApplied();
    return dice.lostResponse() ? restError(502, "Server Error", { route: mutation.route }) : answer;
  }

  function secondaryLimit(route?: string): Answer {
    return restError(dice.limitStatus, SECONDARY_LIMIT_MESSAGE, {
      headers: { "retry-after": "1" },
      docs: "https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits",
      ...(route ? { route } : {}),
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const sandbox: Sandbox = {
    url: `http://127.0.0.1:${port}`,
    state,
    requests,
    comments,
    peakInFlight: () => counters.peakInFlight,
    counters: () => counters.snapshot(gate.applied, gate.held, primary.snapshot()),
    advanceClock: (ms) => void (clockOffset += ms),
    breakVersion: (request) => breakVersion(ctx, request),
    spendRateLimit: (token, requests) =>
      primary.spend(primary.budgetOf(`token ${token}`, undefined), requests),
    storage: () => storage.report(),
    mutationLog: () => mutations,
    pauseMutationsAfter: (n) => gate.pauseAfter(n),
    resumeMutations: () => gate.resume(),
    pushVersion: (owner, type, name, version) => pushVersion(ctx, { owner, type, name }, version),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return sandbox;
}
