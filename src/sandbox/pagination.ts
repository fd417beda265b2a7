/** GitHub's page size when a client names none, and the most it serves. */
export const DEFAULT_PER_PAGE = 30;
export const MAX_PER_PAGE = 100;

export interface Page<T> {
  readonly items: readonly T[];
  /** The Link header, absent when everything fits on one page. */
  readonly link: string | undefined;
}

/** `page` and `per_page` as GitHub reads them: missing or nonsense falls back, too big is capped. */
export function pageRequest(url: URL, maxPerPage: number): { page: number; perPage: number } {
  const perPage = Math.min(
    Math.max(Number(url.searchParams.get("per_page") ?? DEFAULT_PER_PAGE) || DEFAULT_PER_PAGE, 1),
    maxPerPage,
  );
  const page = Math.max(Math.floor(Number(url.searchParams.get("page") ?? 1)) || 1, 1);
  return { page, perPage };
}

/**
 * One page of an already sorted list (a slice, never a rebuild), with a Link header whose URLs are
 * `canonical` (GitHub's id-based path) carrying the request's own query, as GitHub answers.
 */
export function paginate<T>(url: URL, items: readonly T[], maxPerPage: number, canonical: string): Page<T> {
  const { page, perPage } = pageRequest(url, maxPerPage);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const link = (p: number) => {
    const target = new URL(canonical);
    for (const [key, value] of url.searchParams) if (key !== "page") target.searchParams.append(key, value);
    target.searchParams.set("page", String(p));
    return `<${target.toString()}>`;
  };
  const rels = [
    ...(page < last ? [`${link(page + 1)}; rel="next"`, `${link(last)}; rel="last"`] : []),
    ...(page > 1 ? [`${link(1)}; rel="first"`, `${link(Math.min(page - 1, last))}; rel="prev"`] : []),
  ];
  return {
    items: items.slice((page - 1) * perPage, page * perPage),
    link: rels.length > 0 ? rels.join(", ") : undefined,
  };
}
