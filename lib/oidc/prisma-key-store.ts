// SigningKeyStore on the database (the SigningKey model). The kid is the primary key, which is
// what makes concurrent first-key creation and rotation safe across instances.
import type { Db } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/errors";
import type { SigningKeyStore, StoredSigningKey } from "./key-store";

export class PrismaSigningKeyStore implements SigningKeyStore {
  constructor(private readonly db: Db) {}

  async list(): Promise<StoredSigningKey[]> {
    const rows = await this.db.signingKey.findMany();
    return rows.map((row) => ({
      kid: row.kid,
      algorithm: "RS256",
      publicJwk: row.publicJwk,
      privateKey: new Uint8Array(row.privateKey),
      createdAt: row.createdAt,
      retiredAt: row.retiredAt,
    }));
  }

  async insert(key: StoredSigningKey): Promise<boolean> {
    try {
      await this.db.signingKey.create({
        data: {
          kid: key.kid,
          algorithm: key.algorithm,
          publicJwk: key.publicJwk,
          privateKey: new Uint8Array(key.privateKey),
          createdAt: key.createdAt,
          retiredAt: key.retiredAt,
        },
      });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  async retireOthers(kid: string, at: Date): Promise<void> {
    await this.db.signingKey.updateMany({
      where: { kid: { not: kid }, retiredAt: null },
      data: { retiredAt: at },
    });
  }

  async deleteRetiredBefore(cutoff: Date): Promise<number> {
    return (await this.db.signingKey.deleteMany({ where: { retiredAt: { lt: cutoff } } })).count;
  }
}
