// The fault matrix, bad-input and credential checks of tests/cases, in headless Chromium:
// the package's browser entry, real browser fetch, against the mock server.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startMockServer } from "../../mock/server.mjs";
import { REPO, startStaticServer, launchBrowser } from "../package/tarball.mjs";

const SUITES = ["fault-matrix", "bad-input", "credentials", "waits", "recovery"];

let mock;
let site;
let browser;
let page;
before(async () => {
  mock = await startMockServer();
  site = await startStaticServer(REPO);
  browser = await launchBrowser();
  page = await browser.newPage();
  await page.goto(`${site.url}/tests/browser/runner.html`);
  await page.evaluate(async () => {
    const pkg = await import("/pkg/browser.js");
    await pkg.default();
    window.fourws = pkg;
  });
});
after(async () => {
  await browser?.close();
  await site?.close();
  await mock?.close();
});

/** The checks' names, listed in the page (so the test list mirrors the modules). */
async function names(suite) {
  return page.evaluate(async (suite) => {
    const mod = await import(`/tests/cases/${suite}.mjs`);
    return mod.checks.map((c) => c.name);
  }, suite);
}

for (const suite of SUITES) {
  test(`${suite} checks in Chromium`, async (t) => {
    for (const name of await names(suite)) {
      await t.test(name, async () => {
        const result = await page.evaluate(
          async ({ suite, name, mockUrl }) => {
            const { environment } = await import("/tests/cases/harness.mjs");
            const mod = await import(`/tests/cases/${suite}.mjs`);
            const env = environment({ ...window.fourws, mockUrl });
            const check = mod.checks.find((c) => c.name === name);
            try {
              await check.run(env);
              return { ok: true };
            } catch (e) {
              return { ok: false, error: String(e && e.stack ? e.stack : e) };
            }
          },
          { suite, name, mockUrl: mock.url },
        );
        assert.ok(result.ok, result.error);
      });
    }
  });
}
