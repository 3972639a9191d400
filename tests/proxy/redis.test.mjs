// fourws/proxy on several instances (issue 20), with real parts: a real redis-server (the
// Debian package scripts/setup.sh installs, started here on a free port, no persistence),
// three proxy processes and one client process (a Node job) sharing one 4WS call budget
// through rate-limiter-flexible's RateLimiterRedis, against a counting 4WS host; then Redis
// killed mid-run.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import Redis from "ioredis";
import { REDIS_SERVER, startRedis } from "../common/redis-server.mjs";

const BUDGET = 6; // calls to 4WS per window, for the whole account
const WINDOW_S = 2;
const here = (f) => fileURLToPath(new URL(f, import.meta.url));

const children = [];
let redisServer;
let redisPort;
let upstream;
const arrivals = []; // { at, windowEnd } per call that reached the 4WS host
let budgetKey = null;
let probe;


/** Starts a process that prints `{ port }` (or its result) as its first line of JSON. */
function run(file, env) {
  const child = spawn(process.execPath, [here(file)], { env: { ...process.env, REDIS_PORT: String(redisPort), UPSTREAM: upstream.url, BUDGET: String(BUDGET), WINDOW_S: String(WINDOW_S), ...env }, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let out = "";
  let err = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (err += d));
  const line = new Promise((resolve, reject) => {
    child.stdout.on("data", () => {
      const nl = out.indexOf("\n");
      if (nl !== -1) resolve(JSON.parse(out.slice(0, nl)));
    });
    child.on("exit", (code) => reject(new Error(`${file} exited ${code} before answering: ${err}`)));
  });
  return { child, line };
}

async function proxy(env = {}) {
  const { line } = run("shared/proxy-process.mjs", env);
  const { port } = await line;
  return `http://127.0.0.1:${port}`;
}

let proxies;
let insured;

before(async () => {
  const redis = await startRedis();
  redisPort = redis.port;
  children.push(redis.child);
  probe = new Redis({ host: "127.0.0.1", port: redisPort, maxRetriesPerRequest: 1 });
  probe.on("error", () => {});
  await probe.ping();
  // The counting 4WS host: records each call and, from Redis, the end of the budget's
  // window it was counted in.
  const host = http.createServer(async (req, res) => {
    const at = Date.now();
    let windowEnd = null;
    try {
      if (probe.status !== "ready") throw new Error("Redis is down");
      budgetKey ??= (await probe.keys("shop-4ws:*"))[0] ?? null;
      if (budgetKey) windowEnd = at + (await probe.pttl(budgetKey));
    } catch {
      // Redis is down: the window is unknown (and nothing should arrive)
    }
    arrivals.push({ at, windowEnd, from: req.headers["x-from"] ?? "proxy" });
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ success: true, moreRows: false, resultSetLength: 1, valueObjectList: [{ documentStatus: "ACTIVE", identifier: "V1" }] }));
  });
  await new Promise((resolve) => host.listen(0, "127.0.0.1", resolve));
  upstream = { server: host, url: `http://127.0.0.1:${host.address().port}` };
  proxies = await Promise.all([proxy(), proxy(), proxy()]);
  insured = await proxy({ INSURANCE: "3" });
});

after(async () => {
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
  probe?.disconnect();
  upstream?.server.closeAllConnections?.();
  await new Promise((resolve) => upstream?.server.close(resolve) ?? resolve());
});

const lookup = (origin, i) =>
  fetch(`${origin}/api?cmd=getLoyaltyVouchers_v1&cardBarcode=0099000001209`, { headers: { "x-visitor": String(i) } }).then(async (r) => ({ status: r.status, retryAfter: r.headers.get("retry-after"), body: await r.json() }));

/** Arrivals grouped by the budget window they were counted in (ends within 250 ms: one window). */
function windows(list) {
  const sorted = list.filter((a) => a.windowEnd !== null).sort((a, b) => a.windowEnd - b.windowEnd);
  const groups = [];
  for (const a of sorted) {
    const last = groups.at(-1);
    if (last && a.windowEnd - last.end < 250) last.count++;
    else groups.push({ end: a.windowEnd, count: 1 });
  }
  return groups;
}

