import { restAnswer, restError, type Answer, type Exchange } from "../exchange.js";
import { userPayload } from "../github-payloads.js";
import { githubTime } from "../github-time.js";

export interface SandboxComment {
  id: number;
  repository: string;
  issue: number;
  body: string;
  user: string;
  created_at: string;
  updated_at: string;
}

const ISSUES_DOCS = "https://docs.github.com/rest/issues/comments";

/**
 * Pull-request comments, as the GitHub Action needs them: list, create, update. Answers undefined
 * for paths that are not these.
 */
export function commentRoutes(comments: SandboxComment[], clock: () => number) {
  let nextId = 9000;
  const payload = (base: string, c: SandboxComment) => ({
    id: c.id,
    node_id: `IC_sandbox${c.id}`,
    url: `${base}/repos/${c.repository}/issues/comments/${c.id}`,
    html_url: `https://github.com/${c.repository}/pull/${c.issue}#issuecomment-${c.id}`,
    issue_url: `${base}/repos/${c.repository}/issues/${c.issue}`,
    body: c.body,
    user: userPayload(base, c.user),
    created_at: c.created_at,
    updated_at: c.updated_at,
    author_association: "OWNER",
  });
  const bodyOf = (text: string): string | undefined => {
    try {
      const parsed = JSON.parse(text) as { body?: unknown };
      return typeof parsed.body === "string" ? parsed.body : undefined;
    } catch {
      return undefined;
    }
  };

  return (ex: Exchange, login: string): Answer | undefined => {
    const path = `/${ex.segments.join("/")}`;
    const onIssue = /^\/repos\/([^/]+\/[^/]+)\/issues\/(\d+)\/comments$/.exec(path);
    const listRoute = `${ex.method} /repos/{owner}/{repo}/issues/{issue_number}/comments`;
    if (onIssue) {
      const [, repository = "", issue = "0"] = onIssue;
      if (ex.method === "GET")
        return restAnswer(
          200,
          comments
            .filter((c) => c.repository === repository && c.issue === Number(issue))
            .map((c) => payload(ex.apiBase, c)),
          listRoute,
        );
      if (ex.method === "POST") {
        const body = bodyOf(ex.body);
        if (body === undefined)
          return restError(422, "Invalid request.", { docs: ISSUES_DOCS, route: listRoute });
        const now = githubTime(clock());
        const comment = {
          id: nextId++,
          repository,
          issue: Number(issue),
          body,
          user: login,
          created_at: now,
          updated_at: now,
        };
        comments.push(comment);
        return restAnswer(201, payload(ex.apiBase, comment), listRoute);
      }
    }
    const one = /^\/repos\/([^/]+\/[^/]+)\/issues\/comments\/(\d+)$/.exec(path);
    const oneRoute = `${ex.method} /repos/{owner}/{repo}/issues/comments/{comment_id}`;
    if (one && ex.method === "PATCH") {
      const comment = comments.find((c) => c.repository === one[1] && c.id === Number(one[2]));
      if (!comment) return restError(404, "Not Found", { docs: ISSUES_DOCS, route: oneRoute });
      const body = bodyOf(ex.body);
      if (body === undefined)
        return restError(422, "Invalid request.", { docs: ISSUES_DOCS, route: oneRoute });
      comment.body = body;
      comment.updated_at = githubTime(clock());
      return restAnswer(200, payload(ex.apiBase, comment), oneRoute);
    }
    return undefined;
  };
}
