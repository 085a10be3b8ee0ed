/**
 * An LRU of parsed schedule documents bounded in bytes, keyed by storage path + checksum, so a
 * changed day (new checksum) is a miss at once. Concurrent misses for one key share one load.
 */
export interface DocumentCacheStats {
  hits: number;
  misses: number;
  entries: number;
  bytes: number;
}

export interface DocumentCache<T> {
  get(key: string, load: () => Promise<{ value: T; bytes: number }>): Promise<T>;
  stats(): DocumentCacheStats;
}

export function createDocumentCache<T>(options: { maxBytes: number }): DocumentCache<T> {
  // Map keeps insertion order: re-inserting on hit makes the first key the least recently used.
  const entries = new Map<string, { value: T; bytes: number }>();
  const inflight = new Map<string, Promise<T>>();
  let bytes = 0;
  let hits = 0;
  let misses = 0;

  function store(key: string, entry: { value: T; bytes: number }): void {
    if (entry.bytes > options.maxBytes) return; // larger than the whole budget: serve, don't keep
    const old = entries.get(key);
    if (old) {
      bytes -= old.bytes;
      entries.delete(key);
    }
    entries.set(key, entry);
    bytes += entry.bytes;
    for (const [oldestKey, oldest] of entries) {
      if (bytes <= options.maxBytes) break;
      entries.delete(oldestKey);
      bytes -= oldest.bytes;
    }
  }

  return {
    async get(key, load) {
      const hit = entries.get(key);
      if (hit) {
        hits++;
        entries.delete(key);
        entries.set(key, hit);
        return hit.value;
      }
      const pending = inflight.get(key);
      if (pending) {
        hits++;
        return pending;
      }
      misses++;
      const promise = load().then(
        (entry) => {
          inflight.delete(key);
          store(key, entry);
          return entry.value;
        },
        (error: unknown) => {
          inflight.delete(key);
          throw error;
        },
      );
      inflight.set(key, promise);
      return promise;
    },
    stats: () => ({ hits, misses, entries: entries.size, bytes }),
  };
}
