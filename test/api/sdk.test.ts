// The official @pulumi/esc-sdk against a real server (scripts/serve.mjs): the compatibility promise, tested
// the way a customer would use it. Also raw HTTP checks the SDK cannot express (401, cross-org
// 404, stale ETag 409, 413, the SDK's literal `open//{id}` path).
import * as esc from "@pulumi/esc-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedUserWithOrg } from "../support/admin";
import { startServer, type TestServer } from "../support/server";

const ORG = "acme";
const PROJECT = "app";

let server: TestServer;
let token: string;
let otherToken: string;
let client: esc.EscApi;

/** The SDK's constructor drops the port from basePath (API.md §3); set it again afterwards. */
function sdkClient(url: string, accessToken: string): esc.EscApi {
  const c = new esc.EscApi(new esc.Configuration({ accessToken, basePath: url }));
  c.config.basePath = `${url}/api/esc`;
  return c;
}

function api(path: string, init: RequestInit & { token?: string | null } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  const t = init.token === undefined ? token : init.token;
  if (t) headers.set("Authorization", `token ${t}`);
  return fetch(`${server.url}${path}`, { ...init, headers });
}

beforeAll(async () => {
  server = await startServer();
  token = await seedUserWithOrg(server, "alice", ORG);
  otherToken = await seedUserWithOrg(server, "mallory", "evilcorp");
  client = sdkClient(server.url, token);
}, 600_000);

afterAll(async () => {
  await server?.stop();
});

