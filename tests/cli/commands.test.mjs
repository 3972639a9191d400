// `fourws` commands and formats, from the installed tarball, against the mock: every command,
// every format, help, version, usage errors, credentials from the environment and --env-file,
// and the password absent from every output.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { startMockServer } from "../../mock/server.mjs";
import { CREDENTIALS, filesIn, fourws, fourwsBin, mockEnv, parseCsv, tempDir } from "./helpers.mjs";

const DOCS_CARD = "0099000001209";
const PASSWORD = CREDENTIALS.password;
let mock;
let env;
let dir;
const outputs = []; // every stdout/stderr, checked for the password at the end

async function run(args, options = {}) {
  const r = await fourws(args, { env: options.env ?? env, ...options });
  outputs.push({ args: String(args), text: r.stdout + r.stderr });
  return r;
}

const ndjson = (text) =>
  text
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l));

before(async () => {
  mock = await startMockServer({ port: 0, totals: { customers: 57, sales: 23 } });
  env = mockEnv(mock.url);
  dir = tempDir("fourws-cli-");
  await fourwsBin();
});
after(() => mock?.close());

describe("fourws exports", () => {
  test("customers as NDJSON to stdout: every record, in order, as the library returns it", async () => {
    const r = await run(["export", "customers", "--quiet"]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, "");
    const records = ndjson(r.stdout);
    assert.equal(records.length, 57);
    assert.deepEqual(
      records.map((c) => c.subject.subjectCode),
      Array.from({ length: 57 }, (_, i) => String(100020 + i)),
    );
    // Normalised by the library: the docs' timestamp is ISO, the flag a boolean.
    assert.equal(records[0].subject.birthday, "1944-05-07T00:00:00Z");
    assert.equal(typeof records[0].privacy[0].privacyConsent, "boolean");
  });

  test("the library's records are what the CLI writes (same JSON, byte for byte)", async () => {
    const { packageDir } = await fourwsBin();
    const { Client } = await import(pathToFileURL(join(packageDir, "node.js")).href);
    const client = new Client({ baseUrl: mock.url, ...CREDENTIALS });
    for (const resource of ["customers", "prices", "sales"]) {
      const lib = await client[`${resource}Export`]().all();
      const r = await run(["export", resource, "-q"]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, lib.map((x) => JSON.stringify(x) + "\n").join(""), resource);
    }
  });

  test("JSON: one array, the same records", async () => {
    const nd = await run(["export", "sales", "-q"]);
    const js = await run(["export", "sales", "--format", "json", "-q"]);
    assert.equal(js.code, 0, js.stderr);
    assert.deepEqual(JSON.parse(js.stdout), ndjson(nd.stdout));
    assert.equal(JSON.parse(js.stdout).length, 23);
    const none = await run(["export", "sales", "--format", "json", "--limit", "1", "-q"]);
    assert.equal(JSON.parse(none.stdout).length, 1);
  });

  test("--limit stops early (and sends no more requests than needed)", async () => {
    mock.reset();
    const r = await run(["export", "customers", "--limit", "25", "-q"]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(ndjson(r.stdout).length, 25);
    assert.equal(mock.requests.filter((q) => q.cmd === "getCustomersExport_v3").length, 2);
  });

  test("CSV: RFC 4180, dotted columns, same values as NDJSON, formulas neutralised", async () => {
    const r = await run(["export", "customers", "--format", "csv", "-q"]);
    assert.equal(r.code, 0, r.stderr);
    const rows = parseCsv(r.stdout);
    const [header, ...lines] = rows;
    assert.equal(lines.length, 57);
    assert.ok(header.includes("subject.subjectCode") && header.includes("subject.birthday"), header.join());
    assert.equal(header.at(-1), "_extra");
    for (const l of lines) assert.equal(l.length, header.length);
    const records = ndjson((await run(["export", "customers", "-q"])).stdout);
    const col = (name) => header.indexOf(name);
    for (let i = 0; i < records.length; i++) {
      const s = records[i].subject;
      assert.equal(lines[i][col("subject.subjectCode")], s.subjectCode);
      assert.equal(lines[i][col("subject.birthday")], s.birthday ?? "");
      assert.deepEqual(JSON.parse(lines[i][col("privacy")]), records[i].privacy);
      // A phone number "+39 ..." would be a formula in a spreadsheet: written as '+39 ...
      const phone = s.phone ?? "";
      assert.equal(lines[i][col("subject.phone")], /^[=+\-@\t\r]/.test(phone) ? "'" + phone : phone);
    }
    assert.ok(records.some((c) => (c.subject.phone ?? "").startsWith("+")), "the mock has + phone numbers");
    assert.ok(r.stdout.includes(",'+39 "));
  });

  test("CSV of prices: one line per price row, with its list's fields", async () => {
    const r = await run(["export", "prices", "--format", "csv", "-q"]);
    assert.equal(r.code, 0, r.stderr);
    const [header, ...lines] = parseCsv(r.stdout);
    assert.equal(lines.length, 72); // the mock's 72 price rows
    assert.ok(header.includes("priceList") && header.includes("prices.price"), header.join());
    assert.ok(!header.includes("prices"));
    const lists = ndjson((await run(["export", "prices", "-q"])).stdout);
    const expected = lists.flatMap((l) => l.prices.map((p) => [l.priceList, String(p.price ?? "")]));
    assert.deepEqual(
      lines.map((l) => [l[header.indexOf("priceList")], l[header.indexOf("prices.price")]]),
      expected,
    );
  });

  test("cell encoding: quoting and formula neutralisation, exactly", async () => {
    const { packageDir } = await fourwsBin();
    const { csvCell, Encoder } = await import(pathToFileURL(join(packageDir, "cli", "format.js")).href);
    assert.equal(csvCell("=SUM(A1:A9)"), "'=SUM(A1:A9)");
    assert.equal(csvCell("+39 123"), "'+39 123");
    assert.equal(csvCell("-5"), "'-5");
    assert.equal(csvCell(-5), "-5"); // a number is not a formula
    assert.equal(csvCell("@cmd"), "'@cmd");
    assert.equal(csvCell("\tx"), "'\tx");
    assert.equal(csvCell("\rx"), "\"'\rx\"");
    assert.equal(csvCell("=1,2"), `"'=1,2"`);
    assert.equal(csvCell("a,b"), '"a,b"');
    assert.equal(csvCell('say "hi"'), '"say ""hi"""');
    assert.equal(csvCell("two\nlines"), '"two\nlines"');
    assert.equal(csvCell("Nicolò €"), "Nicolò €");
    assert.equal(csvCell(null), "");
    assert.equal(csvCell(true), "true");
    assert.equal(csvCell(""), "");
    const enc = new Encoder("csv");
    const text = enc.page([{ a: { b: 1, c: "x" }, d: [1, 2] }]) + enc.page([{ a: { b: 2, c: "=y" }, d: [], e: "new" }]);
    assert.equal(text, 'a.b,a.c,d,_extra\r\n1,x,"[1,2]",\r\n2,\'=y,[],"{""e"":""new""}"\r\n');
  });

  test("--out without errors: the file, no checkpoint left, a summary on stderr", async () => {
    const out = join(dir, "sales.ndjson");
    const r = await run(["export", "sales", "--out", out]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, "");
    assert.match(r.stderr, /sales: 23 records written to .*sales\.ndjson/);
    assert.equal(ndjson(readFileSync(out, "utf8")).length, 23);
    assert.equal(existsSync(out + ".fourws-checkpoint"), false);
  });

  test("--incremental --system: the server's modified subset; a second run gets nothing new", async () => {
    mock.reset();
    const out = join(dir, "inc.ndjson");
    const r = await run(["export", "customers", "--incremental", "--system", "crm", "--out", out, "-q"]);
    assert.equal(r.code, 0, r.stderr);
    const codes = ndjson(readFileSync(out, "utf8")).map((c) => Number(c.subject.subjectCode) - 100020);
    assert.deepEqual(codes, Array.from({ length: 19 }, (_, i) => 3 * i)); // every 3rd of 57
    const calls = mock.requests.filter((q) => q.cmd === "getCustomersExport_v3");
    assert.ok(calls.every((q) => q.body.completeExtraction === "F" && q.body.system === "crm"));
    // The file holds records the server will not send again: never overwritten.
    const kept = await run(["export", "customers", "--incremental", "--system", "crm", "--out", out, "-q"]);
    assert.equal(kept.code, 2, kept.stderr);
    assert.match(kept.stderr, /will not send again: move it away/);
    assert.equal(ndjson(readFileSync(out, "utf8")).length, 19, "last run's records are still there");
    rmSync(out); // imported
    const again = await run(["export", "customers", "--incremental", "--system", "crm", "--out", out, "-q"]);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(readFileSync(out, "utf8"), "");
    // A file that holds no records (a night without changes) is no obstacle, in json too.
    const json = join(dir, "inc.json");
    for (let night = 0; night < 2; night++) {
      const r = await run(["export", "customers", "--incremental", "--system", "crm", "--format", "json", "--out", json, "-q"]);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(JSON.parse(readFileSync(json, "utf8")), []);
    }
  });
});

describe("fourws vouchers, orders, request", () => {
  test("vouchers CARD: the records on stdout, the loyalty summary on stderr", async () => {
    const r = await run(["vouchers", DOCS_CARD]);
    assert.equal(r.code, 0, r.stderr);
    const vouchers = ndjson(r.stdout);
    assert.equal(vouchers.length, 25);
    assert.ok(vouchers.every((v) => v.cardBarcode === DOCS_CARD));
    const summary = JSON.parse(/summary: (.*)/.exec(r.stderr)[1]);
    assert.equal(summary.remainingPurchases, 1);
    const csv = await run(["vouchers", DOCS_CARD, "-f", "csv", "-q"]);
    assert.equal(parseCsv(csv.stdout).length, 26);
    assert.equal(csv.stderr, "");
    const js = await run(["vouchers", DOCS_CARD, "-f", "json", "-q"]);
    assert.deepEqual(JSON.parse(js.stdout), vouchers);
  });

  test("vouchers of an unknown card: exit 1 with the server's message", async () => {
    const r = await run(["vouchers", "123"]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /api: .*No customer found/);
  });

  test("orders --since: every accepted form", async () => {
    const all = ndjson((await run(["orders", "--since", "2000-01-01 00:00:00", "-q"])).stdout);
    assert.equal(all.length, 41);
    const iso = await run(["orders", "--since", "2000-01-01T00:00:00Z", "-q", "-f", "json"]);
    assert.deepEqual(JSON.parse(iso.stdout), all);
    const some = ndjson((await run(["orders", "--since", all[10].startDate.replace("T", " ").replace("Z", ""), "-q"])).stdout);
    assert.equal(some.length, 31);
    const none = await run(["orders", "--since", "24h", "-q"]); // the mock's orders are from 2020
    assert.equal(none.code, 0, none.stderr);
    assert.equal(none.stdout, "");
    const csv = await run(["orders", "--since", "3000d", "-f", "csv", "-q"]);
    assert.equal(parseCsv(csv.stdout).length, 42);
    const bad = await run(["orders", "--since", "yesterday"]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--since/);
  });

  test("request: one call prints the envelope as sent; --paginate prints the records", async () => {
    const one = await run(["request", "getLoyaltyVouchers_v1", "--query", `cardBarcode=${DOCS_CARD}`]);
    assert.equal(one.code, 0, one.stderr);
    const envelope = JSON.parse(one.stdout);
    assert.equal(envelope.success, true);
    assert.equal(envelope.valueObjectList.length, 20);
    assert.equal(envelope.moreRows, true);
    const all = await run(["request", "getLoyaltyVouchers_v1", "--query", `cardBarcode=${DOCS_CARD}`, "--paginate", "-q"]);
    assert.equal(ndjson(all.stdout).length, 25);
    mock.reset();
    const post = await run(["request", "getSalesExport_v3", "--body", '{"completeExtraction":"T"}', "--paginate", "-q"]);
    assert.equal(post.code, 0, post.stderr);
    assert.equal(ndjson(post.stdout).length, 23);
    assert.ok(mock.requests.every((q) => q.method === "POST"));
    const wrong = await run(["request", "getSalesExport_v3", "--method", "GET"]);
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /http: .*405/);
  });
});

