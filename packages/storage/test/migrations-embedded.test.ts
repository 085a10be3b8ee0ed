import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { embeddedMigrations } from "../src/migrations.generated";

describe("embedded migrations", () => {
  it("match sql/migrations/*.sql exactly (run `pnpm generate` after editing SQL)", () => {
    const dir = new URL("../sql/migrations/", import.meta.url);
    const files = readdirSync(dir)
      .filter((name) => name.endsWith(".sql"))
      .sort()
      .map((name) => ({
        name: name.replace(/\.sql$/, ""),
        sql: readFileSync(new URL(name, dir), "utf8"),
      }));
    expect(embeddedMigrations).toEqual(files);
  });
});
