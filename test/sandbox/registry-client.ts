/**
 * A minimal OCI distribution client over `fetch`, as docker, crane or skopeo behave: try the
 * request, and on 401 read the `WWW-Authenticate` challenge, ask its realm for a token for its
 * service and scope (with Basic credentials when it has them), then retry with the bearer token.
 * It knows nothing of the sandbox: only what the distribution spec and Docker's token auth say.
 */
export interface RegistryCredentials {
  readonly username: string;
  readonly password: string;
}

export interface RegistryResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

export class RegistryClient {
  readonly #base: string;
  readonly #credentials: RegistryCredentials | undefined;
  readonly #tokens = new Map<string, string>();
  /** Token requests made: a handshake is one per scope, then the token is reused. */
  tokenRequests = 0;

  constructor(base: string, credentials?: RegistryCredentials) {
    this.#base = base.replace(/\/+$/, "");
    this.#credentials = credentials;
  }

  async request(path: string, init: { method?: string; accept?: string } = {}): Promise<RegistryResponse> {
    const scopeKey = /^\/v2\/(.+?)\/(?:manifests|tags|blobs)\//.exec(path)?.[1] ?? "";
    const send = async (token: string | undefined) => {
      const response = await fetch(`${this.#base}${path}`, {
        method: init.method ?? "GET",
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(init.accept ? { accept: init.accept } : {}),
        },
      });
      return { status: response.status, headers: response.headers, text: await response.text() };
    };
    const first = await send(this.#tokens.get(scopeKey));
    if (first.status !== 401) return first;
    const challenge = parseChallenge(first.headers.get("www-authenticate") ?? "");
    if (!challenge.realm) throw new Error(`401 without a Bearer challenge: ${first.text}`);
    const token = await this.#fetchToken(challenge);
    this.#tokens.set(scopeKey, token);
    return send(token);
  }

  /** Reads a manifest; checks the digest the registry states against the bytes it sent. */
  async manifest(repository: string, reference: string, accept: string): Promise<RegistryResponse> {
    return this.request(`/v2/${repository}/manifests/${reference}`, { accept });
  }

  async #fetchToken(challenge: Record<string, string>): Promise<string> {
    this.tokenRequests++;
    const url = new URL(challenge.realm ?? "");
    if (challenge.service) url.searchParams.set("service", challenge.service);
    if (challenge.scope) url.searchParams.set("scope", challenge.scope);
    const headers: Record<string, string> = {};
    if (this.#credentials)
      headers.authorization = `Basic ${Buffer.from(`${this.#credentials.username}:${this.#credentials.password}`).toString("base64")}`;
    const response = await fetch(url, { headers });
    if (!response.ok) throw new Error(`token service answered ${response.status}`);
    const body = (await response.json()) as { token?: string; access_token?: string };
    const token = body.token ?? body.access_token;
    if (!token) throw new Error("token service answered no token");
    return token;
  }
}

/** `Bearer realm="…",service="…",scope="…"` into its parameters. */
export function parseChallenge(header: string): Record<string, string> {
  const params: Record<string, string> = {};
  if (!/^bearer\s/i.test(header)) return params;
  for (const match of header.slice(7).matchAll(/(\w+)="([^"]*)"/g)) params[match[1] ?? ""] = match[2] ?? "";
  return params;
}
