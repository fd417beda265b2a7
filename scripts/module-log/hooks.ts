import { appendFileSync } from "node:fs";

type Load = (
  url: string,
  context: object,
  next: (url: string, context: object) => Promise<{ format?: string | null }>,
) => Promise<{ format?: string | null }>;

/** Module loader hook: notes each file-backed module the process loads, with its format, in $GHPKG_MODULE_LOG. */
export const load: Load = async (url, context, next) => {
  const result = await next(url, context);
  const log = process.env.GHPKG_MODULE_LOG;
  if (log && url.startsWith("file:")) appendFileSync(log, `${result.format ?? "unknown"} ${url}\n`);
  return result;
};
