import { UserError } from "../model/errors.js";

export interface Connection {
  readonly apiUrl: string;
  readonly token: string | undefined;
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/;

/** API URL from the flag, else GITHUB_API_URL, else github.com; the token from GITHUB_TOKEN, else GH_TOKEN. */
export function resolveConnection(apiUrlFlag: string | undefined, env: NodeJS.ProcessEnv): Connection {
  const apiUrl = checkedUrl("API URL", apiUrlFlag ?? env.GITHUB_API_URL ?? "https://api.github.com");
  const variable = env.GITHUB_TOKEN ? "GITHUB_TOKEN" : "GH_TOKEN";
  const token = tokenFrom(env);
  if (token !== undefined) checkToken(variable, token);
  return { apiUrl, token };
}

/** The token: GITHUB_TOKEN, else GH_TOKEN (as the GitHub CLI reads them); an empty one is none. */
export function tokenFrom(env: NodeJS.ProcessEnv): string | undefined {
  return env.GITHUB_TOKEN || env.GH_TOKEN || undefined;
}

/**
 * A token goes into an HTTP header, where a newline, a space or a character beyond ASCII cannot
 * (fetch refuses the request, which would read as "cannot reach" the server). GitHub's tokens are
 * letters, digits and `_`; anything printable is let through. Said naming the variable and where the
 * character is, never the token.
 */
function checkToken(variable: string, token: string): void {
  const at = token.search(/[^\x21-\x7e]/);
  if (at < 0) return;
  const ch = token.charAt(at);
  const what =
    ch === "\n"
      ? "a newline"
      : ch === "\r"
        ? "a carriage return"
        : ch === " "
          ? "a space"
          : ch === "\t"
            ? "a tab"
            : ch < " " || ch === "\x7f"
              ? "a control character"
              : "a character that is not ASCII";
  throw new UserError(
    `${variable} holds ${what} (character ${at + 1}), which cannot be sent in an HTTP header; set it to the token alone`,
  );
}

/** A URL the token may be sent to: https, or plain http on loopback only. */
export function checkedUrl(what: string, raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UserError(
      `the ${what} \`${withoutUserinfo(raw)}\` is not a URL (expected such as https://api.github.com)`,
    );
  }
  // Refused, not stripped: a user who put a password there expects it to be used, and it must not be.
  if (url.username !== "" || url.password !== "")
    throw new UserError(
      `the ${what} must not hold credentials (user:password@); set the token in GITHUB_TOKEN (or GH_TOKEN) instead`,
    );
  if (url.protocol === "http:" && !LOOPBACK.test(url.hostname))
    throw new UserError(
      `refusing plain http for ${url.host}: the token would cross the network unencrypted; use https (plain http is allowed only on loopback)`,
    );
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new UserError(`the ${what} must be http(s), not ${url.protocol}`);
  return raw.replace(/\/+$/, "");
}

/** Whatever stands between `//` and `@` may be a password: never printed. */
function withoutUserinfo(raw: string): string {
  return raw.replace(/\/\/[^/?#\s]*@/, "//***@");
}
