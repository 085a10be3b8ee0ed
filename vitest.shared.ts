import { defineConfig } from "vitest/config";

// Tests run on the packages' TypeScript sources through the custom export condition,
// so no build is needed before `vitest`.
export const sharedConfig = defineConfig({
  resolve: { conditions: ["@backup-portal/source"] },
  ssr: { resolve: { conditions: ["@backup-portal/source"] } },
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