describe("usage, help, version, exit codes", () => {
  test("--version and every --help", async () => {
    const v = await run(["--version"]);
    assert.equal(v.code, 0);
    assert.match(v.stdout, /^\d+\.\d+\.\d+\n$/);
    const main = await run(["--help"]);
    assert.equal(main.code, 0);
    for (const c of ["export", "vouchers", "orders", "request", "mock"]) {
      assert.ok(main.stdout.includes(`fourws ${c}`), c);
      const h = await run([c, "--help"]);
      assert.equal(h.code, 0, c);
      assert.match(h.stdout, new RegExp(`^Usage: fourws ${c}`), c);
    }
  });

  test("bad usage exits 2 and says why", async () => {
    const cases = [
      [[], /Usage/],
      [["frobnicate"], /unknown command 'frobnicate'/],
      [["export"], /usage: fourws export/],
      [["export", "things"], /usage: fourws export/],
      [["export", "customers", "--format", "xml"], /--format must be one of/],
      [["export", "customers", "--password", "x"], /no --password option: credentials come only from the environment/],
      [["export", "customers", "--frobnicate"], /Unknown option .--frobnicate./],
      [["export", "customers", "--concurrency", "0"], /--concurrency/],
      [["export", "customers", "--incremental"], /--system/],
      [["export", "customers", "--resume"], /--resume needs --out/],
      [["vouchers"], /usage: fourws vouchers/],
      [["vouchers", "  "], /cardBarcode/],
      [["orders"], /--since/],
      [["request", "x", "--body", "{nope"], /--body is not JSON/],
      [["request", "x", "--query", "novalue"], /key=value/],
    ];
    for (const [args, re] of cases) {
      const r = await run(args);
      assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
      assert.match(r.stdout + r.stderr, re, args.join(" "));
    }
  });

  test("missing credentials: exit 2, naming the variables", async () => {
    const r = await run(["export", "customers"], { env: { PATH: process.env.PATH } });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /FOURWS_BASE_URL and FOURWS_APPLICATION_ID are not set/);
  });

  test("--env-file: credentials from a file; a bad line is named by number, never quoted", async () => {
    const file = join(tempDir("fourws-env-"), "fourws.env"); // not in `dir`: it holds the password
    writeFileSync(
      file,
      `# the mock\nexport FOURWS_BASE_URL=${mock.url}\nFOURWS_APPLICATION_ID="KEEPIT"\nFOURWS_USERNAME=${CREDENTIALS.username}\n` +
        `FOURWS_PASSWORD='${PASSWORD}'\nFOURWS_COMPANY_ID=MOCK # the company\nFOURWS_SITE_ID=1\n`,
    );
    const r = await run(["export", "sales", "--env-file", file, "-q"], { env: { PATH: process.env.PATH } });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(ndjson(r.stdout).length, 23);
    writeFileSync(file, `FOURWS_BASE_URL=${mock.url}\n${PASSWORD} oops\n`);
    const bad = await run(["export", "sales", "--env-file", file], { env: { PATH: process.env.PATH } });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /line 2: expected KEY=VALUE/);
  });

  test("wrong password: exit 1, kind and message, the password nowhere", async () => {
    const secret = "s3cret-Pa55-word";
    const r = await run(["export", "customers", "--out", join(dir, "denied.ndjson")], { env: { ...env, FOURWS_PASSWORD: secret } });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /http: .*401/);
    assert.ok(!(r.stdout + r.stderr).includes(secret));
    for (const f of filesIn(dir)) assert.ok(!f.text.includes(secret), f.path);
  });
});

