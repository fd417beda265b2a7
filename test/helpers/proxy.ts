import { createServer, request, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A request the proxy received, as the test sees it. */
export interface Received {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage["headers"];
}

/** An answer the test gives instead of the upstream's. */
export interface Answer {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Record<string, string>;
}

export interface ProxyHooks {
  /** Called for every mutation on arrival: true holds it (not forwarded) until `release`. */
  holdMutation?: (index: number, received: Received) => boolean;
  /** Answers a request itself instead of forwarding it (e.g. an error that echoes a header). */
  answer?: (received: Received) => Answer | undefined;
}

export interface Proxy {
  readonly url: string;
  /** Mutations (DELETE, POST) as they arrived: what left the CLI, whether or not it was forwarded. */
  readonly mutations: readonly Received[];
  /** Mutations held and not forwarded yet. */
  readonly held: readonly Received[];
  readonly hooks: ProxyHooks;
  /** Resolves once `condition` holds; checked on every arrival, so no polling and no timing. */
  until(condition: () => boolean): Promise<void>;
  /** Forwards every held mutation now (the CLI may be gone: the request had left it). */
  release(): Promise<void>;
  close(): Promise<void>;
}

const isMutation = (method: string) => method === "DELETE" || method === "POST";

/**
 * A man in the middle between the CLI and the sandbox, for tests that need a barrier: it sees a
 * mutation the moment it leaves the CLI, can hold it on the wire, and can answer in the upstream's place.
 */
export async function startProxy(upstream: string, hooks: ProxyHooks = {}): Promise<Proxy> {
  const target = new URL(upstream);
  const mutations: Received[] = [];
  const held: { received: Received; forward: () => Promise<void> }[] = [];
  const waiters: { condition: () => boolean; resolve: () => void }[] = [];
  const notify = () => {
    for (const w of [...waiters])
      if (w.condition()) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
  };

  const forward = (req: IncomingMessage, body: Buffer, res: ServerResponse) =>
    new Promise<void>((resolve) => {
      const out = request(
        {
          host: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          headers: req.headers,
        },
        (answer) => {
          if (!res.destroyed) res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
          answer.on("end", () => resolve());
        },
      );
      out.on("error", () => {
        if (!res.destroyed) res.destroy();
        resolve();
      });
      out.end(body);
    });

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const received: Received = { method: req.method ?? "GET", path: req.url ?? "/", headers: req.headers };
      const body = Buffer.concat(chunks);
      const own = hooks.answer?.(received);
      if (isMutation(received.method)) mutations.push(received);
      if (own) {
        res.writeHead(own.status, { "content-type": "application/json", ...own.headers });
        res.end(JSON.stringify(own.body));
      } else if (isMutation(received.method) && hooks.holdMutation?.(mutations.length - 1, received))
        held.push({ received, forward: () => forward(req, body, res) });
      else void forward(req, body, res);
      notify();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    mutations,
    get held() {
      return held.map((h) => h.received);
    },
    hooks,
    until: (condition) =>
      condition() ? Promise.resolve() : new Promise((resolve) => waiters.push({ condition, resolve })),
    release: async () => {
      const now = held.splice(0);
      await Promise.all(now.map((h) => h.forward()));
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
