import { createClient } from "@supabase/supabase-js";
import WebSocket from "ws";
import { assertBlobPath, assertBlobPrefix, toBytes } from "./blob-path";
import type { BlobInfo, BlobStore } from "./blob-store";
import { StorageError } from "./storage-error";

export interface SupabaseBlobStoreOptions {
  url: string;
  serviceRoleKey: string;
  bucket: string;
  /** Injectable so tests (msw) and instrumentation see every request. */
  fetch?: typeof fetch;
}

const pageSize = 1000;

/**
 * Supabase Storage through supabase-js. supabase-js rather than storage-js alone: it is the
 * dependency the apps already carry (Auth admin), and Node 20 needs `ws` only as the realtime
 * transport it never opens here.
 */
export function createSupabaseBlobStore(options: SupabaseBlobStoreOptions): BlobStore {
  const client = createClient(options.url, options.serviceRoleKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    realtime: { transport: WebSocket as never },
    ...(options.fetch === undefined ? {} : { global: { fetch: options.fetch } }),
  });
  const bucket = () => client.storage.from(options.bucket);

  const fail = (error: unknown, action: string, path: string): StorageError => {
    const { status } = describe(error);
    return new StorageError(
      "BLOB_IO_FAILED",
      `Supabase Storage could not ${action} ${options.bucket}/${path}: ${messageOf(error)}`,
      {
        cause: error,
        retryable: status === undefined || status === 429 || status >= 500,
        context: { bucket: options.bucket, path, status },
      },
    );
  };

  async function head(path: string): Promise<BlobInfo | null> {
    assertBlobPath(path);
    const { data, error } = await bucket().info(path);
    if (error !== null) {
      if (isNotFound(error)) return null;
      throw fail(error, "read info of", path);
    }
    const info = data as unknown as Record<string, unknown>;
    const metadata = (info.metadata ?? {}) as Record<string, unknown>;
    return {
      path,
      size: Number(info.size ?? metadata.size ?? 0),
      contentType: String(info.contentType ?? metadata.mimetype ?? "application/octet-stream"),
    };
  }

  async function listFolder(folder: string): Promise<string[]> {
    const found: string[] = [];
    for (let offset = 0; ; offset += pageSize) {
      const { data, error } = await bucket().list(folder, {
        limit: pageSize,
        offset,
        sortBy: { column: "name", order: "asc" },
      });
      if (error !== null) throw fail(error, "list", folder);
      for (const item of data) {
        const full = folder === "" ? item.name : `${folder}/${item.name}`;
        // Storage lists one level; entries without an id are folders.
        if (item.id === null) found.push(...(await listFolder(full)));
        else found.push(full);
      }
      if (data.length < pageSize) return found;
    }
  }

  return {
    async put(path, body, putOptions) {
      assertBlobPath(path);
      const bytes = toBytes(body);
      const { error } = await bucket().upload(path, bytes, {
        contentType: putOptions.contentType,
        upsert: putOptions.upsert ?? true,
      });
      if (error !== null) {
        if (isDuplicate(error)) {
          throw new StorageError("BLOB_EXISTS", `Blob ${path} already exists`, {
            cause: error,
            context: { bucket: options.bucket, path },
          });
        }
        throw fail(error, "upload", path);
      }
      return { path, size: bytes.byteLength, contentType: putOptions.contentType };
    },

    async get(path) {
      assertBlobPath(path);
      const { data, error } = await bucket().download(path);
      if (error !== null) {
        if (isNotFound(error)) return null;
        throw fail(error, "download", path);
      }
      return new Uint8Array(await data.arrayBuffer());
    },

    head,

    async exists(path) {
      return (await head(path)) !== null;
    },

    async delete(paths) {
      const list = typeof paths === "string" ? [paths] : paths;
      for (const path of list) assertBlobPath(path);
      for (let i = 0; i < list.length; i += pageSize) {
        const chunk = list.slice(i, i + pageSize);
        const { error } = await bucket().remove(chunk);
        if (error !== null) throw fail(error, "delete", chunk.join(", "));
      }
    },

    async list(prefix) {
      assertBlobPrefix(prefix);
      const folder = prefix.includes("/") ? prefix.slice(0, prefix.lastIndexOf("/")) : "";
      return (await listFolder(folder)).filter((path) => path.startsWith(prefix)).sort();
    },
  };
}

function describe(error: unknown): {
  status: number | undefined;
  statusCode: string;
  text: string;
} {
  if (typeof error !== "object" || error === null) {
    return { status: undefined, statusCode: "", text: String(error) };
  }
  const record = error as Record<string, unknown>;
  const status = typeof record.status === "number" ? record.status : undefined;
  const statusCode = typeof record.statusCode === "string" ? record.statusCode : "";
  const text = [record.code, record.error, record.message]
    .filter((part) => typeof part === "string")
    .join(" ");
  return { status, statusCode, text };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : describe(error).text;
}

// Storage answers a missing object with 404, or (older servers) 400 + statusCode "404";
// a missing bucket also says 404 but is a configuration error, not an absent blob.
function isNotFound(error: unknown): boolean {
  const { status, statusCode, text } = describe(error);
  const notFound = status === 404 || statusCode === "404" || /NoSuchKey|not_found/i.test(text);
  return notFound && !/bucket/i.test(text);
}

function isDuplicate(error: unknown): boolean {
  const { status, statusCode, text } = describe(error);
  return status === 409 || statusCode === "409" || /Duplicate|already exists/i.test(text);
}
