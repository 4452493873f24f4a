// Organization membership in the console, end to end: the last admin cannot leave; an admin
// changes a member's role after confirming; a member who is an environment admin (not an org admin) grants that
// environment to a team; the admin removes the member after a confirmation dialog that names
// them, and the member's access ends at once while the team's grant stays.
import { addMember, createEnvironment, expect, newAccount, screenshot, signUp, test } from "./fixtures";

test("an admin removes a member after confirming; the last admin cannot leave; env admins grant to teams", async ({
  browser,
}) => {
  test.setTimeout(300_000);
  const alice = newAccount("alice");
  const bob = newAccount("bob");
  const adminCtx = await browser.newContext({ viewport: { width: 1360, height: 860 } });
  const memberCtx = await browser.newContext({ viewport: { width: 1360, height: 860 } });
  const a = await adminCtx.newPage();
  const b = await memberCtx.newPage();
  await signUp(a, alice);
  await signUp(b, bob);
  await addMember(a, alice.org, bob.email);

  // Alice is the only admin: leaving is refused, inside the dialog, with the reason.
  const aliceRow = a.getByTestId(`member-${alice.email}`);
  await aliceRow.getByRole("button", { name: "Leave" }).click();
  const leave = a.getByRole("dialog", { name: `Leave ${alice.org}?` });
  await expect(leave).toBeVisible();
  await leave.getByRole("button", { name: `Leave ${alice.org}` }).click();
  await expect(leave.getByRole("alert")).toContainText(
    "You are the last admin: an organization must keep at least one admin",
  );
  await screenshot(a, "members-00-last-admin-cannot-leave");
  await leave.getByRole("button", { name: "Cancel" }).click();
  await expect(leave).toHaveCount(0);

  // Roles: a change asks first, and Cancel changes nothing; Bob made admin and back, each
  // surviving a reload. (The select shows the stored role: it changes once the server applied it.)
  const bobRow = a.getByTestId(`member-${bob.email}`);
  const bobRole = bobRow.getByLabel(`Role of ${bob.name}`);
  const askRole = (role: string) =>
    a.getByRole("dialog", {
      name:
        role === "admin"
          ? `Make ${bob.name} an admin of ${alice.org}?`
          : `Make ${bob.name} a member of ${alice.org}?`,
    });
  await bobRole.selectOption("admin");
  await expect(askRole("admin")).toContainText("gets admin on every environment");
  await screenshot(a, "members-00b-confirm-role-change");
  await askRole("admin").getByRole("button", { name: "Cancel" }).click();
  await expect(askRole("admin")).toHaveCount(0);
  await expect(bobRole).toHaveValue("member");
  await a.reload();
  await expect(bobRole).toHaveValue("member");
  for (const role of ["admin", "member"]) {
    await bobRole.selectOption(role);
    await askRole(role)
      .getByRole("button", {
        name: role === "admin" ? "Make admin" : "Make member",
      })
      .click();
    await expect(askRole(role)).toHaveCount(0);
    await expect(bobRole).toHaveValue(role);
    await expect(bobRole).toBeEnabled();
    await a.reload();
    await expect(bobRole).toHaveValue(role);
  }

  // An environment with Bob as its admin, and a team Bob is not in.
  await createEnvironment(a, alice.org, "svc");
  await a.goto(`/${alice.org}/settings/teams`);
  await a.getByLabel("Team name").fill("qa");
  await a.getByRole("button", { name: "Create team" }).click();
  await expect(a.getByTestId("team-qa")).toBeVisible();
  await a.goto(`/${alice.org}/environments/default/svc/access`);
  await a.getByLabel("Team or member").selectOption({ label: `${bob.name} (${bob.email})` });
  await a.getByLabel("Permission", { exact: true }).selectOption("admin");
  await a.getByRole("button", { name: "Grant" }).click();
  await expect(a.getByRole("table", { name: "Grants" })).toContainText(bob.name);

  // Bob, environment admin but not org admin, grants the environment to the team.
  await b.goto(`/${alice.org}/environments/default/svc/access`);
  await b.getByLabel("Team or member").selectOption({ label: "Team qa" });
  await b.getByLabel("Permission", { exact: true }).selectOption("read");
  await b.getByRole("button", { name: "Grant" }).click();
  await expect(b.getByTestId("grant-team:qa").getByRole("combobox")).toHaveValue("read");
  await screenshot(b, "members-01-env-admin-grants-team");

  // Alice removes Bob: the dialog names him; Cancel keeps him, confirming removes him.
  await a.goto(`/${alice.org}/settings/members`);
  await bobRow.getByRole("button", { name: "Remove" }).click();
  const dialog = a.getByRole("dialog", { name: `Remove ${bob.name} from ${alice.org}?` });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(bob.email);
  await expect(dialog).toContainText("through their access tokens");
  await screenshot(a, "members-02-remove-confirm");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toHaveCount(0);
  await expect(bobRow).toBeVisible();
  await bobRow.getByRole("button", { name: "Remove" }).click();
  await dialog.getByRole("button", { name: `Remove ${bob.name}` }).click();
  await expect(bobRow).toHaveCount(0);
  await screenshot(a, "members-03-removed");

  // Bob's access ended: the organization's pages are "not found" to him.
  await b.goto(`/${alice.org}/environments/default/svc`);
  await expect(b.getByRole("heading", { name: "We couldn't find that page" })).toBeVisible();
  await b.goto(`/${alice.org}/settings/members`);
  await expect(b.getByRole("heading", { name: "We couldn't find that page" })).toBeVisible();
  // His grant went with the membership; the team's grant (which he made) stays.
  await a.goto(`/${alice.org}/environments/default/svc/access`);
  await expect(a.getByTestId("grant-team:qa")).toBeVisible();
  await expect(a.getByRole("table", { name: "Grants" })).not.toContainText(bob.name);
  await adminCtx.close();
  await memberCtx.close();
});
