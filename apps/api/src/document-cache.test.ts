import { describe, expect, it } from "vitest";
import { createDocumentCache } from "./document-cache";

describe("document cache", () => {
  it("serves a hit without loading again and counts hits and misses", async () => {
    const cache = createDocumentCache<string>({ maxBytes: 100 });
    let loads = 0;
    const load = async () => {
      loads++;
      return { value: "doc", bytes: 10 };
    };
    expect(await cache.get("a", load)).toBe("doc");
    expect(await cache.get("a", load)).toBe("doc");
    expect(loads).toBe(1);
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 1, entries: 1, bytes: 10 });
  });

  it("coalesces concurrent misses for one key into one load", async () => {
    const cache = createDocumentCache<number>({ maxBytes: 100 });
    let loads = 0;
    let release: (v: { value: number; bytes: number }) => void = () => {};
    const load = () => {
      loads++;
      return new Promise<{ value: number; bytes: number }>((resolve) => {
        release = resolve;
      });
    };
    const all = Promise.all([cache.get("k", load), cache.get("k", load), cache.get("k", load)]);
    release({ value: 7, bytes: 1 });
    expect(await all).toEqual([7, 7, 7]);
    expect(loads).toBe(1);
  });

  it("evicts the least recently used entries to stay within its byte budget", async () => {
    const cache = createDocumentCache<string>({ maxBytes: 30 });
    const put = (key: string) => cache.get(key, async () => ({ value: key, bytes: 10 }));
    await put("a");
    await put("b");
    await put("c");
    await put("a"); // a is now the most recently used
    await put("d"); // evicts b
    expect(cache.stats()).toMatchObject({ entries: 3, bytes: 30 });
    let reloaded = false;
    await cache.get("b", async () => {
      reloaded = true;
      return { value: "b", bytes: 10 };
    });
    expect(reloaded).toBe(true);
    let aReloaded = false;
    await cache.get("a", async () => {
      aReloaded = true;
      return { value: "a", bytes: 10 };
    });
    expect(aReloaded).toBe(false);
  });

  it("does not keep a failed load, so the next request tries again", async () => {
    const cache = createDocumentCache<string>({ maxBytes: 30 });
    await expect(
      cache.get("x", async () => {
        throw new Error("blob missing");
      }),
    ).rejects.toThrow("blob missing");
    expect(await cache.get("x", async () => ({ value: "ok", bytes: 1 }))).toBe("ok");
  });

  it("serves but does not keep an entry larger than the budget", async () => {
    const cache = createDocumentCache<string>({ maxBytes: 5 });
    expect(await cache.get("big", async () => ({ value: "big", bytes: 50 }))).toBe("big");
    expect(cache.stats()).toMatchObject({ entries: 0, bytes: 0 });
  });
});
