// `fourws export --out FILE` survives any interruption: SIGKILL at random moments of a
// multi-page export (for all three exports, at concurrency 1 and 4, in every format), Ctrl-C,
// a server fault; `--resume` each time, and the finished file is byte-for-byte the file an
// uninterrupted run writes. A resume with different options is refused.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { startMockServer } from "../../mock/server.mjs";
import { CREDENTIALS, filesIn, fourws, fourwsBin, mockEnv, sleep, tempDir } from "./helpers.mjs";

const KILLS = Number(process.env.FOURWS_CLI_KILLS ?? 8);
let mock;
let env;
let dir;
const outputs = [];

async function run(args, options = {}) {
  const r = await fourws(args, { env: options.env ?? env, ...options });
  outputs.push(r.stdout + r.stderr);
  return r;
}

// A deterministic pseudo-random sequence, so that a failure can be replayed (seed printed).
function random(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

before(async () => {
  // 18 pages of customers, 16 of prices (rows; split lists), 18 of sales, 15 ms per answer.
  mock = await startMockServer({ port: 0, latencyMs: 15, totals: { customers: 360, prices: 320, sales: 180 } });
  env = mockEnv(mock.url);
  dir = tempDir("fourws-cli-resume-");
  await fourwsBin();
});
after(() => mock?.close());

const COMBOS = [
  ["customers", 1, "ndjson"],
  ["prices", 1, "csv"],
  ["sales", 1, "json"],
  ["customers", 4, "json"],
  ["prices", 4, "ndjson"],
  ["sales", 4, "csv"],
];

describe("SIGKILL at random moments, then --resume: byte-for-byte the uninterrupted file", () => {
  for (const [resource, concurrency, format] of COMBOS) {
    test(`${resource}, concurrency ${concurrency}, ${format}`, async () => {
      const base = ["export", resource, "--format", format, "--concurrency", String(concurrency), "--quiet"];
      const reference = join(dir, `${resource}-${concurrency}.ref`);
      const began = Date.now();
      const ref = await run([...base, "--out", reference]);
      assert.equal(ref.code, 0, ref.stderr);
      const duration = Date.now() - began;
      const expected = readFileSync(reference);
      assert.ok(expected.length > 10_000);

      const out = join(dir, `${resource}-${concurrency}.${format}`);
      const seed = (Date.now() ^ (concurrency * 7919)) >>> 0;
      const rand = random(seed);
      let killedMidway = 0;
      for (let k = 0; k < KILLS; k++) {
        // Half the runs checkpoint after every page, half on the default interval.
        const runEnv = { ...env, FOURWS_CHECKPOINT_MS: k % 2 === 0 ? "0" : "250" };
        const delay = Math.floor(rand() * duration * 0.8);
        const r = await run([...base, "--out", out, "--resume"], {
          env: runEnv,
          onSpawn: (child) => setTimeout(() => child.kill("SIGKILL"), delay),
        });
        if (r.signal === "SIGKILL") {
          killedMidway++;
          // Never more than the uninterrupted file, and whatever the checkpoint claims is there.
          if (existsSync(out)) {
            const now = readFileSync(out);
            assert.ok(now.length <= expected.length + 64 * 1024, `seed ${seed}`);
            const ck = out + ".fourws-checkpoint";
            if (existsSync(ck)) {
              const saved = JSON.parse(readFileSync(ck, "utf8"));
              assert.ok(now.length >= saved.bytes, `seed ${seed}: checkpoint claims ${saved.bytes}, file has ${now.length}`);
              assert.ok(expected.subarray(0, saved.bytes).equals(now.subarray(0, saved.bytes)), `seed ${seed}: checkpointed bytes differ`);
            }
          }
        } else {
          assert.equal(r.code, 0, `seed ${seed}: ${r.stderr}`);
          // It finished before the kill: the file is complete; start the next round afresh.
          assert.ok(readFileSync(out).equals(expected), `seed ${seed}: a run that finished wrote a different file`);
          rmSync(out);
        }
      }
      const last = await run([...base, "--out", out, "--resume"]);
      assert.equal(last.code, 0, `seed ${seed}: ${last.stderr}`);
      const got = readFileSync(out);
      assert.ok(got.equals(expected), `seed ${seed}: resumed file differs (${got.length} vs ${expected.length} bytes)`);
      assert.equal(existsSync(out + ".fourws-checkpoint"), false);
      assert.equal(existsSync(out + ".fourws-lock"), false); // the killed runs' locks were taken over
      assert.ok(killedMidway >= KILLS / 2, `seed ${seed}: only ${killedMidway} of ${KILLS} kills landed mid-export`);
    });
  }
});

describe("interruptions and faults", () => {
  test("Ctrl-C keeps the checkpoint and exits 130; --resume completes the same file", async () => {
    const base = ["export", "customers", "--format", "csv"];
    const reference = join(dir, "ctrlc.ref");
    assert.equal((await run([...base, "--out", reference, "-q"])).code, 0);
    const out = join(dir, "ctrlc.csv");
    const slow = { ...env, FOURWS_HEADERS: JSON.stringify({ "x-latency-ms": "60" }), FOURWS_CHECKPOINT_MS: "0" };
    const r = await run([...base, "--out", out], {
      env: slow,
      onSpawn: async (child) => {
        // Wait until some pages are checkpointed, then press Ctrl-C.
        for (let i = 0; i < 200; i++) {
          await sleep(25);
          try {
            if (JSON.parse(readFileSync(out + ".fourws-checkpoint", "utf8")).done >= 60) break;
          } catch {
            // not yet written
          }
        }
        child.kill("SIGINT");
      },
    });
    assert.equal(r.code, 130, r.stderr);
    assert.match(r.stderr, /interrupted/);
    assert.match(r.stderr, /to resume: npx fourws export customers --format csv --out \S+ctrlc\.csv --resume/);
    const saved = JSON.parse(readFileSync(out + ".fourws-checkpoint", "utf8"));
    assert.ok(saved.done >= 60 && saved.done < 360, JSON.stringify(saved));
    assert.equal(readFileSync(out).length, saved.bytes);
    const resumed = await run([...base, "--out", out, "--resume"]);
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.match(resumed.stderr, new RegExp(`resuming .* at ${saved.done} customers`));
    assert.ok(readFileSync(out).equals(readFileSync(reference)));
  });

  test("a fault mid-export exits 1 with the kind, the message and the resume command, which completes", async () => {
    const reference = join(dir, "fault.ref");
    assert.equal((await run(["export", "sales", "--out", reference, "-q"])).code, 0);
    const out = join(dir, "fault.ndjson");
    const faulty = {
      ...env,
      FOURWS_HEADERS: JSON.stringify({ "x-fault": "422", "x-fault-start": "90", "x-fault-times": "1", "x-fault-id": `cli-${Date.now()}` }),
    };
    const r = await run(["export", "sales", "--out", out], { env: faulty });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /fourws: http: .*422.*Unique constraint error/);
    assert.match(r.stderr, /the checkpoint \S+ holds 90 records \(90 sales\)/);
    const command = /to resume: (.*)/.exec(r.stderr)[1];
    assert.match(command, /^npx fourws export sales --out \S+ --resume$/);
    // The printed command, run by a shell as a user would paste it (the fault fired once).
    const resumed = await run(command, { env: faulty, shell: true });
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.ok(readFileSync(out).equals(readFileSync(reference)));
  });

  test("a fault that retries cannot cure: the network error, then resume", async () => {
    const reference = join(dir, "drop.ref");
    assert.equal((await run(["export", "prices", "--out", reference, "-q"])).code, 0);
    const out = join(dir, "drop.ndjson");
    const id = `drop-${Date.now()}`;
    const faulty = { ...env, FOURWS_HEADERS: JSON.stringify({ "x-fault": "drop", "x-fault-start": "100", "x-fault-times": "4", "x-fault-id": id }) };
    const r = await run(["export", "prices", "--out", out], { env: faulty });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /fourws: network: /);
    const resumed = await run(["export", "prices", "--out", out, "--resume"], { env: faulty });
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.ok(readFileSync(out).equals(readFileSync(reference)));
  });

  test("to stdout: a failure names the offset, and --start N prints exactly the rest", async () => {
    const reference = await run(["export", "sales", "-q"]);
    assert.equal(reference.code, 0);
    const faulty = { ...env, FOURWS_HEADERS: JSON.stringify({ "x-fault": "api-error", "x-fault-start": "70", "x-fault-times": "1", "x-fault-id": `stdout-${Date.now()}` }) };
    const first = await run(["export", "sales"], { env: faulty });
    assert.equal(first.code, 1);
    assert.match(first.stderr, /api: .*Internal error while extracting data/);
    assert.match(first.stderr, /add `--start 70`/);
    const rest = await run(["export", "sales", "--start", "70", "-q"]);
    assert.equal(rest.code, 0, rest.stderr);
    assert.equal(first.stdout + rest.stdout, reference.stdout);
  });

  test("two exports never write the same file; a killed one's lock is taken over", async () => {
    const reference = join(dir, "lock.ref");
    assert.equal((await run(["export", "customers", "--out", reference, "-q"])).code, 0);
    const out = join(dir, "lock.ndjson");
    const slow = { ...env, FOURWS_HEADERS: JSON.stringify({ "x-latency-ms": "60" }) };
    let second;
    const first = await run(["export", "customers", "--out", out, "-q"], {
      env: slow,
      onSpawn: async (child) => {
        for (let i = 0; i < 200 && !existsSync(out + ".fourws-checkpoint"); i++) await sleep(20);
        second = await run(["export", "customers", "--out", out, "--resume", "-q"]);
        child.kill("SIGKILL");
      },
    });
    assert.equal(first.signal, "SIGKILL");
    assert.equal(second.code, 2, second.stderr);
    assert.match(second.stderr, /is being written by another fourws \(pid \d+\)/);
    assert.ok(existsSync(out + ".fourws-lock"));
    const resumed = await run(["export", "customers", "--out", out, "--resume", "-q"]);
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.ok(readFileSync(out).equals(readFileSync(reference)));
    assert.equal(existsSync(out + ".fourws-lock"), false);
  });

  test("a resume with different options is refused, naming them; starting over needs the checkpoint gone", async () => {
    const out = join(dir, "refuse.ndjson");
    const faulty = { ...env, FOURWS_HEADERS: JSON.stringify({ "x-fault": "api-error", "x-fault-start": "40", "x-fault-times": "1", "x-fault-id": `refuse-${Date.now()}` }) };
    assert.equal((await run(["export", "customers", "--out", out], { env: faulty })).code, 1);
    const csv = await run(["export", "customers", "--out", out, "--resume", "--format", "csv"]);
    assert.equal(csv.code, 2);
    assert.match(csv.stderr, /cannot resume .* with different options \(format: was "ndjson", now "csv"\)/);
    assert.match(csv.stderr, /written by `fourws export customers --format ndjson`/);
    const other = await run(["export", "customers", "--out", out, "--resume"], { env: { ...env, FOURWS_COMPANY_ID: "OTHER" } });
    assert.equal(other.code, 2);
    assert.match(other.stderr, /different account/);
    const fresh = await run(["export", "customers", "--out", out]);
    assert.equal(fresh.code, 2);
    assert.match(fresh.stderr, /interrupted export .* add --resume/);
    // --concurrency does not change the file: allowed to differ.
    const ok = await run(["export", "customers", "--out", out, "--resume", "--concurrency", "3", "-q"]);
    assert.equal(ok.code, 0, ok.stderr);
  });

  test("incremental: each page is durable before the next is asked for", async () => {
    mock.reset();
    const out = join(dir, "incremental.ndjson");
    const seen = []; // for each request: how many sales the checkpoint held when it arrived
    const r = await run(["export", "sales", "--incremental", "--system", "wh", "--out", out, "-q"], {
      env: { ...env, FOURWS_HEADERS: JSON.stringify({ "x-latency-ms": "150" }) },
      onSpawn: (child) => {
        const timer = setInterval(() => {
          const calls = mock.requests.filter((q) => q.cmd === "getSalesExport_v3");
          while (seen.length < calls.length) {
            let done = null;
            try {
              done = JSON.parse(readFileSync(out + ".fourws-checkpoint", "utf8")).done;
            } catch {
              // not written yet (first request)
            }
            seen.push(done);
          }
        }, 5);
        child.on("close", () => clearInterval(timer));
      },
    });
    assert.equal(r.code, 0, r.stderr);
    // 60 modified sales (every 3rd of 180), pages of 10: request k arrives with k pages on disk.
    assert.equal(seen.length, 6, JSON.stringify(seen));
    assert.deepEqual(seen, [0, 10, 20, 30, 40, 50]);
    assert.equal(readFileSync(out, "utf8").trim().split("\n").length, 60);
  });
});

test("the password is in no output and no file", () => {
  for (const o of outputs) assert.ok(!o.includes(CREDENTIALS.password));
  for (const f of filesIn(dir)) assert.ok(!f.text.includes(CREDENTIALS.password), f.path);
});
