// An export never reports success with records missing (issue 18, items 1-6, 24-26): real
// `fourws` processes from the packed tarball, the mock 4WS server and its fault switches,
// real pipes and signals.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startMockServer } from "../../mock/server.mjs";
import { fourws, fourwsBin, mockEnv, sleep, tempDir } from "./helpers.mjs";

let mock;
let env;
let dir;
let n = 0;
const file = (ext = "ndjson") => join(dir, `out-${++n}.${ext}`);
const lines = (text) => text.split("\n").filter(Boolean).map((l) => JSON.parse(l));
const codes = (records) => records.map((c) => c.subject.subjectCode);
const faulty = (headers) => ({ ...env, FOURWS_HEADERS: JSON.stringify(headers) });

before(async () => {
  mock = await startMockServer({ port: 0, latencyMs: 0 });
  env = mockEnv(mock.url, { FOURWS_CHECKPOINT_MS: "0" });
  dir = tempDir("fourws-cli-delivery-");
  await fourwsBin();
});
after(() => mock?.close());

describe("item 1: the library's end of export and total check", () => {
  for (const concurrency of ["1", "4"]) {
    test(`announced 142, served 137: exit 1, file and checkpoint kept, the shortfall said (concurrency ${concurrency})`, async () => {
      const out = file();
      const r = await fourws(["export", "customers", "--out", out, "--concurrency", concurrency, "-q"], {
        env: faulty({ "x-fault": "total-mismatch" }),
      });
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /5 elements are missing/);
      assert.ok(existsSync(out + ".fourws-checkpoint"), "the checkpoint is kept");
      assert.equal(lines(readFileSync(out, "utf8")).length, 137);
      // Elements went missing before the end: a resume from the end cannot bring them back
      // (a nightly job that followed a "to resume" hint here exited 0 with a record twice).
      assert.doesNotMatch(r.stderr, /to resume:/);
      assert.match(r.stderr, /resuming cannot repair this: start again with rm .*fourws-checkpoint/);
    });
  }
  test("to stdout as well", async () => {
    const r = await fourws(["export", "customers", "-q"], { env: faulty({ "x-fault": "total-mismatch" }) });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /elements are missing/);
  });
});

describe("item 2: a resume applies the same guards as one uninterrupted run", () => {
  test("a server that ignores start: no duplicates, however many resumes", async () => {
    const out = file();
    const broken = faulty({ "x-fault": "ignore-start" });
    const first = await fourws(["export", "customers", "--out", out, "-q"], { env: broken });
    assert.equal(first.code, 1, first.stderr);
    assert.match(first.stderr, /identical to a page already delivered/);
    assert.equal(lines(readFileSync(out, "utf8")).length, 20);
    // Resumed while the fault lasts: page 0 again is caught, nothing is written twice.
    const again = await fourws(["export", "customers", "--out", out, "--resume", "-q"], { env: broken });
    assert.equal(again.code, 1, again.stderr);
    assert.match(again.stderr, /identical to a page already delivered/);
    assert.equal(lines(readFileSync(out, "utf8")).length, 20);
    // The server recovers: every customer exactly once.
    const last = await fourws(["export", "customers", "--out", out, "--resume", "-q"], { env });
    assert.equal(last.code, 0, last.stderr);
    const all = codes(lines(readFileSync(out, "utf8")));
    assert.equal(all.length, 137);
    assert.equal(new Set(all).size, 137);
    assert.ok(!existsSync(out + ".fourws-checkpoint"));
  });
});

