import { explainTokenRefusal, tokenKind } from "./token-kind.js";
import { GitHubError } from "./github-error.js";
import type { UserError } from "../model/errors.js";

/**
 * An error's message, and when GitHub refused a token whose kind explains it (an installation token, a
 * fine-grained or GitHub App user token), what to do about it. A classic token's refusals already say
 * which scope or package is at fault, so nothing is added for one.
 */
export function withTokenAdvice(error: UserError, token: string | undefined): string {
  if (!(error instanceof GitHubError) || error.status === undefined) return error.message;
  const kind = tokenKind(token);
  if (kind === undefined || kind === "classic") return error.message;
  const advice = explainTokenRefusal(kind, error.status);
  return advice ? `${error.message}; ${advice}` : error.message;
}
