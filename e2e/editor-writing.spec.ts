// Writing in the editor: schema completion and hover (generated from the evaluator and the
// providers), the evaluator's markers at their ranges, the last good preview kept while the YAML
// does not parse, encrypted draft recovery after a reload, the split remembered, and the Monaco
// theme following the system, on a laptop-sized screen.
import type { Page, TestInfo } from "@playwright/test";
import {
  createEnvironment,
  editorText,
  expect,
  newAccount,
  replaceEditorText,
  signUp,
  test,
  waitForEditor,
} from "./fixtures";

test.use({ viewport: { width: 1280, height: 800 } });

async function shot(page: Page, testInfo: TestInfo, name: string) {
  await page.screenshot({ path: testInfo.outputPath(`${name}.png`) });
}

/**
 * Puts the cursor at the end of the text and asks Monaco for suggestions until the list holds
 * every label in `expected` (the YAML worker answers after Monaco's own word suggestions, and on
 * a loaded machine it takes a while to start). Returns the labels shown.
 */
async function suggestAtEnd(page: Page, expected: string[]): Promise<string[]> {
  let labels: string[] = [];
  await expect
    .poll(
      async () => {
        await page.keyboard.press("Escape");
        await page.keyboard.press("ControlOrMeta+End");
        await page.keyboard.press("Control+Space");
        // Wait for the worker's rows themselves, not a fixed time: pressing Escape again while
        // a slow (loaded machine) worker is still answering would cancel its answer every round.
        for (const label of expected)
          await page
            .locator(`.suggest-widget .monaco-list-row[aria-label^="${label}"]`)
            .first()
            .waitFor({ timeout: 15_000 })
            .catch(() => {});
        labels = await page
          .locator(".suggest-widget .monaco-list-row")
          .evaluateAll((els) => els.map((el) => (el.getAttribute("aria-label") ?? "").split(",")[0]));
        return expected.filter((e) => !labels.includes(e));
      },
      { timeout: 60_000, intervals: [500] },
    )
    .toEqual([]);
  return labels;
}

/** The rendered line (1-based) of the editor's text, by its top offset. */
function lineLocator(page: Page, text: string) {
  return page.locator(".monaco-editor .view-line", { hasText: text }).first();
}

test("completion offers the builtins, the providers and aws-login's inputs; hover documents them", async ({
  page,
}, testInfo) => {
  const account = newAccount("write");
  await signUp(page, account);
  await createEnvironment(page, account.org, "complete");

  await replaceEditorText(page, "values:\n  login:\n    fn");
  await suggestAtEnd(page, ["fn::secret", "fn::open::aws-login", "fn::join"]);
  await shot(page, testInfo, "completion-builtins");
  // Typing narrows the list; the other builtins and providers are there too.
  await page.keyboard.press("Escape");
  for (const name of ["fn::toJSON", "fn::open::aws-secrets", "fn::validate"]) {
    await replaceEditorText(page, `values:\n  x:\n    ${name.slice(0, -1)}`);
    await suggestAtEnd(page, [name]);
    await page.keyboard.press("Escape");
  }

  await replaceEditorText(page, "values:\n  login:\n    fn::open::aws-login:\n      o");
  await suggestAtEnd(page, ["oidc"]);
  await page.keyboard.press("Escape");
  await replaceEditorText(page, "values:\n  login:\n    fn::open::aws-login:\n      oidc:\n        r");
  await suggestAtEnd(page, ["roleArn"]);
  await shot(page, testInfo, "completion-aws-login-oidc");
  await page.keyboard.press("Escape");

  // Hover over a builtin and over a provider input: their documentation.
  await replaceEditorText(
    page,
    "values:\n  password:\n    fn::secret: hunter2\n  login:\n    fn::open::aws-login:\n      oidc:\n        roleArn: arn:aws:iam::123456789012:role/esc\n        sessionName: esc",
  );
  const hover = page.locator(".monaco-hover:not(.hidden)");
  await lineLocator(page, "fn::secret").getByText("fn::secret").hover();
  await expect(hover).toContainText("A secret", { timeout: 30_000 });
  await shot(page, testInfo, "hover-secret");
  await page.mouse.move(5, 5);
  await lineLocator(page, "roleArn").getByText("roleArn").hover();
  await expect(hover).toContainText("The IAM role to assume", { timeout: 30_000 });
  await shot(page, testInfo, "hover-role-arn");
});

