// The fault matrix, bad-input and credential checks of tests/cases, in Node.
// (tests/browser/hardening.test.mjs runs the same checks in headless Chromium.)
import { test, before, after } from "node:test";
import { inspect } from "node:util";
import { startMockServer } from "../../mock/server.mjs";
import { Client, FourWsError } from "../../pkg/node.js";
import { environment } from "../cases/harness.mjs";
import * as faultMatrix from "../cases/fault-matrix.mjs";
import * as badInput from "../cases/bad-input.mjs";
import * as credentials from "../cases/credentials.mjs";
import * as waits from "../cases/waits.mjs";
import * as recovery from "../cases/recovery.mjs";

let mock;
let env;
before(async () => {
  mock = await startMockServer();
  env = { ...environment({ Client, FourWsError, mockUrl: mock.url }), inspect: (v) => inspect(v, { showHidden: true, depth: 5 }) };
});
after(() => mock.close());

for (const suite of [faultMatrix, badInput, credentials, waits, recovery]) {
  for (const check of suite.checks) test(check.name, () => check.run(env));
}