describe("an incremental export that lost a page never ends with exit 0", () => {
  // 90 sales, every 3rd modified: 30, three pages of 10 for system "lost-*".
  const incremental = (system, out) => ["export", "sales", "--incremental", "--system", system, "--out", out, "-q"];
  const checkpoint = (out) => JSON.parse(readFileSync(out + ".fourws-checkpoint", "utf8"));
  const resume = (system, out) => fourws([...incremental(system, out), "--resume"], { env: faulty({ "x-mock-total": "90" }) });
  /** The resumed run delivers what is left, then exits 1: a page may be lost. */
  const resumeEndsLost = async (system, out) => {
    const again = await resume(system, out);
    assert.equal(again.code, 1, again.stderr);
    assert.match(again.stderr, /never delivered/);
    return again;
  };
  /** Sends `signal` once the first page is on disk and the second one asked for. */
  const killOnSecondPage = (signal) => (child) => {
    const timer = setInterval(() => {
      if (mock.requests.filter((q) => q.cmd === "getSalesExport_v3").length >= 2) {
        clearInterval(timer);
        setTimeout(() => child.kill(signal), 50);
      }
    }, 5);
    child.on("close", () => clearInterval(timer));
  };
  const ids = (out) => lines(readFileSync(out, "utf8")).map((s) => s.saleHeader.refDocument);

  test("failed, then resumed: the rest is delivered and the run still exits 1, advising a complete extraction", async () => {
    mock.reset();
    const out = file();
    const first = await fourws(incremental("lost-a", out), {
      env: faulty({ "x-mock-total": "90", "x-fault": "drop-mid-body", "x-fault-start": "10", "x-fault-times": "1" }),
    });
    assert.equal(first.code, 1, first.stderr);
    assert.equal(lines(readFileSync(out, "utf8")).length, 10);
    assert.equal(checkpoint(out).paging.pageLost, true, "the checkpoint remembers the page asked for and lost");
    assert.match(first.stderr, /may be lost for this system: .*--resume writes what the server still sends, then exits 1; only a complete extraction/);

    const again = await resumeEndsLost("lost-a", out);
    assert.match(again.stderr, /take a complete extraction with rm .*fourws-checkpoint.* export sales --out /);
    assert.doesNotMatch(again.stderr.split("take a complete extraction")[1], /--incremental|--system|--resume/);
    assert.equal(lines(readFileSync(out, "utf8")).length, 30, "everything the server still sent was written");
    assert.equal(new Set(ids(out)).size, 30);
    // And every later resume says so again, until a complete extraction is taken.
    await resumeEndsLost("lost-a", out);
  });

  test("SIGTERM while a page is asked for: exit 143, and the resumed run exits 1", async () => {
    mock.reset();
    const out = file();
    const first = await fourws(incremental("lost-b", out), {
      env: faulty({ "x-mock-total": "90", "x-latency-ms": "400" }),
      onSpawn: killOnSecondPage("SIGTERM"),
    });
    assert.equal(first.code, 143, first.stderr);
    assert.equal(checkpoint(out).paging.pageLost, true);
    await resumeEndsLost("lost-b", out);
  });

  test("SIGKILL while a page is asked for (nothing can write a checkpoint): the resumed run exits 1", async () => {
    mock.reset();
    const out = file();
    const first = await fourws(incremental("lost-d", out), {
      env: faulty({ "x-mock-total": "90", "x-latency-ms": "400" }),
      onSpawn: killOnSecondPage("SIGKILL"),
    });
    assert.equal(first.signal, "SIGKILL", first.stderr);
    assert.equal(checkpoint(out).paging.pageLost, true, "stored before the page was asked for");
    await resumeEndsLost("lost-d", out);
  });

  test("a page received but not written (file size limit): the resumed run exits 1", async () => {
    mock.reset();
    const out = file();
    const args = incremental("lost-e", out).map((a) => `'${a}'`).join(" ");
    // 12 KiB: the first page of 10 sales fits, the second does not (Node ignores SIGXFSZ).
    const first = await bash(`ulimit -f 12; FOURWS ${args}`, faulty({ "x-mock-total": "90" }));
    assert.equal(first.code, 1, first.stderr);
    assert.match(first.stderr, /EFBIG|too large/i);
    assert.equal(checkpoint(out).encoder.records, 10, "the first page was written");
    assert.equal(checkpoint(out).paging.pageLost, true);
    await resumeEndsLost("lost-e", out);
  });

  test("an unreadable checkpoint of an incremental export: the advice keeps the file and asks for a complete extraction", async () => {
    mock.reset();
    const out = file();
    const first = await fourws(incremental("lost-f", out), {
      env: faulty({ "x-mock-total": "90", "x-fault": "500", "x-fault-start": "10", "x-fault-times": "9" }),
    });
    assert.equal(first.code, 1, first.stderr);
    writeFileSync(out + ".fourws-checkpoint", "{ truncated");
    const again = await resume("lost-f", out);
    assert.equal(again.code, 2, again.stderr);
    assert.match(again.stderr, /unreadable/);
    assert.match(again.stderr, /move .* away \(it holds records the server will not send again\).*complete extraction/);
    assert.doesNotMatch(again.stderr, /to start over/);
    assert.equal(lines(readFileSync(out, "utf8")).length, 10, "the file is untouched");
  });

  test("an incremental export that lost nothing exits 0", async () => {
    mock.reset();
    const out = file();
    const r = await fourws(incremental("lost-c", out), { env: faulty({ "x-mock-total": "90" }) });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(lines(readFileSync(out, "utf8")).length, 30);
  });
});

