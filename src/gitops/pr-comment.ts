import type { Client } from "../live/client.js";

/**
 * One comment per pull request and spec, found again by a hidden marker and updated in place, so a
 * pull request shows the latest plan instead of one comment per push.
 */
export async function upsertComment(
  client: Client,
  repository: string,
  issue: number,
  marker: string,
  body: string,
): Promise<"created" | "updated"> {
  const [owner = "", repo = ""] = repository.split("/");
  const comments = await client.paginate(client.rest.issues.listComments, {
    owner,
    repo,
    issue_number: issue,
    per_page: 100,
  });
  const text = `${marker}\n${body}`;
  const existing = comments.find((c) => c.body?.startsWith(marker));
  if (existing) {
    await client.rest.issues.updateComment({ owner, repo, comment_id: existing.id, body: text });
    return "updated";
  }
  await client.rest.issues.createComment({ owner, repo, issue_number: issue, body: text });
  return "created";
}
