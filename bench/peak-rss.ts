import { writeFileSync } from "node:fs";

// `node --import …/peak-rss.js`: writes the process's peak resident set size, in bytes, to
// $GHPKG_PEAK_RSS_FILE when it exits, so the bench sees a child's peak and not its own.
process.on("exit", () => {
  const file = process.env.GHPKG_PEAK_RSS_FILE;
  if (file) writeFileSync(file, String(process.resourceUsage().maxRSS * 1024));
});
