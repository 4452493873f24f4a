// The preview pane's views (tree, JSON, YAML, environment variables, files, dotenv): secrets are
// masked in every view and never sent to the browser until the user reveals one value; unknowns
// are marked; a revealed value is masked again as soon as the text is re-evaluated; the chosen
// view is remembered.
import type { Page, Response, TestInfo } from "@playwright/test";
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
} from "./fixtures";

const SECRET = "s3cret-preview-value";
const OPENED_SECRET = "opened-preview-secret";
const DEFINITION = `values:
  app:
    name: web
    port: 8080
    debug: false
  password:
    fn::secret: ${SECRET}
  later:
    fn::open::aws-login:
      static:
        accessKeyId: AKIAPREVIEWVIEWS
        secretAccessKey:
          fn::secret: ${OPENED_SECRET}
  environmentVariables:
    APP_NAME: \${app.name}
    DB_PASSWORD: \${password}
    AWS_KEY: \${later.accessKeyId}
    not-portable: x
  files:
    CONFIG: |
      name=\${app.name}
      port=\${app.port}
`;

/** Every server answer the page received, as text (server actions answer POSTs). */
function recordAnswers(page: Page): string[] {
  const bodies: string[] = [];
  page.on("response", (response: Response) => {
    if (response.request().method() !== "POST") return;
    response.text().then(
      (t) => bodies.push(t),
      () => undefined,
    );
  });
  return bodies;
}

async function shot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await page.screenshot({ path: testInfo.outputPath(`${name}.png`) });
}

test("views, masked secrets, per-value reveal, re-masking and the remembered view", async ({
  page,
}, testInfo) => {
  const answers = recordAnswers(page);
  const account = newAccount("views");
  await signUp(page, account);
  await createEnvironment(page, account.org, "views");
  await replaceEditorText(page, DEFINITION);

  const preview = page.getByTestId("preview");
  const tab = (name: string | RegExp) => page.getByRole("tab", { name });

  // Tree: types, secret masked, unknown marked.
  await expect(preview).toContainText('"web"');
  await expect(preview).toContainText("8080");
  await expect(preview).toContainText("unknown until opened");
  await expect(preview.getByRole("button", { name: "Reveal password", exact: true })).toBeVisible();
  await expect(tab("Tree")).toHaveAttribute("aria-selected", "true");
  await shot(page, testInfo, "preview-tree-light");

  // Nothing the server sent so far holds the secret's plaintext.
  expect(answers.length).toBeGreaterThan(0);
  for (const body of answers) expect(body).not.toContain(SECRET);
  expect(await preview.innerHTML()).not.toContain(SECRET);

  // JSON and YAML: the CLI's masks.
  await tab("JSON").click();
  await expect(preview).toContainText('"password": "[secret]"');
  await expect(preview).toContainText('"later": "[unknown]"');
  await expect(preview).toContainText('"port": 8080');
  await tab("YAML").click();
  await expect(preview).toContainText('password: "[secret]"');
  await expect(preview).toContainText("name: web");

  // Environment variables: what esc run sets.
  await tab(/^Environment variables/).click();
  const vars = page.getByTestId("env-vars");
  await expect(vars.getByRole("row", { name: /APP_NAME/ })).toContainText("web");
  await expect(vars.getByRole("row", { name: /AWS_KEY/ })).toContainText("unknown until opened");
  await expect(vars.getByRole("row", { name: /DB_PASSWORD/ })).toContainText("secret");
  await shot(page, testInfo, "preview-env-light");
  // A laptop screen: the tabs still fit (a narrow pane shortens the longest label).
  await page.setViewportSize({ width: 1280, height: 800 });
  await expect(tab(/^Environment variables/)).toBeVisible();
  await shot(page, testInfo, "preview-env-1280");
  await page.setViewportSize({ width: 1360, height: 820 });

  // Files.
  await tab(/^Files/).click();
  await expect(page.getByTestId("files")).toContainText("$CONFIG");
  await expect(page.getByTestId("files")).toContainText("name=web");
  await expect(page.getByTestId("files")).toContainText("port=8080");

  // dotenv: quoted like esc open --format dotenv, masks kept, non-portable names left out.
  await tab("dotenv").click();
  await expect(preview).toContainText('APP_NAME="web"');
  await expect(preview).toContainText('DB_PASSWORD="[secret]"');
  await expect(preview).toContainText('AWS_KEY="[unknown]"');
  await expect(preview).toContainText('Not in the file (not valid variable names): "not-portable"');
  await shot(page, testInfo, "preview-dotenv-light");

  // Reveal one value: its plaintext arrives (only now), shown in the views that show it.
  await tab(/^Environment variables/).click();
  await vars.getByRole("button", { name: "Reveal DB_PASSWORD", exact: true }).click();
  await expect(vars.getByRole("row", { name: /DB_PASSWORD/ })).toContainText(SECRET);
  await expect(vars.getByRole("button", { name: "Hide DB_PASSWORD", exact: true })).toBeVisible();
  await tab("dotenv").click();
  await expect(preview).toContainText(`DB_PASSWORD="${SECRET}"`);
  await tab(/^Environment variables/).click();
  await shot(page, testInfo, "preview-revealed-light");

  // Hide masks it again without a round trip.
  await vars.getByRole("button", { name: "Hide DB_PASSWORD", exact: true }).click();
  await expect(preview).not.toContainText(SECRET);

  // Revealed, then edited: the new evaluation masks it again.
  await vars.getByRole("button", { name: "Reveal DB_PASSWORD", exact: true }).click();
  await expect(preview).toContainText(SECRET);
  await replaceEditorText(page, `${DEFINITION}  extra: 1\n`);
  await expect(preview).not.toContainText(SECRET);
  await expect(vars.getByRole("button", { name: "Reveal DB_PASSWORD", exact: true })).toBeVisible();

  // The view is remembered across a reload (saved first, so nothing is lost).
  await page.getByRole("button", { name: /^Save/ }).click();
  await expect(page.getByTestId("save-state")).toContainText("Saved");
  await page.reload();
  await waitForEditor(page);
  await expect(tab(/^Environment variables/)).toHaveAttribute("aria-selected", "true");
  await expect(page.getByTestId("env-vars")).toContainText("APP_NAME");

  // Keyboard: arrows move between views.
  await tab(/^Environment variables/).focus();
  await page.keyboard.press("ArrowRight");
  await expect(tab(/^Files/)).toHaveAttribute("aria-selected", "true");
  await expect(tab(/^Files/)).toBeFocused();
  await page.keyboard.press("ArrowLeft");

  // Dark theme.
  await page.emulateMedia({ colorScheme: "dark" });
  await page.getByTestId("env-vars").getByRole("button", { name: "Reveal DB_PASSWORD", exact: true }).click();
  await expect(page.getByTestId("env-vars")).toContainText(SECRET);
  await shot(page, testInfo, "preview-revealed-dark");
  await tab("Tree").click();
  await shot(page, testInfo, "preview-tree-dark");
  await page.emulateMedia({ colorScheme: "light" });

  // Opened values: provider outputs known, their secrets masked, revealed from what Open kept.
  await page.getByRole("button", { name: "Open", exact: true }).click();
  await expect(page.getByTestId("opened-note")).toBeVisible();
  await expect(preview).toContainText('"AKIAPREVIEWVIEWS"');
  await expect(preview).not.toContainText(OPENED_SECRET);
  await expect(preview).not.toContainText(SECRET); // Open is a new evaluation: masked again
  await preview.getByRole("button", { name: "Reveal later.secretAccessKey", exact: true }).click();
  await expect(preview).toContainText(`"${OPENED_SECRET}"`);
  await shot(page, testInfo, "opened-revealed-light");
  await page.getByRole("button", { name: "Back to live preview" }).click();
  await expect(preview).not.toContainText(OPENED_SECRET);
  await expect(preview).toContainText("unknown until opened");
});

