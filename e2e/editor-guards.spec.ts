// Unsaved-changes marker and leave prompts; a stale save is refused with a clear message.
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

test("unsaved changes are marked, and leaving asks first (in-app link and page unload)", async ({ page }) => {
  const account = newAccount("guard");
  await signUp(page, account);
  await createEnvironment(page, account.org, "staging");
  await expect(page.getByTestId("save-state")).toContainText("Saved");
  const navLink = page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Environments" });

  await replaceEditorText(page, "values:\n  draft: true\n");
  await expect(page.getByTestId("save-state")).toHaveText("Unsaved changes");
  await screenshot(page, "07-unsaved");

  // In-app navigation: a confirm; dismissing it keeps the page and the text.
  const messages: string[] = [];
  page.once("dialog", async (dialog) => {
    messages.push(`${dialog.type()}: ${dialog.message()}`);
    await dialog.dismiss();
  });
  await navLink.click();
  await expect.poll(() => messages.length).toBe(1);
  expect(messages[0]).toMatch(/^confirm: You have unsaved changes/);
  await expect(page).toHaveURL(/\/environments\/default\/staging$/);
  await expect(page.getByTestId("save-state")).toHaveText("Unsaved changes");
  expect(await editorText(page)).toContain("draft: true");

  // Accepting it leaves.
  page.once("dialog", (dialog) => dialog.accept());
  await navLink.click();
  await page.waitForURL(`**/${account.org}/environments`);

  // After saving there is nothing to lose: no prompt.
  await page.getByRole("link", { name: "default / staging" }).click();
  await waitForEditor(page);
  await replaceEditorText(page, "values:\n  x: 2\n");
  await page.getByRole("button", { name: /^Save/ }).click();
  await expect(page.getByText("Saved revision 2.")).toBeVisible();
  let prompted = false;
  const onDialog = async (dialog: import("@playwright/test").Dialog) => {
    prompted = true;
    await dialog.dismiss();
  };
  page.on("dialog", onDialog);
  await navLink.click();
  await page.waitForURL(`**/${account.org}/environments`);
  expect(prompted).toBe(false);
  page.off("dialog", onDialog);

  // Unload (reload/close) with unsaved changes: the browser's beforeunload prompt.
  await page.getByRole("link", { name: "default / staging" }).click();
  await waitForEditor(page);
  await replaceEditorText(page, "values:\n  x: 3\n");
  await expect(page.getByTestId("save-state")).toHaveText("Unsaved changes");
  const unload = new Promise<string>((resolve) => {
    page.once("dialog", async (dialog) => {
      resolve(dialog.type());
      await dialog.dismiss();
    });
  });
  await page.close({ runBeforeUnload: true });
  expect(await unload).toBe("beforeunload");
});

test("a stale save is refused with a conflict message and nothing is overwritten", async ({
  page,
  context,
}) => {
  const account = newAccount("conflict");
  await signUp(page, account);
  await createEnvironment(page, account.org, "shared");
  const url = page.url();

  const other = await context.newPage();
  await other.goto(url);
  await waitForEditor(other);

  // Keys go to the tab in front: bring each page forward before typing in it. Saves use the
  // button: with two tabs, headless Chromium does not reliably deliver Ctrl+S to the one in
  // front (the shortcut itself is covered by the journey).
  await page.bringToFront();
  await replaceEditorText(page, "values:\n  author: first\n");
  await page.getByRole("button", { name: /^Save/ }).click();
  await expect(page.getByText("Saved revision 2.")).toBeVisible();

  await other.bringToFront();
  await replaceEditorText(other, "values:\n  author: second\n");
  await other.getByRole("button", { name: /^Save/ }).click();
  // The save-conflict chooser (e2e/editor-history.spec.ts covers each of its choices).
  const conflict = other.getByRole("dialog", { name: "Someone else saved a newer revision" });
  await expect(conflict).toBeVisible();
  await expect(other.getByTestId("save-state")).toHaveText("Unsaved changes");
  await screenshot(other, "08-conflict");

  // Discarding mine: the first author's text is what is stored, and what the editor shows.
  await conflict.getByRole("button", { name: "Discard mine…" }).click();
  await conflict.getByRole("button", { name: "Discard my changes" }).click();
  await expect(conflict).toBeHidden();
  await expect.poll(() => editorText(other)).toContain("author: first");
  await expect(other.getByText("Revision 2", { exact: true })).toBeVisible();
  await other.close();
});
