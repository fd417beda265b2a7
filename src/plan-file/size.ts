/**
 * The most a plan file may hold, as `plan --out` writes it and `apply PLANFILE` reads it. ghpkg's
 * largest plans, of a 100,000-version package, are some 40 MiB; this leaves room for six such
 * packages (some 600,000 operations), and bounds what is read (and parsed, and checked) when the path
 * names something that is not a plan at all. Its own module: `plan` checks it without loading the
 * plan's schema.
 */
export const MAX_PLAN_BYTES = 256 * 1024 * 1024;
export const MAX_PLAN_SIZE = "256 MiB";
