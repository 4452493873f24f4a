// The editor's history: the revisions drawer (author, time, tags), a read-only old revision, Monaco
// diffs of two revisions and of a revision against the draft, restore (a rollback that creates a
// new revision), tags with name validation; and a save over a newer revision from another browser
// turning into a diff and a choice, each choice exercised.
import type { Browser, Locator, Page, TestInfo } from "@playwright/test";
import {
  addMember,
  createEnvironment,
  expect,
  lowerDefaultPermission,
  newAccount,
  replaceEditorText,
  signUp,
  test,
  waitForEditor,
  type Account,
} from "./fixtures";

/** The main editor's visible text (the history views hold Monaco editors of their own). */
async function mainEditorText(page: Page): Promise<string> {
  return linesOf(page.getByTestId("yaml-editor"));
}

async function linesOf(root: Locator): Promise<string> {
  const lines = await root.locator(".view-lines .view-line").evaluateAll((els) =>
    els
      .map((el) => ({
        top: parseFloat((el as HTMLElement).style.top || "0"),
        text: (el.textContent ?? "").replace(/\u00a0/g, " "),
      }))
      .sort((a, b) => a.top - b.top)
      .map((l) => l.text),
  );
  return lines.join("\n");
}

/**
 * The lines a Monaco diff marks as changed on one side: removed on the left (original), added on
 * the right (modified). Monaco draws a whole-line decoration in the overlay row at the line's top.
 */
async function changedLines(diff: Locator, side: "original" | "modified"): Promise<string[]> {
  const editor = diff.locator(`.editor.${side}`);
  await editor.locator(".view-line").first().waitFor();
  return editor.evaluate(
    (root, cls) => {
      const tops = new Set(
        [...root.querySelectorAll(`.view-overlays .${cls}`)].map(
          (el) => (el.parentElement as HTMLElement).style.top,
        ),
      );
      return [...root.querySelectorAll(".view-lines .view-line")]
        .filter((line) => tops.has((line as HTMLElement).style.top))
        .map((line) => (line.textContent ?? "").replace(/\u00a0/g, " ").trim());
    },
    side === "original" ? "line-delete" : "line-insert",
  );
}

async function save(page: Page, revision: number): Promise<void> {
  await page.getByRole("button", { name: /^Save/ }).click();
  await expect(page.getByText(`Saved revision ${revision}.`)).toBeVisible();
}

async function shot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await page.screenshot({ path: testInfo.outputPath(`${name}.png`) });
}

async function signIn(browser: Browser, account: Account, url: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto("/signin");
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`**/${account.org}/environments`);
  await page.goto(url);
  await waitForEditor(page);
  return page;
}

