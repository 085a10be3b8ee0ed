import { randomBytes } from "node:crypto";
import { link, mkdir, open, readdir, readFile, rename, rm, stat, unlink } from "node:fs/promises";
import { dirname, extname, join, relative, resolve, sep } from "node:path";
import { assertBlobPath, assertBlobPrefix, toBytes } from "./blob-path";
import type { BlobInfo, BlobStore } from "./blob-store";
import { StorageError } from "./storage-error";

const contentTypes: Record<string, string> = {
  ".json": "application/json",
  ".txt": "text/plain",
  ".html": "text/html",
};
const tempSuffix = ".tmp";

/**
 * Blobs as files under `root`. A write goes to a temp file that is fsynced and then renamed
 * over the target, so readers see the old blob or the new one, never half of one. The content
 * type is derived from the extension (the file system keeps no metadata).
 */
export function createFsBlobStore(options: { root: string }): BlobStore {
  const root = resolve(options.root);

  const fileOf = (path: string): string => {
    assertBlobPath(path);
    const file = resolve(root, path);
    if (!file.startsWith(root + sep)) {
      throw new StorageError("BLOB_PATH_INVALID", `Blob path ${path} escapes the store root`, {
        context: { path },
      });
    }
    return file;
  };
  const typeOf = (path: string) => contentTypes[extname(path)] ?? "application/octet-stream";

  const fsError = (error: unknown, action: string, path: string) =>
    new StorageError("BLOB_IO_FAILED", `Could not ${action} blob ${path}: ${String(error)}`, {
      cause: error,
      retryable: true,
      context: { path },
    });

  async function walk(dir: string): Promise<string[]> {
    let entries: import("node:fs").Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      if (isMissing(error)) return [];
      throw fsError(error, "list", relative(root, dir));
    }
    const nested = await Promise.all(
      entries.map(async (entry) => {
        const full = join(dir, entry.name);
        if (entry.isDirectory()) return walk(full);
        if (entry.name.startsWith(".") && entry.name.endsWith(tempSuffix)) return [];
        return [relative(root, full).split(sep).join("/")];
      }),
    );
    return nested.flat();
  }

  async function head(path: string): Promise<BlobInfo | null> {
    const file = fileOf(path);
    try {
      const info = await stat(file);
      return info.isFile() ? { path, size: info.size, contentType: typeOf(path) } : null;
    } catch (error) {
      if (isMissing(error)) return null;
      throw fsError(error, "stat", path);
    }
  }

  return {
    async put(path, body, putOptions) {
      const file = fileOf(path);
      const bytes = toBytes(body);
      const temp = join(
        dirname(file),
        `.${randomBytes(6).toString("hex")}.${Date.now()}${tempSuffix}`,
      );
      try {
        await mkdir(dirname(file), { recursive: true });
        const handle = await open(temp, "wx");
        try {
          await handle.writeFile(bytes);
          await handle.sync();
        } finally {
          await handle.close();
        }
        if (putOptions.upsert === false) {
          // link() fails with EEXIST atomically, unlike a check followed by rename().
          await link(temp, file);
          await unlink(temp);
        } else {
          await rename(temp, file);
        }
        await syncDir(dirname(file));
      } catch (error) {
        await rm(temp, { force: true });
        if (isCode(error, "EEXIST")) {
          throw new StorageError("BLOB_EXISTS", `Blob ${path} already exists`, {
            context: { path },
          });
        }
        throw fsError(error, "write", path);
      }
      return { path, size: bytes.byteLength, contentType: putOptions.contentType };
    },

    async get(path) {
      const file = fileOf(path);
      try {
        return new Uint8Array(await readFile(file));
      } catch (error) {
        if (isMissing(error)) return null;
        throw fsError(error, "read", path);
      }
    },

    head,

    async exists(path) {
      return (await head(path)) !== null;
    },

    async delete(paths) {
      const files = (typeof paths === "string" ? [paths] : paths).map(
        (path) => [path, fileOf(path)] as const,
      );
      for (const [path, file] of files) {
        try {
          await rm(file, { force: true });
        } catch (error) {
          throw fsError(error, "delete", path);
        }
      }
    },

    async list(prefix) {
      assertBlobPrefix(prefix);
      const folder = prefix.includes("/") ? prefix.slice(0, prefix.lastIndexOf("/")) : "";
      const start = folder === "" ? root : fileOf(folder);
      return (await walk(start)).filter((path) => path.startsWith(prefix)).sort();
    },
  };
}

async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function isCode(error: unknown, code: string): boolean {
  return typeof error === "object" && error !== null && "code" in error && error.code === code;
}

function isMissing(error: unknown): boolean {
  return isCode(error, "ENOENT") || isCode(error, "ENOTDIR");
}
