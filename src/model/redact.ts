/** What stands where a secret was. */
export const REDACTED = "***";

/** A function that takes every form of some secrets out of a text. */
export type Redact = (text: string) => string;

// A secret this short would redact ordinary words; GitHub's tokens are 40 characters and more.
const MIN_SECRET = 8;
const BASE64_RUN = "[A-Za-z0-9+/_-]*";

/**
 * Takes the secrets out of a text in every form a server or proxy may echo them: as they are,
 * URL-encoded, and inside base64 (`Authorization: Basic base64(user:TOKEN)`, whatever the user name),
 * so `token X`, `Bearer X` and `Basic …` all come out as `***`. Also, with no secret known, the value
 * of anything that looks like an Authorization header or a GitHub token.
 */
export function redactor(secrets: readonly (string | undefined)[]): Redact {
  const patterns = secrets
    .filter((s): s is string => s !== undefined && s.length >= MIN_SECRET)
    .flatMap((secret) => [
      escape(secret),
      escape(encodeURIComponent(secret)),
      ...base64Cores(secret).map((core) => `${BASE64_RUN}${escape(core)}${BASE64_RUN}=*`),
    ]);
  const known = patterns.length > 0 ? new RegExp([...new Set(patterns)].join("|"), "g") : undefined;
  return (text) => redactShapes(known ? text.replace(known, REDACTED) : text);
}

// Token prefixes GitHub documents (classic, fine-grained, OAuth, user-to-server, server-to-server, refresh).
const GITHUB_TOKEN = /\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})\b/g;
const AUTH_VALUE = /\b(authorization["']?\s*[:=]\s*["']?)(?:(token|bearer|basic)\s+)?[^\s"',;}]+/gi;
const SCHEME_VALUE = /\b(token|bearer|basic)\s+[A-Za-z0-9+/_.~-]{16,}=*/gi;

/** The shapes a credential has whatever its value: a header's value, a scheme and its value, a GitHub token. */
function redactShapes(text: string): string {
  return text
    .replace(
      AUTH_VALUE,
      (_m, head: string, scheme?: string) => `${head}${scheme ? `${scheme} ` : ""}${REDACTED}`,
    )
    .replace(SCHEME_VALUE, (_m, scheme: string) => `${scheme} ${REDACTED}`)
    .replace(GITHUB_TOKEN, REDACTED);
}

/**
 * The part of base64(prefix + secret + suffix) that does not depend on the prefix or suffix, for each
 * of the three alignments the secret can start at: those characters encode the secret's bytes alone.
 */
function base64Cores(secret: string): string[] {
  const bytes = Buffer.from(secret);
  return [0, 1, 2].flatMap((offset) => {
    const padded = Buffer.concat([Buffer.alloc(offset), bytes]);
    const first = Math.ceil(offset / 3) * 3; // the first whole group of the secret's bytes
    const end = Math.floor(padded.length / 3) * 3;
    if (end - first < 6) return [];
    const core = padded.subarray(first, end).toString("base64");
    return [core, core.replace(/\+/g, "-").replace(/\//g, "_")];
  });
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
}
