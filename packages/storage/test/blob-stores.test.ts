import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createFsBlobStore } from "../src/blob-store-fs";
import { createMemoryBlobStore } from "../src/blob-store-memory";
import { blobStoreContract } from "./contract/blob-store-contract";

const roots: string[] = [];
const freshRoot = () => {
  const root = mkdtempSync(join(tmpdir(), "bp-blobs-"));
  roots.push(root);
  return root;
};
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

blobStoreContract("memory", async () => createMemoryBlobStore());
blobStoreContract("fs", async () => createFsBlobStore({ root: freshRoot() }));

describe("fs blob store", () => {
  it("leaves no temp files behind and survives concurrent writers of one path", async () => {
    const root = freshRoot();
    const store = createFsBlobStore({ root });
    const bodies = Array.from({ length: 20 }, (_, i) =>
      JSON.stringify({ writer: i, pad: "x".repeat(50_000) }),
    );
    await Promise.all(
      bodies.map((body) =>
        store.put("c/d/schedule.json", body, { contentType: "application/json" }),
      ),
    );
    // Whole documents only: the survivor is exactly one writer's body.
    const survivor = new TextDecoder().decode(
      (await store.get("c/d/schedule.json")) ?? new Uint8Array(),
    );
    expect(bodies).toContain(survivor);
    expect(readdirSync(join(root, "c", "d"))).toEqual(["schedule.json"]);
  });

  it("refuses dot segments instead of normalizing them", async () => {
    const store = createFsBlobStore({ root: freshRoot() });
    await expect(
      store.put("a/./b.json", "x", { contentType: "application/json" }),
    ).rejects.toMatchObject({
      code: "BLOB_PATH_INVALID",
    });
  });
});
