import type { NextConfig } from "next";
import { HSTS, securityHeaders } from "./lib/security/headers";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // `npm test` type-checks the whole tree as its own suite (tsc --noEmit); the build does not
  // repeat it, so a type error in one test file does not stop the server every suite needs.
  typescript: { ignoreBuildErrors: true },
  experimental: {
    // The editor sends definitions of up to 1 MiB (the service's limit) to its server actions;
    // the actions answer anything larger with a clear message, so Next must let it through.
    serverActions: { bodySizeLimit: "3mb" },
  },
  // Native modules and the Prisma adapters stay outside the server bundle: they load their
  // own .node/.wasm files at run time.
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "@prisma/adapter-pg", "pg", "@prisma/schema-engine-wasm"],
  async headers() {
    return [
      {
        source: "/:path*",
        headers: securityHeaders(),
      },
      { source: "/:path*", has: [{ type: "header", key: "x-forwarded-proto", value: "https" }], headers: [HSTS] },
    ];
  },
};

export default nextConfig;
