export interface BlobPutOptions {
  contentType: string;
  /** Replace an existing blob (default true); false fails with code BLOB_EXISTS. */
  upsert?: boolean;
}

export interface BlobInfo {
  path: string;
  size: number;
  contentType: string;
}

/**
 * Blob storage for schedule documents. Paths are relative, "/"-separated
 * (`{company uuid}/{YYYY-MM-DD}/schedule.json`); no "..", no leading "/", no empty segments.
 */
export interface BlobStore {
  put(path: string, body: Uint8Array | string, options: BlobPutOptions): Promise<BlobInfo>;
  /** null when there is no such blob. */
  get(path: string): Promise<Uint8Array | null>;
  /** null when there is no such blob. */
  head(path: string): Promise<BlobInfo | null>;
  exists(path: string): Promise<boolean>;
  /** Deleting a missing blob is not an error. */
  delete(paths: string | string[]): Promise<void>;
  /** Every blob path under `prefix` (all depths), sorted. */
  list(prefix: string): Promise<string[]>;
}
