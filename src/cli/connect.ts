import { dirname, join } from "node:path";
import { defaultJournalPath } from "../journal/journal.js";
import { fileJournal, journalHistory } from "../journal/store.js";
import { UserError } from "../model/errors.js";
import { createClient } from "../live/client.js";
import { checkedUrl, resolveConnection, type Connection } from "../live/connection.js";
import { githubSource } from "../live/github.js";
import type { PackageSource } from "../live/source.js";
import type { RunPorts } from "../reconcile/ports.js";
import { readPool } from "../transport/read-pool.js";
import { readTimeout } from "../transport/read-timeout.js";
import { redactor } from "../transport/redact.js";
import { retryBase } from "../transport/retry-policy.js";
import { registryReader } from "../registry/client.js";
import { usageReader } from "../usage/read-usage.js";
import { escapeText } from "../render/escape.js";
import type { GlobalContext } from "./context.js";
import { progressLine } from "./terminal/progress.js";
import { waitNotice } from "../render/wait-notice.js";
import { VERSION } from "./version.js";

export interface PortSettings {
  /** The journal: what ghpkg deleted before; the manifest cache sits beside it (default: .ghpkg/ here). */
  readonly journalPath?: string;
  /** Reads in flight at once over the whole run (pages and manifests alike); mutations are paced apart. */
  readonly concurrency: number;
  /** A "reading packages" line on a terminal. */
  readonly progress: boolean;
  /** How long a read may wait for a spent rate limit's reset (apply: until --max-duration); two hours unless given. */
  readonly maxPrimaryWaitMs?: () => number;
}

export interface Connected {
  readonly connection: Connection;
  readonly source: PackageSource;
  readonly ports: RunPorts;
}

/** A command's context once it talks to GitHub: the global options, and a way to the ports. */
export interface ConnectingContext extends GlobalContext {
  /**
   * The run's ports, from one resolved connection: one GitHub client (pointed at --api-url /
   * GITHUB_API_URL, with the token from the environment) and one registry reader. Every command that
   * asks this needs GitHub, so no token is an error here, before anything is sent.
   */
  connect(settings: PortSettings): Connected;
}

/** The only place a GitHub client or a registry reader is made; loaded only by commands that need them. */
export function connecting(context: GlobalContext): ConnectingContext {
  return { ...context, connect: (settings) => connect(context, settings) };
}

function connect(context: GlobalContext, settings: PortSettings): Connected {
  const { env } = context;
  const options = context.options();
  const connection = resolveConnection(options.apiUrl, env);
  if (!connection.token)
    throw new UserError(
      "no token: set GITHUB_TOKEN (or GH_TOKEN) to a token with the read:packages scope (and delete:packages to apply)",
    );
  const registryUrl = checkedUrl(
    "registry URL",
    options.registryUrl ?? env.GHPKG_REGISTRY_URL ?? "https://ghcr.io",
  );
  // A long wait (a rate limit, a retry of the API or the registry) is said in one line on any output.
  const sayWait = (what: string, waitMs: number) => {
    const notice = waitNotice(what, waitMs, Date.now(), options.verbose === true);
    if (notice && !options.quiet) context.output().err(`note: ${escapeText(notice)}`);
  };
  // One pool for every read of the run, GitHub's API and the registry alike.
  const reads = readPool(settings.concurrency);
  const client = createClient({
    apiUrl: connection.apiUrl,
    token: connection.token,
    userAgent: `ghpkg/${VERSION}`,
    reads,
    // Tests and benchmarks shorten the plugins' waits; users keep GitHub's pace.
    retryBaseMs: retryBase(env.GHPKG_RETRY_BASE_MS),
    readTimeoutMs: readTimeout(env.GHPKG_READ_TIMEOUT_MS),
    onWait: sayWait,
    ...(settings.maxPrimaryWaitMs ? { maxPrimaryWaitMs: settings.maxPrimaryWaitMs } : {}),
  });
  const source = githubSource(client, connection.apiUrl);
  const journalPath = settings.journalPath ?? defaultJournalPath([]);
  const progress = progressLine(context.output(), settings.progress);
  const output = context.output();
  // The journal may be read twice in a run (undo reads its runs, then plans): each note is said once.
  const said = new Set<string>();
  const say = (note: string) => {
    if (!said.has(note)) output.err(`note: ${escapeText(note)}`);
    said.add(note);
  };
  const history = journalHistory(journalPath, say);
  const ports: RunPorts = {
    apiUrl: connection.apiUrl,
    journal: fileJournal(journalPath, {
      redact: redactor([connection.token, env.GITHUB_TOKEN, env.GH_TOKEN]),
      onNote: say,
    }),
    source,
    manifests: registryReader({
      registryUrl,
      token: connection.token,
      reads,
      readTimeoutMs: readTimeout(env.GHPKG_READ_TIMEOUT_MS),
      retryBaseMs: retryBase(env.GHPKG_RETRY_BASE_MS),
      onWait: sayWait,
      cacheDir: join(dirname(journalPath), "cache", "manifests"),
    }),
    // `usedIn` reads the checkout ghpkg runs in, for references to the registry it reads manifests from.
    usage: usageReader({ cwd: process.cwd(), registryHost: new URL(registryUrl).host }),
    knownDeleted: history.knownDeleted,
    deletedEarlier: history.deletedEarlier,
    loadHistory: history.load,
    onProgress: (done, total) => {
      progress.update(done, total);
      if (done === total) progress.finish();
    },
    onManifestProgress: (done, total) => {
      progress.manifests(done, total);
      if (done === total) progress.finish();
    },
  };
  return { connection, source, ports };
}
