import { assertBlobPath, assertBlobPrefix, toBytes } from "./blob-path";
import type { BlobStore } from "./blob-store";
import { StorageError } from "./storage-error";

/** In-process blobs for tests and simulations; copies on the way in and out. */
export function createMemoryBlobStore(): BlobStore {
  const blobs = new Map<string, { body: Uint8Array; contentType: string }>();
  return {
    async put(path, body, options) {
      assertBlobPath(path);
      if (options.upsert === false && blobs.has(path)) {
        throw new StorageError("BLOB_EXISTS", `Blob ${path} already exists`, { context: { path } });
      }
      const bytes = toBytes(body).slice();
      blobs.set(path, { body: bytes, contentType: options.contentType });
      return { path, size: bytes.byteLength, contentType: options.contentType };
    },
    async get(path) {
      assertBlobPath(path);
      return blobs.get(path)?.body.slice() ?? null;
    },
    async head(path) {
      assertBlobPath(path);
      const blob = blobs.get(path);
      return blob === undefined
        ? null
        : { path, size: blob.body.byteLength, contentType: blob.contentType };
    },
    async exists(path) {
      assertBlobPath(path);
      return blobs.has(path);
    },
    async delete(paths) {
      const list = typeof paths === "string" ? [paths] : paths;
      for (const path of list) assertBlobPath(path);
      for (const path of list) blobs.delete(path);
    },
    async list(prefix) {
      assertBlobPrefix(prefix);
      return [...blobs.keys()].filter((path) => path.startsWith(prefix)).sort();
    },
  };
}