test("three proxies and a Node job share one 4WS budget through Redis: no window gets more than the budget", { timeout: 60_000 }, async () => {
  const client = run("shared/client-process.mjs", { CALLS: "6" });
  const clientResult = client.line;
  // The burst: rounds of 6 concurrent calls (2 per proxy) every 100 ms for 5 s.
  const answers = [];
  const started = Date.now();
  let i = 0;
  while (Date.now() - started < 5_000) {
    const round = [];
    for (const origin of proxies) for (let k = 0; k < 2; k++) round.push(lookup(origin, i++));
    answers.push(...(await Promise.all(round)));
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const job = await clientResult;
  const statuses = {};
  for (const a of answers) statuses[a.status] = (statuses[a.status] ?? 0) + 1;
  const groups = windows(arrivals);
  const forwarded = statuses[200] ?? 0;
  console.log(`# burst: offered ${answers.length} (proxies) + 6 (job); per ${WINDOW_S} s window at the 4WS host: [${groups.map((g) => g.count).join(", ")}] (budget ${BUDGET}); 429s: ${statuses[429] ?? 0}; job ok: ${job.ok}`);
  assert.deepEqual(Object.keys(statuses).sort(), ["200", "429"], JSON.stringify(statuses));
  for (const a of answers.filter((x) => x.status === 429)) {
    assert.ok(Number(a.retryAfter) >= 1 && Number(a.retryAfter) <= WINDOW_S, a.retryAfter);
    assert.match(a.body.message, /call budget is used up/);
  }
  assert.equal(arrivals.length, forwarded + job.ok, "every forwarded call and every job call reached the host, nothing else");
  assert.ok(groups.length >= 2, `the burst spans several windows (${groups.length})`);
  for (const g of groups) assert.ok(g.count <= BUDGET, `a window got ${g.count} calls, over the budget of ${BUDGET}`);
  assert.equal(arrivals.filter((a) => a.windowEnd === null).length, 0);
  assert.equal(job.ok, 6, JSON.stringify(job.failed));
  assert.ok((statuses[429] ?? 0) > answers.length / 2, "most of the burst was refused");
});

test("Redis killed mid-run: the proxies answer 503 and forward nothing; an insurance limiter decides instead; the job fails with nothing sent", { timeout: 60_000 }, async () => {
  const before = arrivals.length;
  const redis = children.find((c) => c.spawnfile === REDIS_SERVER && c.exitCode === null);
  redis.kill("SIGKILL");
  await once(redis, "exit");
  await new Promise((resolve) => setTimeout(resolve, 300));
  const answers = await Promise.all(proxies.flatMap((origin) => [0, 1, 2].map((k) => lookup(origin, 1000 + k))));
  for (const a of answers) {
    assert.equal(a.status, 503, JSON.stringify(a));
    assert.match(a.body.message, /rate limiter is unavailable.*nothing was sent/);
  }
  assert.equal(arrivals.length, before, "nothing reached the 4WS host unmetered");
  // The job: its call fails (kind network), nothing sent.
  const job = await run("shared/client-process.mjs", { CALLS: "1" }).line;
  assert.equal(job.ok, 0);
  assert.equal(job.failed[0].kind, "network");
  assert.match(job.failed[0].message, /rate limiter's store failed.*nothing was sent/);
  assert.equal(arrivals.length, before);
  // The proxy with an insurance limiter (3 points per window, in memory) goes on under it.
  const insuredAnswers = [];
  for (let k = 0; k < 5; k++) insuredAnswers.push(await lookup(insured, 2000 + k));
  assert.deepEqual(insuredAnswers.map((a) => a.status), [200, 200, 200, 429, 429]);
  assert.equal(arrivals.length, before + 3);
  // Its metrics say why.
  const metrics = await (await fetch(`${proxies[0]}/metrics`)).text();
  assert.match(metrics, /fourws_proxy_refused_total\{reason="limiter_unavailable"\} 3/);
  assert.match(metrics, /fourws_proxy_requests_total\{cmd="getLoyaltyVouchers_v1",status="503"\} 3/);
  assert.ok(!metrics.includes("Sh4red-Budget-Pw") && !metrics.includes("0099000001209"));
});
