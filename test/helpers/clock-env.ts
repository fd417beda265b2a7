/**
 * The variables that carry a moved clock to the processes a test starts. Tests start ghpkg in a
 * clean environment, so without these `faketime -f +400d npm test` would move the test's clock and
 * the sandbox's but not ghpkg's, and prove nothing about the days ahead.
 */
export function clockEnv(): Record<string, string> {
  const carried: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env))
    if (value !== undefined && (name.startsWith("FAKETIME") || name === "LD_PRELOAD")) carried[name] = value;
  return carried;
}
