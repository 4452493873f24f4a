// Permissions in the console, end to end: an org admin lowers the default permission (after a
// confirmation), builds a team, grants and revokes it on an environment; a member sees the
// environment read-only with secrets as ciphertext, then editable, then not at all; admin pages
// tell a member plainly that they are for admins.
import {
  createEnvironment,
  editorText,
  expect,
  newAccount,
  replaceEditorText,
  screenshot,
  signUp,
  test,
  waitForEditor,
} from "./fixtures";

const SECRET = "e2e-permission-secret-4242";

test("org admin manages teams, the default and grants; a member's editor follows", async ({ browser }) => {
  test.setTimeout(300_000);
  const alice = newAccount("alice");
  const bob = newAccount("bob");
  const adminCtx = await browser.newContext({ viewport: { width: 1360, height: 860 } });
  const memberCtx = await browser.newContext({ viewport: { width: 1360, height: 860 } });
  const a = await adminCtx.newPage();
  const b = await memberCtx.newPage();
  await signUp(a, alice);
  await signUp(b, bob);

  // Alice: an environment with a secret, and Bob in her organization as a member.
  await createEnvironment(a, alice.org, "payments", "prod");
  await replaceEditorText(a, `values:\n  region: eu-west-1\n  apiKey:\n    fn::secret: ${SECRET}\n`);
  await a.getByRole("button", { name: /^Save/ }).click();
  await expect(a.getByTestId("save-state")).toContainText("Saved", { timeout: 30_000 });
  await a.goto(`/${alice.org}/settings/members`);
  await a.getByLabel("Email of an existing user").fill(bob.email);
  await a.getByRole("button", { name: "Add member" }).click();
  await expect(a.locator(".alert[role=status]")).toContainText(`Added ${bob.email}`);

  // The settings nav shows Teams and Access to admins.
  await expect(
    a.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Teams" }),
  ).toBeVisible();
  await a
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: "Access", exact: true })
    .click();
  await a.waitForURL(`**/${alice.org}/settings/access`);
  // Lowering the default from write to read asks first.
  await a.getByLabel("Default permission for members").selectOption("read");
  await a.getByRole("button", { name: "Save" }).click();
  await expect(a.locator(".alert[role=alert]")).toContainText("takes access away from every member");
  await screenshot(a, "perm-01-default-confirm");
  await a.getByRole("button", { name: "Lower to read" }).click();
  await expect(a.locator(".alert[role=status]")).toContainText("The default permission is now read.");

  // Bob (read): the list marks the environment read-only…
  await b.goto(`/${alice.org}/environments`);
  await expect(b.locator("tr", { hasText: "payments" }).locator(".esc-readonly-badge")).toHaveText("read");
  // …and the editor shows the definition read-only, the secret as ciphertext, no Save, no Open.
  await b.goto(`/${alice.org}/environments/prod/payments`);
  await waitForEditor(b);
  await expect(b.getByTestId("read-only-badge")).toContainText("Read only");
  await expect(b.getByRole("note")).toContainText("read");
  await expect(b.getByRole("button", { name: /^Save/ })).toHaveCount(0);
  await expect(b.getByRole("button", { name: /^Open/ })).toHaveCount(0);
  const readText = await editorText(b);
  expect(readText).toContain("fn::secret");
  expect(readText).toContain("ciphertext");
  expect(readText).not.toContain(SECRET);
  expect(await b.content()).not.toContain(SECRET);
  // Typing changes nothing: Monaco is read-only.
  await b.locator(".monaco-editor .view-line").first().click();
  await b.keyboard.type("oops");
  expect(await editorText(b)).toBe(readText);
  await screenshot(b, "perm-02-member-read-only");

  // Alice: a team with Bob in it, granted write on the environment.
  await a.goto(`/${alice.org}/settings/teams`);
  await expect(a.getByTestId("teams-empty")).toBeVisible();
  await screenshot(a, "perm-03-teams-empty");
  await a.getByLabel("Team name").fill("bad name");
  await a.getByRole("button", { name: "Create team" }).click();
  await expect(a.locator(".alert[role=alert]")).toContainText("Team name must be");
  await a.getByLabel("Team name").fill("payments-ops");
  await a.getByLabel("Description (optional)").fill("On call for payments");
  await a.getByRole("button", { name: "Create team" }).click();
  const team = a.getByTestId("team-payments-ops");
  await expect(team).toBeVisible();
  await team.getByLabel("Add a member").selectOption({ label: `${bob.name} (${bob.email})` });
  await team.getByRole("button", { name: "Add to team" }).click();
  await expect(team.locator(".team-members")).toContainText(bob.name);
  await screenshot(a, "perm-04-teams");

  await a.goto(`/${alice.org}/environments/prod/payments`);
  await waitForEditor(a);
  await a.locator(".editor-header").getByRole("link", { name: "Access", exact: true }).click();
  await a.waitForURL(`**/${alice.org}/environments/prod/payments/access`);
  await expect(a.getByTestId("grants-empty")).toBeVisible();
  await a.getByLabel("Team or member").selectOption({ label: "Team payments-ops" });
  await a.getByLabel("Permission", { exact: true }).selectOption("write");
  await a.getByRole("button", { name: "Grant" }).click();
  const grant = a.getByTestId("grant-team:payments-ops");
  await expect(grant).toBeVisible();
  await expect(grant.getByRole("combobox")).toHaveValue("write");
  await screenshot(a, "perm-05-environment-access");
  await a.emulateMedia({ colorScheme: "dark" });
  await screenshot(a, "perm-05-environment-access-dark");
  await a.emulateMedia({ colorScheme: "light" });

  // Bob (write through the team): plaintext, Save and Open are there.
  await b.goto(`/${alice.org}/environments/prod/payments`);
  await waitForEditor(b);
  await expect(b.getByRole("button", { name: /^Save/ })).toBeVisible();
  await expect(b.getByTestId("read-only-badge")).toHaveCount(0);
  expect(await editorText(b)).toContain(SECRET);

  // Alice revokes (after confirming) and sets the default to none: the environment disappears for Bob.
  await a.reload();
  // Lowering a grant asks first; Cancel keeps it, Lower applies it.
  await grant.getByRole("combobox").selectOption("read");
  await grant.getByRole("button", { name: "Cancel" }).click();
  await expect(grant.getByRole("combobox")).toHaveValue("write");
  await grant.getByRole("combobox").selectOption("open");
  await grant.getByRole("button", { name: "Lower", exact: true }).click();
  await expect(grant.getByRole("combobox")).toHaveValue("open");
  await grant.getByRole("button", { name: "Revoke" }).click();
  await grant.getByRole("button", { name: "Revoke", exact: true }).last().click();
  await expect(a.getByTestId("grants-empty")).toBeVisible();
  await a.goto(`/${alice.org}/settings/access`);
  await a.getByLabel("Default permission for members").selectOption("none");
  await a.getByRole("button", { name: "Save" }).click();
  await a.getByRole("button", { name: "Lower to none" }).click();
  await expect(a.locator(".alert[role=status]")).toContainText("now none");

  await b.goto(`/${alice.org}/environments`);
  await expect(b.getByText("payments")).toHaveCount(0);
  // The page streams behind a loading boundary, so the answer is the not-found page (status 200
  // once streaming started); the same page as for an environment that does not exist.
  await b.goto(`/${alice.org}/environments/prod/payments`);
  await expect(b.getByRole("heading", { name: "We couldn't find that page" })).toBeVisible();
  expect(await b.content()).not.toContain(SECRET);

  // Admin pages say plainly that they are for admins.
  await b.goto(`/${alice.org}/settings/teams`);
  await expect(b.getByTestId("forbidden")).toContainText("Only organization admins");
  await expect(b.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Teams" })).toHaveCount(
    0,
  );
  await screenshot(b, "perm-06-member-forbidden");
  await adminCtx.close();
  await memberCtx.close();
});