test("history: list, read-only view, diffs, tags and restore", async ({ page }, testInfo) => {
  const account = newAccount("history");
  await signUp(page, account);
  await createEnvironment(page, account.org, "app");
  await replaceEditorText(page, "values:\n  color: red\n  size: 1\n");
  await save(page, 2);
  await replaceEditorText(page, "values:\n  color: blue\n  size: 1\n  shape: round\n");
  await save(page, 3);

  // The keyboard shortcut opens the drawer; the list shows number, author, time and tags.
  await page.getByTestId("yaml-editor").click();
  await page.keyboard.press("Alt+Shift+H");
  const panel = page.getByRole("complementary", { name: "Revision history" });
  await expect(panel).toBeVisible();
  await expect(page.getByRole("button", { name: "History", exact: true })).toHaveAttribute(
    "aria-expanded",
    "true",
  );
  const items = panel.getByRole("list", { name: "Revisions" }).getByRole("listitem");
  await expect(items).toHaveCount(3);
  const rev3 = panel.getByTestId("revision-3");
  await expect(rev3).toContainText("Revision 3");
  await expect(rev3).toContainText("latest");
  await expect(rev3).toContainText(account.name);
  await expect(rev3.locator("time")).toHaveText("just now");
  await expect(rev3.locator("time")).toHaveAttribute("datetime", /^\d{4}-\d\d-\d\dT/);
  await shot(page, testInfo, "history-01-panel");

  // Tagging: a bad name gets the service's clear message, a good one shows in the list.
  await panel.getByRole("button", { name: "Tag revision 2" }).click();
  const tagName = panel.getByLabel("Tag name for revision 2");
  await tagName.fill("not ok!");
  await panel.getByRole("button", { name: "Add tag" }).click();
  await expect(panel.getByRole("alert")).toHaveText(
    /Tag name must be 1 to 100 characters of letters, digits/,
  );
  await expect(tagName).toHaveAttribute("aria-invalid", "true");
  await tagName.fill("42");
  await panel.getByRole("button", { name: "Add tag" }).click();
  await expect(panel.getByRole("alert")).toHaveText(/Tag name must not be a number/);
  await shot(page, testInfo, "history-02-tag-error");
  await tagName.fill("stable");
  await panel.getByRole("button", { name: "Add tag" }).click();
  await expect(panel.getByRole("status")).toHaveText('Tagged revision 2 as "stable".');
  await expect(panel.getByTestId("revision-2")).toContainText("stable");
  // The same name again is a conflict, with an offer to move the tag.
  await panel.getByRole("button", { name: "Tag revision 1" }).click();
  await panel.getByLabel("Tag name for revision 1").fill("stable");
  await panel.getByRole("button", { name: "Add tag" }).click();
  await expect(panel.getByRole("alert")).toContainText('Revision tag "stable" already exists');
  await panel.getByRole("button", { name: "Move it to revision 1" }).click();
  await expect(panel.getByRole("status")).toHaveText('Moved tag "stable" to revision 1.');
  await expect(panel.getByTestId("revision-1")).toContainText("stable");
  await expect(panel.getByTestId("revision-2")).not.toContainText("stable");

  // An old revision, read-only and marked so; typing into it changes nothing.
  await panel.getByRole("button", { name: "View revision 2" }).click();
  const viewer = panel.getByRole("region", { name: "Revision 2 (read-only)" });
  await expect(viewer).toBeVisible();
  await expect(viewer.getByText("Read-only", { exact: true })).toBeVisible();
  const text = viewer.getByTestId("revision-text");
  await expect.poll(() => linesOf(text)).toContain("color: red");
  await text.locator(".view-line").first().click();
  await page.keyboard.type("zzz");
  await expect.poll(() => linesOf(text)).not.toContain("zzz");
  expect(await linesOf(text)).toBe("values:\n  color: red\n  size: 1\n");
  expect(await mainEditorText(page)).toContain("color: blue");
  await shot(page, testInfo, "history-03-read-only");

  // What changed in revision 3 (against 2): the diff marks the changed lines on each side.
  await panel.getByRole("button", { name: "View revision 3" }).click();
  const viewer3 = panel.getByRole("region", { name: "Revision 3 (read-only)" });
  await viewer3.getByRole("button", { name: "Changes from 2" }).click();
  const diff = viewer3.getByTestId("revision-diff");
  await expect.poll(() => changedLines(diff, "original")).toEqual(["color: red"]);
  await expect.poll(() => changedLines(diff, "modified")).toEqual(["color: blue", "shape: round"]);
  await expect(diff).toContainText("Revision 2");
  await shot(page, testInfo, "history-04-diff-previous");
  await page.emulateMedia({ colorScheme: "dark" });
  await expect(diff.locator(".monaco-editor.vs-dark").first()).toBeVisible();
  await shot(page, testInfo, "history-04-diff-previous-dark");
  await page.emulateMedia({ colorScheme: "light" });

  // Two revisions picked from the list.
  await viewer3.getByRole("button", { name: "Back to editor" }).click();
  await panel.getByLabel("Select revision 1 to compare").check();
  await panel.getByLabel("Select revision 3 to compare").check();
  await panel.getByRole("button", { name: "Compare selected" }).click();
  const compared = panel
    .getByRole("region", { name: "Revision 1 → revision 3 (read-only)" })
    .getByTestId("revision-diff");
  // Revision 1 is the new environment's template: two comment lines and `values: {}`.
  await expect
    .poll(() => changedLines(compared, "original"))
    .toEqual([
      expect.stringMatching(/^# Values defined here/),
      expect.stringMatching(/^# Import other environments/),
      "values: {}",
    ]);
  await expect
    .poll(() => changedLines(compared, "modified"))
    .toEqual(["values:", "color: blue", "size: 1", "shape: round"]);
  await panel.getByRole("button", { name: "Back to editor" }).click();

  // A revision against the unsaved draft in the editor.
  await replaceEditorText(page, "values:\n  color: blue\n  size: 2\n  shape: round\n");
  await expect(page.getByTestId("save-state")).toHaveText("Unsaved changes");
  await panel.getByRole("button", { name: "Compare revision 3 with the draft" }).click();
  const draftDiff = panel
    .getByRole("region", { name: "Revision 3 (read-only)" })
    .getByTestId("revision-diff");
  await expect(draftDiff).toContainText("Your draft (editor)");
  await expect.poll(() => changedLines(draftDiff, "original")).toEqual(["size: 1"]);
  await expect.poll(() => changedLines(draftDiff, "modified")).toEqual(["size: 2"]);
  await shot(page, testInfo, "history-05-diff-draft");

  // Restore revision 2: asks first (and warns about the unsaved draft), then a new revision 4
  // holds revision 2's definition and the editor shows it.
  await panel.getByRole("button", { name: "View revision 2" }).click();
  await panel.getByRole("button", { name: "Restore this revision" }).click();
  const confirm = page.getByRole("dialog", { name: "Restore revision 2?" });
  await expect(confirm).toContainText("on top of revision 3");
  await expect(confirm).toContainText("unsaved changes");
  await shot(page, testInfo, "history-06-restore-confirm");
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(confirm).toBeHidden();
  await expect(items).toHaveCount(3);
  await panel.getByRole("button", { name: "Restore this revision" }).click();
  await confirm.getByRole("button", { name: "Restore revision 2" }).click();
  await expect(panel.getByRole("status")).toHaveText("Restored revision 2 as revision 4.");
  await expect(items).toHaveCount(4);
  await expect(panel.getByTestId("revision-4")).toContainText("latest");
  await expect(page.getByTitle("Latest saved revision")).toHaveText("Revision 4");
  await expect(page.getByTestId("save-state")).toContainText("Saved");
  await expect.poll(() => mainEditorText(page)).toBe("values:\n  color: red\n  size: 1\n");
  await shot(page, testInfo, "history-07-restored");

  // The new revision holds the old content; after a reload too.
  await panel.getByRole("button", { name: "View revision 4" }).click();
  const viewer4 = panel.getByRole("region", { name: "Revision 4 (read-only)" });
  await expect
    .poll(() => linesOf(viewer4.getByTestId("revision-text")))
    .toBe("values:\n  color: red\n  size: 1\n");
  await expect(viewer4.getByRole("button", { name: "Restore this revision" })).toHaveCount(0);
  // Escape backs out of the viewer, then closes the drawer.
  await viewer4.getByRole("button", { name: "Definition" }).focus();
  await page.keyboard.press("Escape");
  await expect(viewer4).toBeHidden();
  await panel.getByRole("heading", { name: "History" }).focus();
  await page.keyboard.press("Escape");
  await expect(panel).toBeHidden();
  await page.reload();
  await waitForEditor(page);
  await expect.poll(() => mainEditorText(page)).toBe("values:\n  color: red\n  size: 1\n");
  await expect(page.getByTitle("Latest saved revision")).toHaveText("Revision 4");

  // Removing a tag.
  await page.getByRole("button", { name: "History", exact: true }).click();
  await panel.getByRole("button", { name: "Remove tag stable" }).click();
  await expect(panel.getByRole("status")).toHaveText('Removed tag "stable".');
  await expect(panel.getByTestId("revision-1")).not.toContainText("stable");
});

test("a save over a newer revision shows a diff and each choice works", async ({
  page,
  browser,
}, testInfo) => {
  const account = newAccount("clash");
  await signUp(page, account);
  await createEnvironment(page, account.org, "shared");
  const url = page.url();
  // A second browser (another person or machine): its own context, signed in separately.
  const other = await signIn(browser, account, url);

  // 1. Keep editing on top of the latest: the editor loads theirs, mine stays beside it.
  await replaceEditorText(page, "values:\n  author: first\n  common: 1\n");
  await save(page, 2);
  await replaceEditorText(other, "values:\n  author: second\n  common: 1\n");
  await other.getByRole("button", { name: /^Save/ }).click();
  const dialog = other.getByRole("dialog", { name: "Someone else saved a newer revision" });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText("Revision 2 was saved while you were editing");
  const diff = dialog.getByTestId("revision-diff");
  await expect(diff).toContainText("Theirs: revision 2 (latest saved)");
  await expect(diff).toContainText("Yours: your unsaved text");
  await expect.poll(() => changedLines(diff, "original")).toEqual(["author: first"]);
  await expect.poll(() => changedLines(diff, "modified")).toEqual(["author: second"]);
  await expect(other.getByTestId("save-state")).toHaveText("Unsaved changes");
  await shot(other, testInfo, "conflict-01-dialog");

  // "Decide later" changes nothing: the text is still there and unsaved.
  await dialog.getByRole("button", { name: "Decide later" }).click();
  await expect(dialog).toBeHidden();
  expect(await mainEditorText(other)).toContain("author: second");
  await other.getByRole("button", { name: /^Save/ }).click();
  await expect(dialog).toBeVisible();
  await expect.poll(() => changedLines(diff, "modified")).toEqual(["author: second"]);

  await dialog.getByRole("button", { name: "Keep editing on top of the latest" }).click();
  await expect(dialog).toBeHidden();
  await expect.poll(() => mainEditorText(other)).toBe("values:\n  author: first\n  common: 1\n");
  await expect(other.getByTitle("Latest saved revision")).toHaveText("Revision 2");
  await expect(other.getByTestId("save-state")).toContainText("Saved");
  const reference = other.getByRole("complementary", { name: "Your text from before the conflict" });
  await expect(reference).toBeVisible();
  await expect.poll(() => linesOf(reference.locator(".editor.modified"))).toContain("author: second");
  await shot(other, testInfo, "conflict-02-keep-editing");
  // Building on the latest now saves normally.
  await replaceEditorText(other, "values:\n  author: first\n  common: 1\n  added: by-other\n");
  await save(other, 3);

  // Another refusal while that panel is open: a fresh comparison replaces it.
  await page.reload();
  await waitForEditor(page);
  await replaceEditorText(page, "values:\n  author: fourth\n");
  await save(page, 4);
  await replaceEditorText(other, "values:\n  author: other-again\n");
  await other.getByRole("button", { name: /^Save/ }).click();
  await expect(dialog).toBeVisible();
  await expect(reference).toBeHidden();
  await expect.poll(() => changedLines(diff, "original")).toEqual(["author: fourth"]);
  await expect.poll(() => changedLines(diff, "modified")).toEqual(["author: other-again"]);
  await dialog.getByRole("button", { name: "Keep editing on top of the latest" }).click();
  await expect.poll(() => mainEditorText(other)).toBe("values:\n  author: fourth\n");
  await expect.poll(() => linesOf(reference.locator(".editor.modified"))).toContain("author: other-again");
  await reference.getByRole("button", { name: "Close" }).click();
  await expect(reference).toBeHidden();

  // 2. Overwrite: after an explicit confirmation mine is saved on top of the latest.
  await replaceEditorText(page, "values:\n  author: first-again\n");
  await save(page, 5);
  await replaceEditorText(other, "values:\n  author: mine-wins\n");
  await other.getByRole("button", { name: /^Save/ }).click();
  await expect(dialog).toBeVisible();
  await expect.poll(() => changedLines(diff, "original")).toEqual(["author: first-again"]);
  await dialog.getByRole("button", { name: "Overwrite with mine…" }).click();
  await expect(dialog.getByRole("group", { name: "Confirm overwrite" })).toContainText(
    "on top of revision 5",
  );
  await shot(other, testInfo, "conflict-03-overwrite-confirm");
  await dialog.getByRole("button", { name: "Overwrite revision 5" }).click();
  await expect(dialog).toBeHidden();
  await expect(other.getByText("Saved revision 6.")).toBeVisible();
  await expect(other.getByTitle("Latest saved revision")).toHaveText("Revision 6");
  await page.reload();
  await waitForEditor(page);
  await expect.poll(() => mainEditorText(page)).toBe("values:\n  author: mine-wins\n");

  // 3. Discard mine: after a confirmation the editor shows the latest.
  await replaceEditorText(page, "values:\n  author: kept\n");
  await save(page, 7);
  await replaceEditorText(other, "values:\n  author: thrown-away\n");
  await other.getByRole("button", { name: /^Save/ }).click();
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Discard mine…" }).click();
  await dialog.getByRole("button", { name: "Discard my changes" }).click();
  await expect(dialog).toBeHidden();
  await expect.poll(() => mainEditorText(other)).toBe("values:\n  author: kept\n");
  await expect(other.getByTestId("save-state")).toContainText("Saved");
  await expect(other.getByTitle("Latest saved revision")).toHaveText("Revision 7");
  await shot(other, testInfo, "conflict-04-discarded");
  await other.context().close();
});

test("a reader browses history with secrets encrypted and cannot restore or tag", async ({
  browser,
}, testInfo) => {
  const SECRET = "history-reader-secret-7311";
  const alice = newAccount("hadmin");
  const bob = newAccount("hreader");
  const a = await (await browser.newContext()).newPage();
  const b = await (await browser.newContext()).newPage();
  await signUp(a, alice);
  await signUp(b, bob);
  await createEnvironment(a, alice.org, "vault");
  await replaceEditorText(a, `values:\n  region: eu-west-1\n  apiKey:\n    fn::secret: ${SECRET}\n`);
  await save(a, 2);
  await addMember(a, alice.org, bob.email);
  await lowerDefaultPermission(a, alice.org, "read");

  await b.goto(`/${alice.org}/environments/default/vault`);
  await waitForEditor(b);
  await b.getByRole("button", { name: "History", exact: true }).click();
  const panel = b.getByRole("complementary", { name: "Revision history" });
  await expect(panel.getByRole("list", { name: "Revisions" }).getByRole("listitem")).toHaveCount(2);
  await expect(panel.getByTestId("revision-2")).toContainText(alice.name);
  await expect(panel.getByRole("button", { name: /^Tag revision/ })).toHaveCount(0);

  await panel.getByRole("button", { name: "View revision 2" }).click();
  const viewer = panel.getByRole("region", { name: "Revision 2 (read-only)" });
  await expect(viewer).toContainText("Secrets, if any, are shown encrypted");
  const text = viewer.getByTestId("revision-text");
  await expect.poll(() => linesOf(text)).toContain("ciphertext");
  expect(await linesOf(text)).not.toContain(SECRET);
  await panel.getByRole("button", { name: "View revision 1" }).click();
  await expect(panel.getByRole("button", { name: "Restore this revision" })).toHaveCount(0);
  expect(await b.content()).not.toContain(SECRET);
  await shot(b, testInfo, "history-08-reader");
  await a.context().close();
  await b.context().close();
});