describe("item 3: --limit in an incremental export", () => {
  test("is refused before anything is asked (the server's cursor stays)", async () => {
    mock.reset();
    const out = file();
    const r = await fourws(["export", "sales", "--incremental", "--system", "ERP", "--limit", "5", "--out", out], { env });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /incremental export/);
    assert.equal(mock.requests.length, 0, "nothing was requested");
    assert.ok(!existsSync(out + ".fourws-checkpoint"), "no checkpoint of a run that never started");
  });
});

/** A proxy in front of the mock whose customer total changes after the first page. */
async function changingServer(totals) {
  let calls = 0;
  const server = createServer(async (req, res) => {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const headers = { ...req.headers, "x-mock-total": String(totals[Math.min(calls++, totals.length - 1)]) };
    delete headers.host;
    delete headers["content-length"];
    const up = await fetch(mock.url + req.url, { method: req.method, headers, body: req.method === "POST" ? Buffer.concat(chunks) : undefined });
    res.writeHead(up.status, { "content-type": up.headers.get("content-type") ?? "application/json" });
    res.end(Buffer.from(await up.arrayBuffer()));
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => server.close() };
}

describe("item 4: data that changes during an export", () => {
  for (const [what, totals] of [["a customer deleted", [137, 136]], ["a customer added", [137, 138]]]) {
    for (const concurrency of ["1", "4"]) {
      test(`${what}, concurrency ${concurrency}: a pagination error that says so and how to proceed`, async () => {
        const proxy = await changingServer(totals);
        try {
          const r = await fourws(["export", "customers", "--concurrency", concurrency, "-q"], { env: mockEnv(proxy.url) });
          assert.equal(r.code, 1, r.stderr);
          assert.match(r.stderr, /pagination: the data changed during the export/);
          assert.match(r.stderr, /Start the export again/);
          assert.match(r.stderr, /completeExtraction: false/);
        } finally {
          proxy.close();
        }
      });
    }
  }
});

describe("item 5: request --paginate advances by elements", () => {
  test("getPricesExport_v3: 72 price rows, as the typed export", async () => {
    mock.reset();
    const r = await fourws(
      ["request", "getPricesExport_v3", "--method", "POST", "--body", '{"completeExtraction":"T"}', "--paginate", "-q"],
      { env },
    );
    assert.equal(r.code, 0, r.stderr);
    const rows = lines(r.stdout).reduce((k, l) => k + l.prices.length, 0);
    assert.equal(rows, 72);
    assert.deepEqual(
      mock.requests.map((q) => q.start),
      [0, 20, 40, 60],
    );
  });
});

describe("item 6: --invalid fail|skip|FILE", () => {
  const bad = () => faulty({ "x-fault": "bad-record", "x-fault-start": "40" });
  test("fail (the default) stops at the page", async () => {
    const r = await fourws(["export", "customers", "-q"], { env: bad() });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /validation/);
  });
  test("FILE: every valid customer written, the rejected one with its path and message", async () => {
    const out = file();
    const rejects = file("rejects.ndjson");
    const r = await fourws(["export", "customers", "--out", out, "--invalid", rejects], { env: bad() });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(lines(readFileSync(out, "utf8")).length, 136);
    const [rej, ...more] = lines(readFileSync(rejects, "utf8"));
    assert.equal(more.length, 0);
    assert.equal(rej.path, "valueObjectList[3].subject.birthday");
    assert.equal(rej.start, 40);
    assert.ok(rej.message && rej.record.subject);
    assert.match(r.stderr, new RegExp(`1 invalid records were written to`));
  });
  test("skip: reported on stderr, the others delivered", async () => {
    const r = await fourws(["export", "customers", "--invalid", "skip", "-q"], { env: bad() });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(lines(r.stdout).length, 136);
    assert.match(r.stderr, /skipped an invalid record \(page at 40, valueObjectList\[3\]\.subject\.birthday\)/);
  });
});

