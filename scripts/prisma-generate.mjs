#!/usr/bin/env node
// `postinstall`: writes the PostgreSQL schema twin and generates both Prisma clients into
// lib/db/generated/{sqlite,postgres} (gitignored), so a fresh clone works after `npm ci`.
import { execFileSync } from "node:child_process";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const prisma = path.join(root, "node_modules", "prisma", "build", "index.js");
const run = (args) => execFileSync(process.execPath, args, { cwd: root, stdio: "inherit" });

run([path.join(root, "scripts", "prisma-schemas.mjs")]);
run([prisma, "generate", "--schema", "prisma/schema.prisma"]);
run([prisma, "generate", "--schema", "prisma/postgres/schema.prisma"]);
