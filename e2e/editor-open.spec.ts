// Provider outputs are unknown in the live preview (check never calls providers); Open runs
// them on the server and shows the opened values, secrets still masked.
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
