/** What stands where a secret was. */
export const REDACTED = "***";

/** A function that takes every form of some secrets out of a text. */
export type Redact = (text: string) => string;

// A secret this short would redact ordinary words; GitHub's tokens are 40 characters and more.
const MIN_SECRET = 8;

/**
 * Takes the secrets out of a text in every form a server or proxy may echo them: as they are,
 * URL-encoded, and inside base64 (`Authorization: Basic base64(user:TOKEN)`, whatever the user name),
 * so `token X`, `Bearer X` and `Basic …` all come out as `***`. Also, with no secret known, the value
 * of anything that looks like an Authorization header or a GitHub token.
 */
export function redactor(secrets: readonly (string | undefined)[]): Redact {
  const known = secrets.filter((s): s is string => s !== undefined && s.length >= MIN_SECRET);
  const plain = [...new Set(known.flatMap((secret) => [secret, encodeURIComponent(secret)]))];
  const cores = [...new Set(known.flatMap(base64Cores))];
  return (text) => {
    let out = text;
    for (const secret of plain) out = out.split(secret).join(REDACTED);
    for (const core of cores) out = withoutBase64Around(out, core);
    return redactShapes(out);
  };
}

const BASE64_CHAR = /[A-Za-z0-9+/_=-]/;

/** Replaces each base64 run that holds `core` (the run, not only the core: it encodes more of the secret). */
function withoutBase64Around(text: string, core: string): string {
  let out = text;
  for (let at = out.indexOf(core); at !== -1; at = out.indexOf(core, at + REDACTED.length)) {
    let start = at;
    let end = at + core.length;
    while (start > 0 && BASE64_CHAR.test(out[start - 1] ?? "")) start--;
    while (end < out.length && BASE64_CHAR.test(out[end] ?? "")) end++;
    out = `${out.slice(0, start)}${REDACTED}${out.slice(end)}`;
    at = start;
  }
  return out;
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
