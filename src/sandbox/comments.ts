import type { ServerResponse } from "node:http";
import { userPayload } from "./github-payloads.js";

export interface SandboxComment {
  id: number;
  repository: string;
  issue: number;
  body: string;
  user: string;
  created_at: string;
  updated_at: string;
}

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
  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
    res.end(JSON.stringify(body));
    return status;
  };

  return (
    method: string,
    url: URL,
    base: string,
    login: string,
    body: string,
    res: ServerResponse,
  ): number | undefined => {
    const onIssue = /^\/repos\/([^/]+\/[^/]+)\/issues\/(\d+)\/comments$/.exec(url.pathname);
    if (onIssue) {
      const [, repository = "", issue = "0"] = onIssue;
      if (method === "GET")
        return send(
          res,
          200,
          comments
            .filter((c) => c.repository === repository && c.issue === Number(issue))
            .map((c) => payload(base, c)),
        );
      if (method === "POST") {
        const now = new Date(clock()).toISOString();
        const comment = {
          id: nextId++,
          repository,
          issue: Number(issue),
          body: (JSON.parse(body) as { body: string }).body,
          user: login,
          created_at: now,
          updated_at: now,
        };
        comments.push(comment);
        return send(res, 201, payload(base, comment));
      }
    }
    const one = /^\/repos\/([^/]+\/[^/]+)\/issues\/comments\/(\d+)$/.exec(url.pathname);
    if (one && method === "PATCH") {
      const comment = comments.find((c) => c.repository === one[1] && c.id === Number(one[2]));
      if (!comment) return send(res, 404, { message: "Not Found" });
      comment.body = (JSON.parse(body) as { body: string }).body;
      comment.updated_at = new Date(clock()).toISOString();
      return send(res, 200, payload(base, comment));
    }
    return undefined;
  };
}