describe("the official SDK", () => {
  const name = "dev";
  const definition = {
    imports: [`${PROJECT}/base`],
    values: {
      foo: "bar",
      my_secret: { "fn::secret": "shh! don't tell anyone" },
      my_array: [1, 2, 3],
      pulumiConfig: { foo: "${foo}" },
      environmentVariables: { FOO: "${foo}" },
    },
  };

  it("creates and lists environments; a new environment opens to {}", async () => {
    expect((await client.listEnvironments(ORG))?.environments ?? []).toEqual([]);
    await client.createEnvironment(ORG, PROJECT, "base");
    await client.updateEnvironment(ORG, PROJECT, "base", { values: { base: "from-base" } });
    await client.createEnvironment(ORG, PROJECT, name);
    const list = await client.listEnvironments(ORG);
    expect(list!.environments!.map((e) => `${e.project}/${e.name}`).sort()).toEqual([
      `${PROJECT}/base`,
      `${PROJECT}/${name}`,
    ]);
    const empty = await client.openAndReadEnvironment(ORG, PROJECT, name);
    expect(empty?.environment).toEqual({});
    expect(empty?.values).toEqual({});
    await expect(client.createEnvironment(ORG, PROJECT, name)).rejects.toThrow(/409/);
  });

  it("updates the YAML without diagnostics; read keeps ciphertext, decrypt shows plaintext", async () => {
    const diags = await client.updateEnvironment(ORG, PROJECT, name, definition);
    expect(diags).toBeDefined();
    expect(diags?.diagnostics).toBeUndefined();

    const read = await client.getEnvironment(ORG, PROJECT, name);
    expect(read?.yaml).not.toContain("don't tell");
    const secret = (read?.definition.values as Record<string, { "fn::secret": { ciphertext: string } }>)
      .my_secret["fn::secret"];
    expect(typeof secret.ciphertext).toBe("string");
    expect(read?.definition.imports).toEqual([`${PROJECT}/base`]);
    expect((read?.definition.values as Record<string, unknown>).pulumiConfig).toEqual({ foo: "${foo}" });

    const decrypted = await client.decryptEnvironment(ORG, PROJECT, name);
    expect(
      (decrypted?.definition.values as Record<string, { "fn::secret": string }>).my_secret["fn::secret"],
    ).toBe("shh! don't tell anyone");
  });

  it("checks YAML: a bad reference gives exactly one diagnostic, a valid one none", async () => {
    const bad = await client.checkEnvironment(ORG, {
      values: { foo: "bar", pulumiConfig: { foo: "${bad_ref}" } },
    });
    expect(bad?.diagnostics?.length).toBe(1);
    expect(bad?.diagnostics?.[0].summary).toBe('unknown property "bad_ref"');
    const good = await client.checkEnvironment(ORG, { values: { foo: "bar" } });
    expect(good?.diagnostics).toBeUndefined();
  });

  it("opens and reads values (imports, interpolation, secrets revealed and flagged)", async () => {
    const opened = await client.openAndReadEnvironment(ORG, PROJECT, name);
    expect(opened?.values).toMatchObject({
      base: "from-base",
      foo: "bar",
      my_array: [1, 2, 3],
      my_secret: "shh! don't tell anyone",
      pulumiConfig: { foo: "bar" },
      environmentVariables: { FOO: "bar" },
    });
    expect(opened?.environment?.properties?.my_secret.secret).toBe(true);
  });

  it("reads one property of an open session (the SDK's open//{id} path)", async () => {
    const session = await client.openEnvironment(ORG, PROJECT, name);
    expect(session?.id).toBeTruthy();
    expect(
      (await client.readOpenEnvironmentProperty(ORG, PROJECT, name, session!.id, "pulumiConfig.foo"))?.value,
    ).toBe("bar");
    expect(
      (await client.readOpenEnvironmentProperty(ORG, PROJECT, name, session!.id, "my_array[1]"))?.value,
    ).toBe(2);
    await expect(client.readOpenEnvironmentProperty(ORG, PROJECT, name, session!.id, "nope")).rejects.toThrow(
      /404/,
    );
  });

  it("numbers revisions, honours before/count, and tags revisions (latest follows)", async () => {
    const v2 = await client.getEnvironmentAtVersion(ORG, PROJECT, name, "2");
    const values = v2!.definition.values as Record<string, unknown>;
    values.versioned = "true";
    await client.updateEnvironment(ORG, PROJECT, name, v2!.definition);

    const revisions = await client.listEnvironmentRevisions(ORG, PROJECT, name);
    expect(revisions?.map((r) => r.number)).toEqual([3, 2, 1]);
    expect((await client.listEnvironmentRevisions(ORG, PROJECT, name, 3))?.map((r) => r.number)).toEqual([
      2, 1,
    ]);
    expect((await client.listEnvironmentRevisions(ORG, PROJECT, name, 3, 1))?.map((r) => r.number)).toEqual([
      2,
    ]);
    expect(await client.listEnvironmentRevisions(ORG, PROJECT, name, 1)).toEqual([]);

    expect((await client.getEnvironmentRevisionTag(ORG, PROJECT, name, "latest"))?.revision).toBe(3);
    await client.createEnvironmentRevisionTag(ORG, PROJECT, name, "testTag", 2);
    let opened = await client.openAndReadEnvironmentAtVersion(ORG, PROJECT, name, "testTag");
    expect("versioned" in (opened?.values ?? {})).toBe(false);
    const tags = await client.listEnvironmentRevisionTags(ORG, PROJECT, name);
    expect(tags!.tags!.map((t) => t.name)).toEqual(["latest", "testTag"]);
    expect(
      (await client.listEnvironmentRevisionTags(ORG, PROJECT, name, "latest"))!.tags!.map((t) => t.name),
    ).toEqual(["testTag"]);

    await client.updateEnvironmentRevisionTag(ORG, PROJECT, name, "testTag", 3);
    opened = await client.openAndReadEnvironmentAtVersion(ORG, PROJECT, name, "testTag");
    expect(opened?.values?.versioned).toBe("true");
    expect((await client.getEnvironmentRevisionTag(ORG, PROJECT, name, "testTag"))?.revision).toBe(3);
    await client.deleteEnvironmentRevisionTag(ORG, PROJECT, name, "testTag");
    expect((await client.listEnvironmentRevisionTags(ORG, PROJECT, name))!.tags!.map((t) => t.name)).toEqual([
      "latest",
    ]);
    await expect(client.getEnvironmentRevisionTag(ORG, PROJECT, name, "testTag")).rejects.toThrow(/404/);
  });

  it("manages environment tags", async () => {
    await client.createEnvironmentTag(ORG, PROJECT, name, "owner", "esc-sdk-test");
    let envTags = await client.listEnvironmentTags(ORG, PROJECT, name);
    expect(envTags?.tags.owner).toMatchObject({ name: "owner", value: "esc-sdk-test" });
    expect(envTags?.nextToken).toBe("0");
    await client.updateEnvironmentTag(ORG, PROJECT, name, "owner", "esc-sdk-test", "new-owner", "updated");
    expect(await client.getEnvironmentTag(ORG, PROJECT, name, "new-owner")).toMatchObject({
      name: "new-owner",
      value: "updated",
    });
    await expect(client.getEnvironmentTag(ORG, PROJECT, name, "owner")).rejects.toThrow(/404/);
    await client.deleteEnvironmentTag(ORG, PROJECT, name, "new-owner");
    envTags = await client.listEnvironmentTags(ORG, PROJECT, name);
    expect(Object.keys(envTags?.tags ?? {})).toEqual([]);
  });

  it("clones, then deletes with a 404 afterwards", async () => {
    await client.cloneEnvironment(ORG, PROJECT, name, `${PROJECT}-clone`, "copy", { preserveHistory: false });
    const copy = await client.getEnvironment(ORG, `${PROJECT}-clone`, "copy");
    expect((copy?.definition.values as Record<string, unknown>).foo).toBe("bar");
    const opened = await client.openAndReadEnvironment(ORG, `${PROJECT}-clone`, "copy");
    expect(opened?.values?.my_secret).toBe("shh! don't tell anyone");

    await client.deleteEnvironment(ORG, `${PROJECT}-clone`, "copy");
    await expect(client.getEnvironment(ORG, `${PROJECT}-clone`, "copy")).rejects.toThrow(/404/);
    const list = await client.listEnvironments(ORG);
    expect(list!.environments!.some((e) => e.name === "copy")).toBe(false);
  });
});

