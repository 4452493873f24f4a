// The editor-draft key: only for callers who may read the environment, different per user and
// per environment, stable across calls (so a draft written before a reload can be read after).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/db/testing";
import { createEnvironment } from "./create-environment";
import { editorDraftKey, DRAFT_KEY_BYTES } from "./draft-key";
import { NotFoundError } from "./errors";
import { userWithOrg, useTestMasterKey } from "./test-fixtures";

useTestMasterKey();

describe("editorDraftKey", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase("sqlite");
  });
  afterAll(() => t?.drop());

  it("is stable per user and environment, differs across environments and users, refuses outsiders", async () => {
    const a = await userWithOrg(t.db);
    const outsider = await userWithOrg(t.db);
    await createEnvironment(a.actor, a.org, "p", "one", "values: {}\n", t.db);
    await createEnvironment(a.actor, a.org, "p", "two", "values: {}\n", t.db);

    const k1 = await editorDraftKey(a.actor, a.org, "p", "one", t.db);
    expect(k1).toHaveLength(DRAFT_KEY_BYTES);
    expect(await editorDraftKey(a.actor, a.org, "p", "one", t.db)).toEqual(k1);
    expect(await editorDraftKey(a.actor, a.org, "p", "two", t.db)).not.toEqual(k1);

    await expect(editorDraftKey(outsider.actor, a.org, "p", "one", t.db)).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(editorDraftKey(a.actor, a.org, "p", "missing", t.db)).rejects.toBeInstanceOf(NotFoundError);
  });
});
