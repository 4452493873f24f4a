import { defineConfig } from "vitest/config";
import path from "node:path";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(__dirname) } },
  test: {
    include: ["lib/**/*.test.ts", "app/**/*.test.ts", "components/**/*.test.ts", "scripts/**/*.test.ts", "test/**/*.test.ts"],
    exclude: ["node_modules", "e2e", ".next"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    // next-auth's ESM imports `next/server` without an extension, which Node's resolver refuses;
    // letting Vite transform it resolves the import the way Next's bundler does.
    server: { deps: { inline: ["next-auth", "@auth/core"] } },
  },
});