describe("raw HTTP", () => {
  const envPath = `/api/esc/environments/${ORG}/${PROJECT}/dev`;

  it("answers 401 with {code, message} without a valid token", async () => {
    for (const t of [null, "esc_" + "x".repeat(43), "garbage"]) {
      const res = await api(envPath, { token: t });
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ code: 401, message: expect.any(String) });
    }
    expect((await api("/api/user", { token: null })).status).toBe(401);
  });

  it("describes the user for the Go CLI", async () => {
    const user = await (await api("/api/user")).json();
    expect(user).toMatchObject({ githubLogin: expect.any(String), organizations: [{ githubLogin: ORG }] });
    expect(await (await api("/api/user/organizations/default")).json()).toEqual({ gitHubLogin: ORG });
  });

  it("hides other organizations' environments behind a 404", async () => {
    const res = await api(envPath, { token: otherToken });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: 404 });
    expect((await api(`/api/esc/environments/${ORG}`, { token: otherToken })).status).toBe(404);
    const patch = await api(envPath, { method: "PATCH", token: otherToken, body: "values: {pwned: true}\n" });
    expect(patch.status).toBe(404);
  });

  it("returns ETag and revision headers, and refuses a stale ETag with 409", async () => {
    const get = await api(envPath);
    expect(get.status).toBe(200);
    const etag = get.headers.get("etag");
    const revision = Number(get.headers.get("pulumi-esc-revision"));
    expect(etag).toBeTruthy();
    expect(revision).toBeGreaterThan(0);
    const yaml = await get.text();

    // The Go CLI sends YAML as application/json and the ETag back in a header named ETag.
    const first = await api(envPath, {
      method: "PATCH",
      body: yaml,
      headers: { "Content-Type": "application/json", ETag: etag! },
    });
    expect(first.status).toBe(200);
    expect(Number(first.headers.get("pulumi-esc-revision"))).toBe(revision + 1);
    const stale = await api(envPath, { method: "PATCH", body: yaml, headers: { ETag: etag! } });
    expect(stale.status).toBe(409);
    expect(await stale.json()).toMatchObject({ code: 409 });
  });

  it("answers 400 with diagnostics for an invalid definition, and 413 for a huge body", async () => {
    const bad = await api(envPath, { method: "PATCH", body: "values:\n  a: ${nope}\n" });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({
      code: 400,
      diagnostics: [{ summary: 'unknown property "nope"' }],
    });

    const huge = await api(envPath, {
      method: "PATCH",
      body: "values:\n  a: " + "x".repeat(1024 * 1024) + "\n",
    });
    expect(huge.status).toBe(413);
    expect(await huge.json()).toMatchObject({ code: 413, message: expect.stringMatching(/larger than/) });
  });

  it("serves open//{id}?property= (redirected to open/{id}) and open/{id}", async () => {
    const open = await api(`${envPath}/open?duration=2h0m0s`, { method: "POST" });
    expect(open.status).toBe(200);
    const { id } = await open.json();
    const manual = await api(`${envPath}/open//${id}?property=foo`, { redirect: "manual" });
    expect([200, 308]).toContain(manual.status);
    const followed = await api(`${envPath}/open//${id}?property=foo`);
    expect(followed.status).toBe(200);
    expect(await followed.json()).toMatchObject({ value: "bar" });
    const whole = await (await api(`${envPath}/open/${id}`)).json();
    expect(whole.properties.foo.value).toBe("bar");
    expect((await api(`${envPath}/open/${id}`, { token: otherToken })).status).toBe(404);
    expect((await api(`${envPath}/open/nonexistent`)).status).toBe(404);
    expect((await api(`${envPath}/open?duration=forever`, { method: "POST" })).status).toBe(400);
  });

  it("reads an open session only through its own environment, and answers {} for an empty one", async () => {
    const emptyPath = `/api/esc/environments/${ORG}/${PROJECT}/session-empty`;
    const created = await api(`/api/esc/environments/${ORG}`, {
      method: "POST",
      body: JSON.stringify({ project: PROJECT, name: "session-empty" }),
      headers: { "Content-Type": "application/json" },
    });
    expect(created.status).toBe(200);
    const { id: emptyId } = await (await api(`${emptyPath}/open`, { method: "POST" })).json();
    const empty = await api(`${emptyPath}/open/${emptyId}`);
    expect(empty.status).toBe(200);
    expect(await empty.text()).toBe("{}");
    expect(empty.headers.get("content-type")).toMatch(/^application\/json/);

    const { id } = await (await api(`${envPath}/open`, { method: "POST" })).json();
    // Another environment of the same organization, which the caller may open: not there.
    expect((await api(`${emptyPath}/open/${id}`)).status).toBe(404);
    expect((await api(`${envPath}/open/${emptyId}`)).status).toBe(404);
    expect((await api(`${envPath}/open/${"x".repeat(101)}`)).status).toBe(404);
    const whole = await api(`${envPath}/open/${id}`);
    expect(whole.status).toBe(200);
    expect((await whole.json()).properties.foo.value).toBe("bar");
  });

  it("checks stored YAML anonymously, decrypting this org's ciphertext only with showSecrets", async () => {
    const stored = await (await api(envPath)).text();
    expect(stored).toContain("ciphertext");
    const hidden = await api(`/api/esc/environments/${ORG}/yaml/check`, {
      method: "POST",
      body: stored,
      headers: { "Content-Type": "application/json" },
    });
    expect(hidden.status).toBe(200);
    const hiddenBody = await hidden.json();
    expect(JSON.stringify(hiddenBody)).not.toContain("don't tell");
    expect(hiddenBody.properties.my_secret.secret).toBe(true);
    const shown = await (
      await api(`/api/esc/environments/${ORG}/yaml/check?showSecrets=true`, { method: "POST", body: stored })
    ).json();
    expect(shown.properties.my_secret).toMatchObject({ value: "shh! don't tell anyone", secret: true });
    // Another organization's member cannot use this org's check endpoint at all.
    expect(
      (
        await api(`/api/esc/environments/${ORG}/yaml/check?showSecrets=true`, {
          method: "POST",
          body: stored,
          token: otherToken,
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await api(`/api/esc/environments/${ORG}/yaml/check?showSecrets=maybe`, {
          method: "POST",
          body: stored,
        })
      ).status,
    ).toBe(400);
  });

  it("lists only the caller's organizations' environments across orgs", async () => {
    const mine = await (await api("/api/esc/environments")).json();
    expect(mine.environments.every((e: { organization: string }) => e.organization === ORG)).toBe(true);
    expect(mine.environments.length).toBeGreaterThan(0);
    expect(await (await api("/api/esc/environments", { token: otherToken })).json()).toEqual({
      environments: [],
    });
  });

  it("serves HEAD and versions/latest with the same revision headers", async () => {
    const head = await api(envPath, { method: "HEAD" });
    expect(head.status).toBe(200);
    const latest = await api(`${envPath}/versions/latest`);
    expect(latest.status).toBe(200);
    expect(latest.headers.get("pulumi-esc-revision")).toBe(head.headers.get("pulumi-esc-revision"));
    expect(latest.headers.get("etag")).toBe(head.headers.get("etag"));
    expect((await api(`${envPath}/versions/999`)).status).toBe(404);
    expect((await api(`${envPath}/versions/0`)).status).toBe(400);
  });

  it("rejects malformed bodies and names with 400", async () => {
    const post = (body: string) =>
      api(`/api/esc/environments/${ORG}`, {
        method: "POST",
        body,
        headers: { "Content-Type": "application/json" },
      });
    expect((await post("{not json")).status).toBe(400);
    expect((await post(JSON.stringify({ project: "p" }))).status).toBe(400);
    expect((await post(JSON.stringify({ project: "p", name: "open-sesame" }))).status).toBe(400);
    expect((await post(JSON.stringify({ project: "p", name: "x".repeat(101) }))).status).toBe(400);
    expect((await post(JSON.stringify([1, 2]))).status).toBe(400);
    const tag = await api(`${envPath}/versions/tags`, {
      method: "POST",
      body: JSON.stringify({ name: "t", revision: "one" }),
    });
    expect(tag.status).toBe(400);
    expect(await tag.json()).toMatchObject({ code: 400, message: expect.stringMatching(/revision/) });
    expect((await api(`${envPath}/versions?count=abc`)).status).toBe(400);
    const open = await (await api(`${envPath}/open`, { method: "POST" })).json();
    expect((await api(`${envPath}/open/${open.id}?property=a..b`)).status).toBe(400);
  });

  it("handles names that need percent-encoding in paths", async () => {
    const created = await api(`${envPath}/tags`, {
      method: "POST",
      body: JSON.stringify({ name: "team owner/λ", value: "platform" }),
    });
    expect(created.status).toBe(200);
    const got = await api(`${envPath}/tags/${encodeURIComponent("team owner/λ")}`);
    expect(got.status).toBe(200);
    expect(await got.json()).toMatchObject({ name: "team owner/λ", value: "platform" });
    expect(
      (await api(`${envPath}/tags/${encodeURIComponent("team owner/λ")}`, { method: "DELETE" })).status,
    ).toBe(204);
    expect(
      (await api(`/api/esc/environments/${ORG}/${PROJECT}/${encodeURIComponent("no such env")}`)).status,
    ).toBe(404);
  });

  it("protects an environment from deletion when asked (409 mentioning protection)", async () => {
    const on = await api(`${envPath}/settings`, {
      method: "PATCH",
      body: JSON.stringify({ deletionProtected: true }),
    });
    expect(await on.json()).toEqual({ deletionProtected: true });
    const del = await api(envPath, { method: "DELETE" });
    expect(del.status).toBe(409);
    expect((await del.json()).message).toMatch(/protect/);
    await api(`${envPath}/settings`, { method: "PATCH", body: JSON.stringify({ deletionProtected: false }) });
    expect(await (await api(`${envPath}/settings`)).json()).toEqual({ deletionProtected: false });
  });

  it("retracts a revision (the CLI's version retract)", async () => {
    const base = `/api/esc/environments/${ORG}/${PROJECT}/retractme`;
    expect(
      (
        await api(`/api/esc/environments/${ORG}`, {
          method: "POST",
          body: JSON.stringify({ project: PROJECT, name: "retractme" }),
        })
      ).status,
    ).toBe(200);
    for (const v of ["one", "two"])
      expect((await api(base, { method: "PATCH", body: `values:\n  v: ${v}\n` })).status).toBe(200);
    const res = await api(`${base}/versions/2/retract`, {
      method: "POST",
      body: JSON.stringify({ reason: "leaked" }),
    });
    expect(res.status).toBe(204);
    const revisions = await (await api(`${base}/versions`)).json();
    expect(revisions.find((r: { number: number }) => r.number === 2).retracted).toMatchObject({
      reason: "leaked",
    });
    expect(
      (await api(`${base}/versions/2/retract`, { method: "POST", body: JSON.stringify({ reason: 5 }) }))
        .status,
    ).toBe(400);
  });

  it("reports health", async () => {
    const res = await fetch(`${server.url}/api/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok" });
  });
});
