import { HttpResponse, http } from "msw";

export const supabaseUrl = "https://project-ref.supabase.co";
const base = `${supabaseUrl}/storage/v1`;

interface StoredObject {
  body: Uint8Array;
  contentType: string;
}

const json = (body: unknown, status = 200) => HttpResponse.json(body as never, { status });
// Storage's error bodies: {statusCode (string), error, message}.
const notFound = () =>
  json({ statusCode: "404", error: "not_found", message: "Object not found" }, 404);

/**
 * msw handlers that answer like Supabase Storage's REST API for one bucket: upload (x-upsert),
 * download, info, one-level list with folders, remove. `failNext` queues error answers.
 */
export function createStorageApiMimic(bucket: string) {
  const objects = new Map<string, StoredObject>();
  const requests: Array<{ method: string; path: string; headers: Headers }> = [];
  const failures: Array<{ status: number; body: unknown }> = [];

  const objectPath = (pathname: string, prefix: string): string | null => {
    const start = `/storage/v1/${prefix}${bucket}/`;
    return pathname.startsWith(start) ? decodeURIComponent(pathname.slice(start.length)) : null;
  };

  const handlers = [
    http.all(`${base}/*`, async ({ request }) => {
      const url = new URL(request.url);
      requests.push({ method: request.method, path: url.pathname, headers: request.headers });
      if (request.headers.get("authorization") !== "Bearer service-role-key") {
        return json(
          { statusCode: "403", error: "Unauthorized", message: "invalid signature" },
          403,
        );
      }
      const failure = failures.shift();
      if (failure !== undefined) return json(failure.body, failure.status);
      if (!url.pathname.includes(`/${bucket}`)) {
        return json(
          { statusCode: "404", error: "Bucket not found", message: "Bucket not found" },
          400,
        );
      }

      const infoPath = objectPath(url.pathname, "object/info/");
      if (request.method === "GET" && infoPath !== null) {
        const found = objects.get(infoPath);
        if (found === undefined) return notFound();
        return json({
          id: "00000000-0000-4000-8000-000000000001",
          name: infoPath,
          bucket_id: bucket,
          size: found.body.byteLength,
          content_type: found.contentType,
          metadata: { size: found.body.byteLength, mimetype: found.contentType },
        });
      }
      if (request.method === "POST" && url.pathname === `/storage/v1/object/list/${bucket}`) {
        const { prefix, limit, offset } = (await request.json()) as {
          prefix: string;
          limit: number;
          offset: number;
        };
        const folder = prefix === "" ? "" : `${prefix}/`;
        const level = new Map<string, { name: string; id: string | null }>();
        for (const key of [...objects.keys()].sort()) {
          if (!key.startsWith(folder)) continue;
          const rest = key.slice(folder.length);
          const [first, ...more] = rest.split("/");
          if (first === undefined) continue;
          level.set(first, { name: first, id: more.length > 0 ? null : `id-${key}` });
        }
        return json([...level.values()].slice(offset, offset + limit));
      }
      if (request.method === "DELETE" && url.pathname === `/storage/v1/object/${bucket}`) {
        const { prefixes } = (await request.json()) as { prefixes: string[] };
        const removed = prefixes
          .filter((p) => objects.delete(p))
          .map((name) => ({ name, bucket_id: bucket }));
        return json(removed);
      }
      const path = objectPath(url.pathname, "object/");
      if (path === null)
        return json({ statusCode: "400", error: "Bad Request", message: "bad route" }, 400);
      if (request.method === "POST" || request.method === "PUT") {
        const upsert = request.headers.get("x-upsert") === "true";
        if (objects.has(path) && !upsert) {
          return json(
            { statusCode: "409", error: "Duplicate", message: "The resource already exists" },
            400,
          );
        }
        objects.set(path, {
          body: new Uint8Array(await request.arrayBuffer()),
          contentType: request.headers.get("content-type") ?? "application/octet-stream",
        });
        return json({ Key: `${bucket}/${path}`, Id: "00000000-0000-4000-8000-000000000002" });
      }
      if (request.method === "GET") {
        const found = objects.get(path);
        if (found === undefined) return notFound();
        return new HttpResponse(found.body, { headers: { "content-type": found.contentType } });
      }
      return json({ statusCode: "405", error: "Method Not Allowed", message: request.method }, 405);
    }),
  ];

  return {
    handlers,
    objects,
    requests,
    failNext(status: number, body: unknown) {
      failures.push({ status, body });
    },
    reset() {
      objects.clear();
      requests.length = 0;
      failures.length = 0;
    },
  };
}
