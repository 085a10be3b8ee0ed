import { setupServer } from "msw/node";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createSupabaseBlobStore } from "../src/blob-store-supabase";
import { blobStoreContract } from "./contract/blob-store-contract";
import { createStorageApiMimic, supabaseUrl } from "./support/storage-api-mimic";

const mimic = createStorageApiMimic("schedule-data");
const server = setupServer(...mimic.handlers);
let fetchCalls = 0;
const open = (overrides: { serviceRoleKey?: string; bucket?: string } = {}) =>
  createSupabaseBlobStore({
    url: supabaseUrl,
    serviceRoleKey: "service-role-key",
    bucket: "schedule-data",
    fetch: (input, init) => {
      fetchCalls++;
      return fetch(input, init);
    },
    ...overrides,
  });

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());
beforeEach(() => {
  mimic.reset();
  fetchCalls = 0;
});

blobStoreContract("supabase", async () => {
  mimic.reset();
  return open();
});

describe("supabase blob store", () => {
  const path = "c1/2026-03-08/schedule.json";

  it("uploads through the injected fetch with x-upsert and the content type", async () => {
    const store = open();
    await store.put(path, "{}", { contentType: "application/json" });
    await expect(
      store.put(path, "{}", { contentType: "application/json", upsert: false }),
    ).rejects.toMatchObject({
      code: "BLOB_EXISTS",
    });
    const uploads = mimic.requests.filter((r) => r.method === "POST");
    expect(uploads.map((r) => r.headers.get("x-upsert"))).toEqual(["true", "false"]);
    expect(uploads[0]?.path).toBe(`/storage/v1/object/schedule-data/${path}`);
    expect(mimic.objects.get(path)?.contentType).toBe("application/json");
    expect(fetchCalls).toBe(2);
  });

  it("maps server errors to retryable StorageErrors and client errors to permanent ones", async () => {
    const store = open();
    mimic.failNext(503, { statusCode: "503", error: "Service Unavailable", message: "try later" });
    await expect(store.put(path, "{}", { contentType: "application/json" })).rejects.toMatchObject({
      name: "StorageError",
      code: "BLOB_IO_FAILED",
      retryable: true,
      context: { status: 503 },
    });
    mimic.failNext(400, {
      statusCode: "413",
      error: "Payload too large",
      message: "The object exceeded the maximum allowed size",
    });
    await expect(store.put(path, "{}", { contentType: "application/json" })).rejects.toMatchObject({
      retryable: false,
      message: expect.stringContaining("maximum allowed size"),
    });
    mimic.failNext(500, { statusCode: "500", error: "Internal", message: "boom" });
    await expect(store.get(path)).rejects.toMatchObject({ retryable: true });
  });

  it("treats the older 400 + statusCode 404 answer as a missing blob", async () => {
    const store = open();
    mimic.failNext(400, { statusCode: "404", error: "not_found", message: "Object not found" });
    expect(await store.get(path)).toBeNull();
  });

  it("reports a wrong key and a missing bucket as errors, not as missing blobs", async () => {
    await expect(open({ serviceRoleKey: "wrong" }).get(path)).rejects.toMatchObject({
      code: "BLOB_IO_FAILED",
      retryable: false,
    });
    await expect(open({ bucket: "no-such-bucket" }).get(path)).rejects.toMatchObject({
      code: "BLOB_IO_FAILED",
      message: expect.stringContaining("Bucket not found"),
    });
  });
});