test("a bad reference is marked at its line and columns; invalid YAML keeps the last preview, marked stale", async ({
  page,
}, testInfo) => {
  const account = newAccount("mark");
  await signUp(page, account);
  await createEnvironment(page, account.org, "markers");
  const preview = page.getByTestId("preview");

  await replaceEditorText(page, "values:\n  greeting: hello\n  broken: ${nope.here}\n  after: 1");
  // The evaluator's diagnostic, as a marker under `nope` on line 3 (and in the list as 3:13).
  await expect(page.getByTestId("diagnostics")).toContainText('unknown property "nope"');
  await expect(page.getByTestId("diagnostics")).toContainText("3:13");
  const squiggle = page.locator(".monaco-editor .squiggly-error").first();
  await expect(squiggle).toBeVisible();
  const mark = (await squiggle.boundingBox())!;
  const line3 = (await lineLocator(page, "broken:").boundingBox())!;
  const line2 = (await lineLocator(page, "greeting:").boundingBox())!;
  const centre = mark.y + mark.height / 2;
  expect(centre).toBeGreaterThanOrEqual(line3.y);
  expect(centre).toBeLessThanOrEqual(line3.y + line3.height);
  expect(centre).toBeGreaterThan(line2.y + line2.height);
  // Horizontally it starts after `broken: ${` (column 13), not at the line's start.
  const nopeX = await lineLocator(page, "broken:").evaluate((el) => {
    const range = document.createRange();
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const i = (node.textContent ?? "").indexOf("nope");
      if (i >= 0) {
        range.setStart(node, i);
        range.setEnd(node, i + 4);
        return range.getBoundingClientRect().x;
      }
    }
    return -1;
  });
  expect(nopeX).toBeGreaterThan(0);
  expect(Math.abs(mark.x - nopeX)).toBeLessThan(4);
  // The squiggle sits under the text layer: point at its middle, as a user would.
  await page.mouse.move(mark.x + Math.min(mark.width / 2, 12), mark.y + mark.height / 2 - 6);
  await expect(page.locator(".monaco-hover:not(.hidden)")).toContainText('unknown property "nope"', {
    timeout: 30_000,
  });
  await expect(page.locator(".monaco-hover:not(.hidden)")).not.toContainText("|| ||");
  await shot(page, testInfo, "marker-bad-reference");
  await page.mouse.move(0, 0);
  await page.keyboard.press("Escape");

  // A good preview, then text that is not YAML: the preview stays, marked stale.
  await replaceEditorText(page, "values:\n  greeting: hello\n  port: 5432");
  await expect(preview).toContainText("5432");
  await expect(page.getByTestId("preview-stale")).toHaveCount(0);
  await replaceEditorText(page, "values:\n  greeting: [hello\n  port: 5432");
  await expect(page.getByTestId("preview-stale")).toBeVisible();
  await expect(preview).toHaveAttribute("data-stale", "true");
  await expect(preview).toContainText("greeting");
  await expect(preview).toContainText("5432");
  await expect(page.getByTestId("diagnostics")).toContainText("yaml:");
  // The YAML language service marks the syntax error in the text itself.
  await expect(page.locator(".monaco-editor .squiggly-error").first()).toBeVisible({ timeout: 30_000 });
  await shot(page, testInfo, "stale-preview");
  // Fixing it brings the live preview back.
  await replaceEditorText(page, "values:\n  greeting: [hello]\n  port: 5433");
  await expect(preview).toContainText("5433");
  await expect(page.getByTestId("preview-stale")).toHaveCount(0);
});