describe("item 24: a flag and a variable for every job option", () => {
  for (const how of ["flag", "variable"]) {
    test(`maxResponseBytes by ${how}`, async () => {
      const args = ["export", "customers", "-q"];
      const r = await fourws(how === "flag" ? [...args, "--max-response-bytes", "2000"] : args, {
        env: how === "flag" ? env : { ...env, FOURWS_MAX_RESPONSE_BYTES: "2000" },
      });
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /more than maxResponseBytes \(2000\)/);
    });
  }
  test("--allow-repeated-pages lets a repeated page through (then the total check speaks)", async () => {
    const r = await fourws(["export", "customers", "--allow-repeated-pages", "-q"], { env: faulty({ "x-fault": "ignore-start" }) });
    assert.equal(r.code, 1);
    assert.doesNotMatch(r.stderr, /identical/);
  });
  test("--rate-limit N/MS spaces the calls", async () => {
    const began = Date.now();
    const r = await fourws(["export", "customers", "--rate-limit", "2/400", "-q"], { env });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(Date.now() - began >= 1000, "7 calls at 2 per 400 ms take over a second");
    const bad = await fourws(["export", "customers", "--rate-limit", "fast"], { env });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--rate-limit must be N\/MS/);
  });
  test("--timeout-ms and FOURWS_MAX_RETRIES reach the client", async () => {
    const r = await fourws(["export", "customers", "--timeout-ms", "200", "-q"], {
      env: { ...faulty({ "x-fault": "hang" }), FOURWS_MAX_RETRIES: "0" },
    });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /timeout/);
  });
});

/** `fourws ARGS` through bash, with pipefail. */
function bash(script, envv) {
  return new Promise(async (resolve) => {
    const { bin } = await fourwsBin();
    const child = spawn("bash", ["-c", `set -o pipefail; ${script.replaceAll("FOURWS", bin)}`], { env: envv, stdio: ["ignore", "pipe", "pipe"] });
    const out = [];
    const err = [];
    child.stdout.on("data", (b) => out.push(b));
    child.stderr.on("data", (b) => err.push(b));
    child.on("close", (code) => resolve({ code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() }));
  });
}