describe("progress", () => {
  const fakeStream = (isTTY) => {
    const chunks = [];
    return { isTTY, chunks, write: (c) => chunks.push(c) };
  };

  test("on a terminal: a bar with count/total, rate and ETA, redrawn in place", async () => {
    const { packageDir } = await fourwsBin();
    const { Progress } = await import(pathToFileURL(join(packageDir, "cli", "progress.js")).href);
    const stream = fakeStream(true);
    const p = new Progress({ quiet: false, label: "customers", unit: "customers", stream });
    p.began -= 2000; // two seconds in
    p.update(1180, 1180, 3000);
    assert.equal(stream.chunks.length, 1);
    assert.match(stream.chunks[0], /^\r\x1b\[Kcustomers \[#{9}\.{15}\] 1,180\/3,000 customers 39% {2}5\d\d customers\/s {2}ETA 0:0\d$/);
    p.update(1200, 1200, 3000); // within 100 ms: not redrawn
    assert.equal(stream.chunks.length, 1);
    p.message("done");
    assert.deepEqual(stream.chunks.slice(1), ["\r\x1b[K", "done\n"]);
  });

  test("not on a terminal: a plain line every few seconds; --quiet: nothing", async () => {
    const { packageDir } = await fourwsBin();
    const { Progress } = await import(pathToFileURL(join(packageDir, "cli", "progress.js")).href);
    const stream = fakeStream(false);
    const p = new Progress({ quiet: false, label: "sales", unit: "sales", stream });
    p.update(10, 10, 100);
    assert.deepEqual(stream.chunks, []); // nothing in the first seconds
    p.began -= 10_000;
    p.last -= 10_000;
    p.update(50, 50, 100);
    assert.equal(stream.chunks.length, 1);
    assert.match(stream.chunks[0], /^fourws: sales: 50\/100 sales, 5 sales\/s, ETA 0:1\d\n$/);
    const quiet = fakeStream(true);
    const q = new Progress({ quiet: true, label: "sales", unit: "sales", stream: quiet });
    q.began -= 10_000;
    q.update(50, 50, 100);
    q.message("done");
    assert.deepEqual(quiet.chunks, []);
  });
});

describe("fourws mock", () => {
  test("serves the mock from the package, with its docs' data, until Ctrl-C", async () => {
    const { bin } = await fourwsBin();
    const child = spawn(bin, ["mock", "--port", "0", "--total", "customers=3"], { stdio: ["ignore", "pipe", "pipe"] });
    let text = "";
    const url = await new Promise((resolve, reject) => {
      child.stdout.on("data", (b) => {
        text += b;
        const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(text);
        if (m && text.includes("FOURWS_SITE_ID")) resolve(m[1]);
      });
      child.on("exit", () => reject(new Error(`mock exited: ${text}`)));
    });
    const r = await run(["export", "customers", "-q"], { env: mockEnv(url) });
    const records = ndjson(r.stdout);
    assert.equal(records.length, 3);
    assert.equal(records[0].subject.subjectCode, "100020"); // the docs' own record
    const health = await (await fetch(`${url}/__mock/health`)).json();
    assert.deepEqual(health, { ok: true });
    child.kill("SIGINT");
    const code = await new Promise((resolve) => child.on("exit", (c) => resolve(c)));
    assert.equal(code, 0);
  });
});

test("the password is in no output stream and no file", () => {
  assert.ok(outputs.length > 30);
  for (const o of outputs) assert.ok(!o.text.includes(PASSWORD), `${o.args}: ${o.text.slice(0, 200)}`);
  for (const f of filesIn(dir)) assert.ok(!f.text.includes(PASSWORD), f.path);
});