test("a revealed value stays in its own view's tree path only and the JSON view shows it", async ({
  page,
}) => {
  const account = newAccount("views2");
  await signUp(page, account);
  await createEnvironment(page, account.org, "json");
  await replaceEditorText(page, `values:\n  list:\n    - plain\n    - fn::secret: in-a-list-secret\n`);
  const preview = page.getByTestId("preview");
  await page.getByRole("tab", { name: "Tree" }).click();
  await preview.getByRole("button", { name: "Reveal list[1]", exact: true }).click();
  await expect(preview).toContainText('"in-a-list-secret"');
  await page.getByRole("tab", { name: "JSON" }).click();
  await expect(preview).toContainText('"in-a-list-secret"');
  await expect(preview).toContainText('"plain"');
  await waitForEditor(page);
});

test('a member with "read" sees secrets masked and no Reveal', async ({ browser }, testInfo) => {
  test.setTimeout(240_000);
  const alice = newAccount("reveal-admin");
  const bob = newAccount("reveal-reader");
  const a = await (await browser.newContext()).newPage();
  const b = await (await browser.newContext()).newPage();
  await signUp(a, alice);
  await signUp(b, bob);
  await createEnvironment(a, alice.org, "shared");
  await replaceEditorText(
    a,
    `values:\n  region: eu-west-1\n  apiKey:\n    fn::secret: ${SECRET}\n  environmentVariables:\n    API_KEY: \${apiKey}\n`,
  );
  await a.getByRole("button", { name: /^Save/ }).click();
  await expect(a.getByTestId("save-state")).toContainText("Saved", { timeout: 30_000 });
  // Alice (org admin) may reveal; the audit log says she did, and not what she saw.
  await a.getByTestId("preview").getByRole("button", { name: "Reveal apiKey", exact: true }).click();
  await expect(a.getByTestId("preview")).toContainText(SECRET);
  await a.goto(`/${alice.org}/audit`);
  await expect(a.locator("main")).toContainText("environment.reveal");
  await expect(a.locator("main")).toContainText("default/shared apiKey");
  expect(await a.content()).not.toContain(SECRET);

  await addMember(a, alice.org, bob.email);
  await lowerDefaultPermission(a, alice.org, "read");

  await b.goto(`/${alice.org}/environments/default/shared`);
  await waitForEditor(b);
  const preview = b.getByTestId("preview");
  await expect(preview).toContainText("eu-west-1");
  // Evaluated without the key (read may not decrypt): the secret has no value to show at all,
  // and it shows as a secret they may not see, not as something that Open would tell.
  await expect(preview).toContainText("apiKey");
  const apiKey = preview.getByRole("listitem").filter({ hasText: /^apiKey:/ });
  await expect(apiKey).toContainText("secret");
  await expect(apiKey.locator(".v-secret")).toHaveAttribute("title", /needs “open” permission/);
  await expect(preview).not.toContainText("unknown");
  await expect(b.getByRole("button", { name: /^Reveal/ })).toHaveCount(0);
  expect(await preview.innerHTML()).not.toContain(SECRET);
  await b.screenshot({ path: testInfo.outputPath("read-only-secret-tree.png") });
  await b.getByRole("tab", { name: /^Environment variables/ }).click();
  const row = b.getByTestId("env-vars").getByRole("row", { name: /API_KEY/ });
  await expect(row).toContainText("secret");
  await expect(row).not.toContainText("unknown");
  await b.getByRole("tab", { name: "JSON" }).click();
  await expect(preview).toContainText('"apiKey": "[secret]"');
  await b.getByRole("tab", { name: "Tree" }).click();
  expect(await preview.innerHTML()).not.toContain(SECRET);
});

