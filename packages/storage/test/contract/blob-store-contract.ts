import { beforeEach, describe, expect, it } from "vitest";
import type { BlobStore } from "../../src/blob-store";

const path = "0b0e7a56-1d7c-4b8e-9d43-6c1f7c2a0001/2026-03-08/schedule.json";
const text = (bytes: Uint8Array | null) =>
  bytes === null ? null : new TextDecoder().decode(bytes);

/** Behaviour every BlobStore adapter must show. */
export function blobStoreContract(name: string, open: () => Promise<BlobStore>): void {
  describe(`${name} blob store`, () => {
    let store: BlobStore;
    beforeEach(async () => {
      store = await open();
    });

    it("puts, gets, heads and overwrites a blob", async () => {
      expect(await store.get(path)).toBeNull();
      expect(await store.head(path)).toBeNull();
      expect(await store.exists(path)).toBe(false);
      const info = await store.put(path, '{"v":1}', { contentType: "application/json" });
      expect(info).toEqual({ path, size: 7, contentType: "application/json" });
      expect(text(await store.get(path))).toBe('{"v":1}');
      expect(await store.head(path)).toEqual({ path, size: 7, contentType: "application/json" });
      expect(await store.exists(path)).toBe(true);
      await store.put(path, new TextEncoder().encode('{"v":22}'), {
        contentType: "application/json",
      });
      expect(text(await store.get(path))).toBe('{"v":22}');
    });

    it("refuses to replace a blob when upsert is false", async () => {
      await store.put(path, "a", { contentType: "application/json" });
      await expect(
        store.put(path, "b", { contentType: "application/json", upsert: false }),
      ).rejects.toMatchObject({ name: "StorageError", code: "BLOB_EXISTS" });
      expect(text(await store.get(path))).toBe("a");
    });

    it("lists by prefix at every depth and deletes, missing blobs included", async () => {
      const paths = [
        "c1/2026-03-08/schedule.json",
        "c1/2026-03-09/schedule.json",
        "c2/2026-03-08/schedule.json",
      ];
      for (const p of paths) await store.put(p, "{}", { contentType: "application/json" });
      expect(await store.list("c1/")).toEqual(paths.slice(0, 2));
      expect(await store.list("c1/2026-03-0")).toEqual(paths.slice(0, 2));
      expect(await store.list("")).toEqual(paths);
      expect(await store.list("c3/")).toEqual([]);
      await store.delete([paths[0] ?? "", "c9/none.json"]);
      await store.delete(paths[2] ?? "");
      expect(await store.list("")).toEqual([paths[1]]);
    });

    it("refuses paths that could escape the store", async () => {
      for (const bad of [
        "../x.json",
        "a/../../x.json",
        "/etc/passwd",
        "a//b.json",
        "a\\b.json",
        "",
      ]) {
        await expect(
          store.put(bad, "x", { contentType: "application/json" }),
        ).rejects.toMatchObject({
          code: "BLOB_PATH_INVALID",
        });
        await expect(store.get(bad)).rejects.toMatchObject({ code: "BLOB_PATH_INVALID" });
      }
      await expect(store.list("../")).rejects.toMatchObject({ code: "BLOB_PATH_INVALID" });
    });
  });
}
