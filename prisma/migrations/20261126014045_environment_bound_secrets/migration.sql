-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Organization" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "wrappedDataKey" BLOB,
    "defaultEnvironmentPermission" TEXT NOT NULL DEFAULT 'write',
    "environmentBoundSecrets" BOOLEAN NOT NULL DEFAULT true
);
INSERT INTO "new_Organization" ("createdAt", "defaultEnvironmentPermission", "id", "name", "wrappedDataKey") SELECT "createdAt", "defaultEnvironmentPermission", "id", "name", "wrappedDataKey" FROM "Organization";
DROP TABLE "Organization";
ALTER TABLE "new_Organization" RENAME TO "Organization";
CREATE UNIQUE INDEX "Organization_name_key" ON "Organization"("name");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
-- Organizations that already have a data key may hold legacy, organization-bound fn::secret
-- ciphertext: it keeps opening until lib/crypto/bind-legacy-secrets.ts rebinds it.
UPDATE "Organization" SET "environmentBoundSecrets" = 0 WHERE "wrappedDataKey" IS NOT NULL;