test("a bad reference shows as an error with its diagnostic, a provider output as unknown until opened", async ({
  page,
}, testInfo) => {
  const account = newAccount("badref");
  await signUp(page, account);
  await createEnvironment(page, account.org, "badref");
  await replaceEditorText(
    page,
    `values:
  region: eu-west-1
  broken: \${does.not.exist}
  viaBroken: prefix-\${broken}
  later:
    fn::open::aws-login:
      static:
        accessKeyId: AKIABADREFSPEC
        secretAccessKey:
          fn::secret: badref-opened-secret
  environmentVariables:
    BROKEN: \${broken}
    LATER: \${later.accessKeyId}
`,
  );
  const preview = page.getByTestId("preview");
  const item = (key: string) => preview.getByRole("listitem").filter({ hasText: new RegExp(`^${key}:`) });
  await page.getByRole("tab", { name: "Tree" }).click();
  await expect(item("broken").locator(".v-error")).toHaveText("error");
  await expect(item("broken")).toContainText('unknown property "does"');
  await expect(item("broken")).not.toContainText("unknown until opened");
  await expect(item("viaBroken")).toContainText('unknown property "does"');
  await expect(item("later")).toContainText("unknown until opened");
  // The same diagnostic as the diagnostics list shows.
  await expect(page.getByTestId("diagnostics")).toContainText('unknown property "does"');
  await page.screenshot({ path: testInfo.outputPath("bad-reference-tree.png") });

  await page.getByRole("tab", { name: /^Environment variables/ }).click();
  const vars = page.getByTestId("env-vars");
  await expect(vars.getByRole("row", { name: /BROKEN/ })).toContainText('unknown property "does"');
  await expect(vars.getByRole("row", { name: /BROKEN/ })).not.toContainText("unknown until opened");
  await expect(vars.getByRole("row", { name: /LATER/ })).toContainText("unknown until opened");
  await page.screenshot({ path: testInfo.outputPath("bad-reference-env.png") });

  await page.getByRole("tab", { name: "JSON" }).click();
  await expect(preview).toContainText('"broken": "[error]"');
  await expect(preview).toContainText('"later": "[unknown]"');
  await page.getByRole("tab", { name: "dotenv" }).click();
  await expect(preview).toContainText('BROKEN="[error]"');
  await expect(preview).toContainText('LATER="[unknown]"');

  // Open: the provider's output becomes known; the bad reference stays an error.
  await page.getByRole("button", { name: "Open", exact: true }).click();
  await expect(page.getByTestId("open-failed")).toBeVisible();
  await page.getByRole("tab", { name: "Tree" }).click();
  await expect(item("accessKeyId")).toContainText('"AKIABADREFSPEC"');
  await expect(item("LATER")).toContainText('"AKIABADREFSPEC"');
  await expect(item("broken")).toContainText('unknown property "does"');
  await expect(preview).not.toContainText("unknown until opened");
  await expect(preview).not.toContainText("unknown (see diagnostics)");
  await page.screenshot({ path: testInfo.outputPath("bad-reference-opened.png") });
});
