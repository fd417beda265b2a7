import { MalformedAnswer } from "./github-error.js";

/** One page of a listing: its items, and the page numbers its Link header announces. */
export interface FetchedPage<T> {
  readonly items: readonly T[];
  readonly links: { next?: number; last?: number };
}

/**
 * The most pages a listing is believed to have: 10,000 pages of 100 is 1,000,000 versions, ten times
 * the largest package ghpkg is built for (and hours of GitHub's rate limit). Without a bound a
 * `rel="last"` of page 1,000,000,000 would have a billion requests made at once (the heap runs out
 * allocating them), and a server whose `rel="next"` never ends would be followed forever.
 */
export const MAX_PAGES = 10_000;

/**
 * Every item of a paginated listing. When the first page's Link header names the last page, the rest
 * are fetched at once (the client bounds how many run together); otherwise page by page. A Link header
 * that GitHub would not send is an error of the listing, never a listing cut short or looped.
 */
export async function allPages<T>(fetchPage: (page: number) => Promise<FetchedPage<T>>): Promise<T[]> {
  const first = await fetchPage(1);
  const pages = [first.items];
  const { last } = first.links;
  if (last !== undefined) {
    if (last > MAX_PAGES)
      throw new MalformedAnswer(
        `the Link header announces ${last} pages, more than the ${MAX_PAGES} ghpkg reads`,
      );
    const rest = Array.from({ length: last - 1 }, (_, i) => fetchPage(i + 2));
    pages.push(...(await Promise.all(rest)).map((p) => p.items));
  } else {
    for (let page = 1, next = first.links.next; next !== undefined; page++) {
      // GitHub numbers pages one by one: a next that goes back loops, one that skips misses versions.
      if (next !== page + 1)
        throw new MalformedAnswer(
          `page ${page}'s Link header names page ${next} as the next, not page ${page + 1}`,
        );
      if (next > MAX_PAGES)
        throw new MalformedAnswer(
          `the listing goes on past page ${MAX_PAGES}, more than the ${MAX_PAGES} pages ghpkg reads`,
        );
      const fetched = await fetchPage(next);
      pages.push(fetched.items);
      next = fetched.links.next;
    }
  }
  return pages.flat();
}

/**
 * The page numbers of `rel="next"` and `rel="last"` in a Link header. Only the number is taken: every
 * page is asked of the API URL ghpkg was given, whatever host a link names, so no request (and no token)
 * goes where a Link header points. A next or last link without a page number is an error, not ignored:
 * ignoring it would end the listing early.
 */
export function parseLinks(header: string | undefined): { next?: number; last?: number } {
  const links: { next?: number; last?: number } = {};
  for (const part of (header ?? "").split(",")) {
    const match = /<([^>]*)>\s*;\s*rel="(next|last)"/.exec(part);
    if (match?.[1] === undefined || !match[2]) continue;
    const rel = match[2] as "next" | "last";
    const page = pageNumber(match[1]);
    if (page === undefined) throw new MalformedAnswer(`the Link header's rel="${rel}" names no page number`);
    links[rel] = page;
  }
  return links;
}

function pageNumber(link: string): number | undefined {
  try {
    // A relative link (RFC 8288 allows one) resolves against a base that is never asked.
    const page = Number(new URL(link, "http://link.invalid").searchParams.get("page") ?? NaN);
    return Number.isSafeInteger(page) && page > 0 ? page : undefined;
  } catch {
    return undefined;
  }
}
