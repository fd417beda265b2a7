import { isFeatureAvailable, restoreCache, saveCache } from "@actions/cache";
import type { CacheStore } from "./kept-state.js";

/**
 * The Actions cache, when the runner offers it (it sets ACTIONS_CACHE_URL or ACTIONS_RESULTS_URL
 * for JavaScript actions); undefined elsewhere, so the Action then runs without it.
 */
export function actionsCacheStore(): CacheStore | undefined {
  if (!isFeatureAvailable()) return undefined;
  return {
    restore: (paths, key, restoreKeys) => restoreCache(paths, key, restoreKeys),
    save: async (paths, key) => {
      // It reports most refusals (a read-only token for an untrusted event, a full cache) as -1.
      if ((await saveCache(paths, key)) === -1) throw new Error("the cache service did not take it");
    },
  };
}
