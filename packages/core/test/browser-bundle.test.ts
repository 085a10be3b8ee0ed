import { builtinModules } from "node:module";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

const NODE_BUILTINS = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);

describe("core bundle", () => {
  it("bundles for a neutral platform (browser, Deno) without Node built-ins", async () => {
    const result = await build({
      entryPoints: [fileURLToPath(new URL("../src/index.ts", import.meta.url))],
      bundle: true,
      write: false,
      format: "esm",
      // Neutral resolves nothing Node-specific: a built-in import would fail the build.
      platform: "neutral",
      mainFields: ["browser", "module", "main"],
      metafile: true,
      logLevel: "silent",
    });
    expect(result.errors).toEqual([]);
    const imports = Object.values(result.metafile.inputs).flatMap((input) => input.imports);
    expect(imports.filter((entry) => entry.external)).toEqual([]);
    expect(imports.filter((entry) => NODE_BUILTINS.has(entry.path))).toEqual([]);
    const code = result.outputFiles[0]?.text ?? "";
    expect(code).not.toMatch(/\brequire\(["']/);
    expect(code).not.toMatch(/\bprocess\.env\b/);
  });
});
