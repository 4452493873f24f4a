// Provider outputs are unknown in the live preview (check never calls providers); Open runs
// them on the server and shows the opened values, secrets still masked. Reveal of an opened value
// shows the value that Open produced (kept on the server), without running the providers again.
import type { TestInfo } from "@playwright/test";
import {
  createEnvironment,
  expect,
  newAccount,
  replaceEditorText,
  screenshot,
  signUp,
  test,
  waitForEditor,
} from "./fixtures";

// `static` login needs no AWS: the provider hands back the keys it was given, the secret marked secret.
const DEFINITION = `values:
  aws:
    login:
      fn::open::aws-login:
        static:
          accessKeyId: AKIAOPENEDINEDITOR
          secretAccessKey:
            fn::secret: opened-secret-never-shown
  environmentVariables:
    AWS_ACCESS_KEY_ID: \${aws.login.accessKeyId}
    AWS_SECRET_ACCESS_KEY: \${aws.login.secretAccessKey}`;

test("provider outputs are unknown until Open, then shown with secrets masked", async ({ page }) => {
  const account = newAccount("open");
  await signUp(page, account);
  await createEnvironment(page, account.org, "aws-dev");
  await waitForEditor(page);
  await replaceEditorText(page, DEFINITION);

  const preview = page.getByTestId("preview");
  await expect(preview).toContainText("unknown until opened");
  await expect(preview).not.toContainText("AKIAOPENEDINEDITOR");

  await page.getByRole("button", { name: "Open", exact: true }).click();
  await expect(page.getByTestId("opened-note")).toBeVisible();
  await expect(preview).toContainText('"AKIAOPENEDINEDITOR"');
  await expect(preview).toContainText("secret");
  await expect(preview).not.toContainText("unknown until opened");
  await expect(preview).not.toContainText("opened-secret-never-shown");
  await screenshot(page, "14-opened");

  // Editing makes the opened values stale: the live preview comes back.
  await replaceEditorText(page, `${DEFINITION}\n  extra: 1`);
  await expect(page.getByTestId("opened-note")).toHaveCount(0);
  await expect(preview).toContainText("unknown until opened");
});

test("Reveal of an opened value shows what Open produced and opens nothing again (audit log)", async ({
  page,
}, testInfo: TestInfo) => {
  const account = newAccount("kept");
  await signUp(page, account);
  await createEnvironment(page, account.org, "kept");
  await waitForEditor(page);
  await replaceEditorText(page, DEFINITION);
  const preview = page.getByTestId("preview");
  await expect(preview).toContainText("unknown until opened");

  await page.getByRole("button", { name: "Open", exact: true }).click();
  await expect(page.getByTestId("opened-note")).toBeVisible();
  await page.getByRole("tab", { name: /^Environment variables/ }).click();
  const vars = page.getByTestId("env-vars");
  const secretRow = vars.getByRole("row", { name: /AWS_SECRET_ACCESS_KEY/ });
  await expect(secretRow).toContainText("secret");
  await expect(preview).not.toContainText("opened-secret-never-shown");
  await vars.getByRole("button", { name: "Reveal AWS_SECRET_ACCESS_KEY", exact: true }).click();
  await expect(secretRow).toContainText("opened-secret-never-shown");
  // Hidden and revealed again: still the kept value.
  await vars.getByRole("button", { name: "Hide AWS_SECRET_ACCESS_KEY", exact: true }).click();
  await expect(preview).not.toContainText("opened-secret-never-shown");
  await vars.getByRole("button", { name: "Reveal AWS_SECRET_ACCESS_KEY", exact: true }).click();
  await expect(secretRow).toContainText("opened-secret-never-shown");
  await page.screenshot({ path: testInfo.outputPath("opened-revealed.png") });

  // Re-evaluation masks it again.
  await page.getByRole("button", { name: "Back to live preview" }).click();
  await expect(preview).not.toContainText("opened-secret-never-shown");

  // One open (the button), two reveals: no reveal ran the providers again.
  const table = page.getByTestId("audit-table");
  await page.goto(`/${account.org}/audit?action=environment.open`);
  await expect(table.locator("tbody tr")).toHaveCount(1);
  await expect(table.locator("tbody tr")).toContainText("default/kept (editor text)");
  await page.goto(`/${account.org}/audit?action=environment.reveal`);
  await expect(table.locator("tbody tr")).toHaveCount(2);
  for (const row of await table.locator("tbody tr").allInnerTexts())
    expect(row).toContain("default/kept environmentVariables.AWS_SECRET_ACCESS_KEY");
  expect(await page.content()).not.toContain("opened-secret-never-shown");
});
