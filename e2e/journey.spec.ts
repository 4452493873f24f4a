// The user journey: sign up → Environments → Create environment → split-pane editor →
// type YAML → live preview → Save (Ctrl+S) → reload → the saved text is there.
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

const DEFINITION = `values:
  app:
    greeting: hello
    message: \${app.greeting} world
    port: 8080
  password:
    fn::secret: hunter2
  environmentVariables:
    GREETING: \${app.message}`;

test("sign up, create an environment, edit with live preview, save with Ctrl+S, reload", async ({ page }) => {
  const account = newAccount("journey");
  await signUp(page, account);

  await expect(page.getByRole("heading", { name: "No environments yet" })).toBeVisible();
  await screenshot(page, "01-environments-empty");

  await page.getByRole("button", { name: "Create environment" }).first().click();
  const dialog = page.getByRole("dialog", { name: "Create environment" });
  await expect(dialog.getByLabel("Project")).toHaveValue("default");
  await dialog.getByLabel("Environment name").fill("dev");
  await screenshot(page, "02-create-dialog");
  await dialog.getByRole("button", { name: "Create environment" }).click();
  await page.waitForURL(`**/${account.org}/environments/default/dev`);
  await waitForEditor(page);
  await expect(page.getByText("Revision 1", { exact: true })).toBeVisible();

  await replaceEditorText(page, DEFINITION);
  await expect(page.getByTestId("save-state")).toHaveText("Unsaved changes");

  // The preview evaluates the current (unsaved) text: interpolation resolved, secret masked.
  const preview = page.getByTestId("preview");
  await expect(preview).toContainText('"hello world"');
  await expect(preview).toContainText("8080");
  await expect(preview).toContainText("secret");
  await expect(preview).not.toContainText("hunter2");
  await screenshot(page, "03-editor-preview");

  await page.keyboard.press("ControlOrMeta+s");
  await expect(page.getByText("Saved revision 2.")).toBeVisible();
  await expect(page.getByTestId("save-state")).toContainText("Saved");
  await expect(page.getByText("Revision 2", { exact: true })).toBeVisible();
  await screenshot(page, "04-saved");

  await page.reload();
  await waitForEditor(page);
  await expect.poll(() => editorText(page)).toContain("message: ${app.greeting} world");
  expect(await editorText(page)).toContain("fn::secret: hunter2");
  await expect(page.getByText("Revision 2", { exact: true })).toBeVisible();
  await expect(page.getByTestId("preview")).toContainText('"hello world"');

  // The list shows it, with who changed it; the filter narrows it and `/` focuses the filter.
  await page.getByRole("link", { name: "Environments" }).first().click();
  await page.waitForURL(`**/${account.org}/environments`);
  await expect(page.getByRole("link", { name: "default / dev" })).toBeVisible();
  // "Modified by" shows the author's login, derived from the email's local part.
  await expect(page.getByRole("row", { name: /default \/ dev/ })).toContainText(account.email.split("@")[0]!);
  await createEnvironment(page, account.org, "prod", "payments");
  await page.goto(`/${account.org}/environments`);
  // The shortcut works once the list has hydrated; until then a key press has no listener.
  const filter = page.getByLabel("Filter environments");
  await expect(async () => {
    await page.keyboard.press("/");
    await expect(filter).toBeFocused({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await page.keyboard.type("pay");
  await expect(page.getByRole("link", { name: "payments / prod" })).toBeVisible();
  await expect(page.getByRole("link", { name: "default / dev" })).toHaveCount(0);
  await screenshot(page, "05-environments-list");

  // Diagnostics: listed under the preview and marked in Monaco at their range; saving refused.
  await page.getByRole("link", { name: "payments / prod" }).click();
  await waitForEditor(page);
  await replaceEditorText(page, "values:\n  a: ${bad_ref}\n");
  const diagnostics = page.getByTestId("diagnostics");
  await expect(diagnostics).toContainText('unknown property "bad_ref"');
  await expect(diagnostics).toContainText("2:");
  await expect(page.locator(".monaco-editor .squiggly-error").first()).toBeAttached();
  await page.keyboard.press("ControlOrMeta+s");
  await expect(page.locator(".alert[role=alert]")).toContainText("Fix it before saving");
  await screenshot(page, "06-diagnostics");

  // Dark mode follows the system, Monaco included.
  await page.emulateMedia({ colorScheme: "dark" });
  await expect(page.locator(".monaco-editor.vs-dark")).toBeAttached();
  await screenshot(page, "14-dark-editor");
  await page.goto(`/${account.org}/environments`);
  await screenshot(page, "15-dark-list");
});