test("an unsaved draft survives a reload, encrypted in browser storage, and is offered back", async ({
  page,
  context,
}, testInfo) => {
  const account = newAccount("draft");
  await signUp(page, account);
  await createEnvironment(page, account.org, "drafty");
  const storageKey = `esc:draft:${account.org}/default/drafty`;
  const draft = "values:\n  greeting: from the draft\n  password:\n    fn::secret: plaintext-draft-secret-42";

  await replaceEditorText(page, draft);
  await expect(page.getByTestId("save-state")).toHaveText("Unsaved changes");
  await expect
    .poll(() => page.evaluate((k) => localStorage.getItem(k), storageKey), { timeout: 10_000 })
    .not.toBeNull();
  const stored = (await page.evaluate((k) => localStorage.getItem(k), storageKey))!;
  // Ciphertext only: neither the secret nor any other text of the draft is readable on disk.
  expect(stored).not.toContain("plaintext-draft-secret-42");
  expect(stored).not.toContain("from the draft");
  expect(JSON.parse(stored)).toMatchObject({ v: 1, base: 1 });

  // Reload (the unsaved-changes prompt is accepted, as a user leaving would).
  page.on("dialog", (dialog) => void dialog.accept());
  await page.reload();
  await waitForEditor(page);
  const offer = page.getByTestId("draft-offer");
  await expect(offer).toBeVisible();
  await expect(offer).toContainText("Unsaved draft");
  expect(await editorText(page)).not.toContain("from the draft");
  await shot(page, testInfo, "draft-offer");
  await offer.getByRole("button", { name: "Restore draft" }).click();
  await expect(offer).toHaveCount(0);
  await waitForEditor(page);
  await expect.poll(() => editorText(page)).toContain("greeting: from the draft");
  await expect(page.getByTestId("save-state")).toHaveText("Unsaved changes");
  await expect(page.getByTestId("preview")).toContainText("from the draft");

  // Saving clears it: a reload offers nothing.
  await page.getByRole("button", { name: /^Save/ }).click();
  await expect(page.getByText("Saved revision 2.")).toBeVisible();
  await expect.poll(() => page.evaluate((k) => localStorage.getItem(k), storageKey)).toBeNull();
  await page.reload();
  await waitForEditor(page);
  await expect(page.getByTestId("preview")).toContainText("from the draft");
  await expect(page.getByTestId("draft-offer")).toHaveCount(0);

  // Discard drops a draft for good.
  await replaceEditorText(page, "values:\n  greeting: to be discarded");
  await expect
    .poll(() => page.evaluate((k) => localStorage.getItem(k), storageKey), { timeout: 10_000 })
    .not.toBeNull();
  await page.reload();
  await waitForEditor(page);
  await page.getByTestId("draft-offer").getByRole("button", { name: "Discard" }).click();
  await expect(page.getByTestId("draft-offer")).toHaveCount(0);
  expect(await page.evaluate((k) => localStorage.getItem(k), storageKey)).toBeNull();
  await page.reload();
  await waitForEditor(page);
  await expect(page.getByTestId("preview")).toContainText("from the draft");
  await expect(page.getByTestId("draft-offer")).toHaveCount(0);

  // A crash: the tab goes away without any unload handler running; a new tab offers the draft.
  await replaceEditorText(page, "values:\n  greeting: typed before the crash");
  await expect
    .poll(() => page.evaluate((k) => localStorage.getItem(k), storageKey), { timeout: 10_000 })
    .not.toBeNull();
  const url = page.url();
  await page.close({ runBeforeUnload: false });
  const again = await context.newPage();
  await again.goto(url);
  await waitForEditor(again);
  await again.getByTestId("draft-offer").getByRole("button", { name: "Restore draft" }).click();
  await expect.poll(() => editorText(again)).toContain("typed before the crash");
});

test("the split is draggable, keyboard-movable and remembered; Monaco's theme follows the system", async ({
  page,
}, testInfo) => {
  const account = newAccount("split");
  await signUp(page, account);
  await createEnvironment(page, account.org, "layout");
  await replaceEditorText(
    page,
    "values:\n  region: us-west-2\n  environmentVariables:\n    AWS_REGION: ${region}",
  );
  const divider = page.getByRole("separator", { name: "Resize editor and preview" });
  await expect(divider).toHaveAttribute("aria-valuenow", "55");

  // Drag it to ~40% of the split's width.
  const split = (await page.locator(".split").boundingBox())!;
  const handle = (await divider.boundingBox())!;
  await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
  await page.mouse.down();
  await page.mouse.move(split.x + split.width * 0.4, handle.y + handle.height / 2, { steps: 8 });
  await page.mouse.up();
  const dragged = Number(await divider.getAttribute("aria-valuenow"));
  expect(dragged).toBeGreaterThanOrEqual(38);
  expect(dragged).toBeLessThanOrEqual(42);
  // Keyboard: focus and arrows.
  await divider.focus();
  await page.keyboard.press("ArrowRight");
  await expect(divider).toHaveAttribute("aria-valuenow", String(dragged + 2));

  await page.reload();
  await waitForEditor(page);
  await expect(divider).toHaveAttribute("aria-valuenow", String(dragged + 2));
  await shot(page, testInfo, "layout-light-1280x800");

  // Light system theme: Monaco light; dark system theme: Monaco dark, without a reload.
  await page.emulateMedia({ colorScheme: "light" });
  await expect(page.locator(".monaco-editor").first()).toHaveClass(/\bvs\b/);
  await page.emulateMedia({ colorScheme: "dark" });
  await expect(page.locator(".monaco-editor").first()).toHaveClass(/\bvs-dark\b/);
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(background).not.toBe("rgb(255, 255, 255)");
  await shot(page, testInfo, "layout-dark-1280x800");

  // Every control in the header is reachable by keyboard and has a name.
  for (const name of [/^Save/, "Open"]) {
    const button = page.getByRole("button", { name, exact: typeof name === "string" });
    await button.focus();
    await expect(button).toBeFocused();
  }
  await expect(
    page.getByRole("code").or(page.getByLabel("Environment definition (YAML)")).first(),
  ).toBeAttached();
});
