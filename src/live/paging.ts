/** One page of a listing: its items, and the page numbers its Link header announces. */
export interface FetchedPage<T> {
  readonly items: readonly T[];
  readonly links: { next?: number; last?: number };
}

/**
 * Every item of a paginated listing. When the first page's Link header names the last page, the rest
 * are fetched at once (the client bounds how many run together); otherwise page by page.
 */
export async function allPages<T>(fetchPage: (page: number) => Promise<FetchedPage<T>>): Promise<T[]> {
  const first = await fetchPage(1);
  const pages = [first.items];
  if (first.links.last !== undefined) {
    const rest = Array.from({ length: first.links.last - 1 }, (_, i) => fetchPage(i + 2));
    pages.push(...(await Promise.all(rest)).map((p) => p.items));
  } else {
    for (let next = first.links.next; next !== undefined;) {
      const page = await fetchPage(next);
      pages.push(page.items);
      next = page.links.next;
    }
  }
  return pages.flat();
}

/** The page numbers of `rel="next"` and `rel="last"` in a Link header. */
export function parseLinks(header: string | undefined): { next?: number; last?: number } {
  const links: { next?: number; last?: number } = {};
  for (const part of (header ?? "").split(",")) {
    const match = /<([^>]+)>\s*;\s*rel="(next|last)"/.exec(part);
    if (!match?.[1] || !match[2]) continue;
    const page = Number(new URL(match[1]).searchParams.get("page"));
    if (Number.isInteger(page) && page > 0) links[match[2] as "next" | "last"] = page;
  }
  return links;
}
