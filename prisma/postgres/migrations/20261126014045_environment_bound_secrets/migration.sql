-- AlterTable
ALTER TABLE "Organization" ADD COLUMN     "environmentBoundSecrets" BOOLEAN NOT NULL DEFAULT true;

-- Organizations that already have a data key may hold legacy, organization-bound fn::secret
-- ciphertext: it keeps opening until lib/crypto/bind-legacy-secrets.ts rebinds it.
UPDATE "Organization" SET "environmentBoundSecrets" = false WHERE "wrappedDataKey" IS NOT NULL;