describe("item 25: pipes and signals", () => {
  test("| head -5 before the end: non-zero, so pipefail sees it", async () => {
    const r = await bash("FOURWS export customers -q | head -5", { ...env, FOURWS_HEADERS: '{"x-mock-total":"3000"}' });
    assert.equal(r.stdout.trim().split("\n").length, 5);
    assert.notEqual(r.code, 0, r.stderr);
    assert.match(r.stderr, /EPIPE/);
  });
  test("> /dev/full: fails with a message, no stack trace, exit 1", async () => {
    const r = await bash("FOURWS export customers -q > /dev/full", env);
    assert.equal(r.code, 1);
    const said = r.stderr.trim().split("\n");
    assert.match(said[0], /^fourws: cannot write to stdout: ENOSPC: no space left on device/);
    assert.ok(said.every((l) => l.startsWith("fourws: ")), r.stderr);
  });
  test("SIGTERM while stdout is blocked ends it at once (143)", async () => {
    const { bin } = await fourwsBin();
    const child = spawn(bin, ["export", "customers", "-q"], {
      env: { ...env, FOURWS_HEADERS: '{"x-mock-total":"5000"}' },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const err = [];
    child.stderr.on("data", (b) => err.push(b));
    child.stdout.pause(); // nobody reads: the pipe fills up and writes wait
    await sleep(1500);
    const sent = Date.now();
    child.kill("SIGTERM");
    const code = await new Promise((r) => child.on("exit", (c) => r(c)));
    assert.ok(Date.now() - sent < 2000, "ended promptly");
    assert.equal(code, 143, Buffer.concat(err).toString());
    assert.match(Buffer.concat(err).toString(), /terminated \(SIGTERM\)/);
  });
  test("SIGTERM with --out: the checkpoint is kept and the message says what it holds", async () => {
    const out = file();
    const { bin } = await fourwsBin();
    const child = spawn(bin, ["export", "customers", "--out", out, "-q"], {
      env: { ...env, FOURWS_CHECKPOINT_MS: "600000", FOURWS_HEADERS: '{"x-latency-ms":"40","x-mock-total":"400"}' },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const err = [];
    child.stderr.on("data", (b) => err.push(b));
    await sleep(500);
    child.kill("SIGTERM");
    const code = await new Promise((r) => child.on("exit", (c) => r(c)));
    const stderr = Buffer.concat(err).toString();
    assert.equal(code, 143, stderr);
    const ck = JSON.parse(readFileSync(out + ".fourws-checkpoint", "utf8"));
    assert.match(stderr, new RegExp(`holds ${ck.encoder.records} records`));
    const resumed = await fourws(["export", "customers", "--out", out, "--resume", "-q"], {
      env: { ...env, FOURWS_HEADERS: '{"x-mock-total":"400"}' },
    });
    assert.equal(resumed.code, 0, resumed.stderr);
    const all = codes(lines(readFileSync(out, "utf8")));
    assert.equal(new Set(all).size, 400);
    assert.equal(all.length, 400);
  });
});

describe("item 26: smaller defects", () => {
  test("a missing --env-file: exit 2 with fourws's own message", async () => {
    const r = await fourws(["export", "customers", "--env-file", join(dir, "nope.env")], { env: { PATH: process.env.PATH } });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /^fourws: cannot read --env-file .*nope\.env: ENOENT/);
  });
  test("an existing --env-file is read by fourws", async () => {
    const f = join(dir, "ok.env");
    writeFileSync(f, Object.entries(env).filter(([k]) => k.startsWith("FOURWS_")).map(([k, v]) => `${k}=${v}`).join("\n"));
    const r = await fourws(["vouchers", "0099000001209", "--env-file", f, "-q"], { env: { PATH: process.env.PATH } });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(lines(r.stdout).length, 25);
  });
  test("request --start fetches a later page", async () => {
    mock.reset();
    const r = await fourws(["request", "getLastDigitalOrders_v1", "--query", "fromDateTime=2020-01-01 00:00:00", "--start", "20"], { env });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(mock.requests[0].start, 20);
    assert.equal(JSON.parse(r.stdout).valueObjectList.length, 20);
  });
  for (const since of ["2021-02-31", "2021-02-30 10:00:00", "2021-02-31T10:00:00Z", "2021-02-29T10:00", "2021-13-01T00:00:00+02:00"]) {
    test(`orders --since ${since}: refused, nothing sent`, async () => {
      mock.reset();
      const r = await fourws(["orders", "--since", since], { env });
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /not a real date/);
      assert.equal(mock.requests.length, 0);
    });
  }
  test("orders --since with a real ISO date and offset is sent as its GMT time", async () => {
    mock.reset();
    const r = await fourws(["orders", "--since", "2020-09-08T15:00:00+02:00", "-q"], { env });
    assert.equal(r.code, 0, r.stderr);
    assert.match(mock.requests[0].path, /fromDateTime=2020-09-08(\+|%20)13%3A00%3A00/);
  });
});
