// FOURWS_REDIS_URL (issue 20): the `fourws` command, from the installed tarball, shares the
// 4WS account's budget through a real redis-server, with the key the proxies use; Redis
// down means nothing sent and exit 1; without ioredis installed, a clear message.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { rmSync, symlinkSync, realpathSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Redis from "ioredis";
import { startMockServer } from "../../mock/server.mjs";
import { freePort, startRedis } from "../common/redis-server.mjs";
import { CREDENTIALS, fourws, fourwsBin, mockEnv } from "./helpers.mjs";

const OPTIONAL = ["ioredis", "rate-limiter-flexible"];
const root = fileURLToPath(new URL("../../", import.meta.url));
let mock;
let redisServer;
let redisPort;
let probe;
let project;

before(async () => {
  mock = await startMockServer({ port: 0 });
  ({ port: redisPort, child: redisServer } = await startRedis());
  probe = new Redis({ host: "127.0.0.1", port: redisPort });
  project = (await fourwsBin()).project;
});

after(async () => {
  for (const name of OPTIONAL) rmSync(join(project, "node_modules", name), { force: true });
  probe?.disconnect();
  redisServer?.kill("SIGKILL");
  await mock.close();
});

// The optional packages are links to the repository's copies: their own dependencies
// (ioredis's @ioredis/commands, ...) are found through NODE_PATH, as a user's npm install
// would place them beside.
const env = (extra) =>
  mockEnv(mock.url, { FOURWS_REDIS_URL: `redis://127.0.0.1:${redisPort}`, NODE_PATH: join(root, "node_modules"), ...extra });

test("without ioredis installed, FOURWS_REDIS_URL fails with what to install, and nothing is sent", async () => {
  const before = mock.requests.length;
  const r = await fourws(["vouchers", "0099000001209"], { env: env() });
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /npm install ioredis rate-limiter-flexible/);
  assert.equal(mock.requests.length, before);
});

test("with them installed, each call consumes the account's key in Redis (the key fourws/proxy uses)", async () => {
  // Installed beside fourws, as a user would (links to the repository's copies).
  mkdirSync(join(project, "node_modules"), { recursive: true });
  for (const name of OPTIONAL) symlinkSync(realpathSync(join(root, "node_modules", name)), join(project, "node_modules", name));
  const before = mock.requests.length;
  const r = await fourws(["vouchers", "0099000001209"], { env: env({ FOURWS_REDIS_PREFIX: "shop-4ws", FOURWS_REDIS_BUDGET: "100/60" }) });
  assert.equal(r.code, 0, r.stderr);
  const sent = mock.requests.length - before;
  assert.ok(sent >= 2, `${sent} calls`);
  const host = encodeURIComponent(new URL(mock.url).host);
  const key = `shop-4ws:4ws:${host}:${encodeURIComponent(CREDENTIALS.companyId ?? "")}:${encodeURIComponent(CREDENTIALS.username ?? "")}`;
  assert.deepEqual(await probe.keys("shop-4ws:*"), [key]);
  assert.equal(Number(await probe.get(key)), sent, "one point per call sent");
  // A budget already used up by others makes the command wait for the next window.
  await probe.del(key);
  await probe.set(key, "2", "PX", 1500);
  const t = Date.now();
  const waited = await fourws(["vouchers", "0099000001209"], { env: env({ FOURWS_REDIS_PREFIX: "shop-4ws", FOURWS_REDIS_BUDGET: "2/60" }) });
  assert.equal(waited.code, 0, waited.stderr);
  assert.ok(Date.now() - t >= 1400, "it waited for the window");
});

test("Redis down: exit 1, nothing sent, no secret in the message", async () => {
  const before = mock.requests.length;
  const r = await fourws(["vouchers", "0099000001209"], { env: env({ FOURWS_REDIS_URL: `redis://:redis-pw@127.0.0.1:${await freePort()}` }) });
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /rate limiter's store failed.*nothing was sent/);
  assert.ok(!r.stderr.includes("redis-pw") && !r.stderr.includes(CREDENTIALS.password));
  assert.equal(mock.requests.length, before);
});
