// Section 1: decoding a page from a fetch Response, per endpoint, fourws vs res.json(),
// res.json() + hand-written normaliser, res.json() + zod 4. Interleaved rounds; also checks
// that the three validating paths return identical records and reject the same bad records.
import assert from "node:assert/strict";
import { Client } from "../../pkg/node.js";
import { applyRecordFault } from "../../mock/faults.mjs";
import { buildBody, ENDPOINT_CALLS } from "../lib/bodies.mjs";
import { decodeWithNormaliser, normaliseEnvelope } from "../lib/normalise.mjs";
import { decodeWithZod, zodEnvelope } from "../lib/zod.mjs";
import { interleave, median, summary } from "../lib/stats.mjs";
import { args, emit } from "../lib/cli.mjs";

const { quick } = args();
const ROUNDS = quick ? 5 : 21;
const TARGET_MS = quick ? 10 : 30;
const WARMUP_MS = quick ? 60 : 250;
const ENDPOINTS = Object.keys(ENDPOINT_CALLS);
const SIZES = [20, 2000];

const HEADERS = { "content-type": "application/json" };
/** A fresh Response over the canned bytes (what fetch would resolve to). */
function responseOf(bytes) {
  return new Response(bytes, { headers: { ...HEADERS, "content-length": String(bytes.length) } });
}

function clientServing(bytes) {
  return new Client({ baseUrl: "http://bench.invalid", applicationId: "X", fetch: async () => responseOf(bytes) });
}

/** Checks the three validating paths agree on the records, and on a page's summary/total. */
async function checkIdentical(endpoint, bytes) {
  const page = await ENDPOINT_CALLS[endpoint].call(clientServing(bytes)).nextPage();
  const a = await decodeWithNormaliser(responseOf(bytes), endpoint);
  const z = await decodeWithZod(responseOf(bytes), endpoint);
  for (const [name, other] of [["normaliser", a], ["zod", z]]) {
    assert.deepStrictEqual(other.items, page.items, `${endpoint}: ${name} items differ from fourws`);
    assert.deepStrictEqual(other.summary, page.summary, `${endpoint}: ${name} summary differs`);
    assert.equal(other.total, page.total, `${endpoint}: ${name} total differs`);
    assert.equal(other.moreRows, page.moreRows, `${endpoint}: ${name} moreRows differs`);
  }
  return page.items.length;
}

/** Each bad record the mock can inject must be refused by all three, at the same path. */
async function checkRejections(endpoint) {
  const out = [];
  for (const mode of ["bad-record", "wrong-type"]) {
    const { text } = buildBody(endpoint, 20);
    const env = JSON.parse(text);
    const path = applyRecordFault(mode, ENDPOINT_CALLS[endpoint].cmd, env.valueObjectList);
    const bytes = new TextEncoder().encode(JSON.stringify(env));
    let fourws = null;
    try {
      await ENDPOINT_CALLS[endpoint].call(clientServing(bytes)).nextPage();
    } catch (e) {
      fourws = `${e.kind}:${e.path}`;
    }
    let norm = null;
    try {
      normaliseEnvelope(JSON.parse(new TextDecoder().decode(bytes)), endpoint);
    } catch (e) {
      norm = e.path;
    }
    let zod = null;
    try {
      zodEnvelope(JSON.parse(new TextDecoder().decode(bytes)), endpoint);
    } catch (e) {
      zod = e.issues?.[0]?.path?.map((p) => (typeof p === "number" ? `[${p}]` : `.${p}`)).join("").slice(1) ?? String(e);
    }
    const same = fourws === `validation:${path}` && norm === path && zod === path;
    out.push({ mode, path, fourws, norm, zod, same });
  }
  return out;
}

// The fixed cost of a call: an empty customers page, same paths.
const EMPTY = '{"success":true,"valueObjectList":[],"moreRows":false,"resultSetLength":0}';
// 2,000-record bodies twice: as generated (accented names, "€") and made all-ASCII, since
// V8 parses one-byte strings much faster, which makes `res.json()` a harder floor there.
const plan = [
  ["customers", 0, "accented"],
  ...ENDPOINTS.flatMap((e) => SIZES.flatMap((s) => (s === 2000 ? [[e, s, "accented"], [e, s, "ascii"]] : [[e, s, "accented"]]))),
];

/** The same body with every non-ASCII character replaced inside its strings (accents
 * dropped, "€" spelled EUR): JSON's structure and the records' validity are unchanged. */
function asciiOnly(body) {
  const text = body.text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/€/g, "EUR")
    .replace(/[^\x00-\x7f]/g, "?");
  return { ...body, text, bytes: new TextEncoder().encode(text) };
}

const cases = [];
for (const [endpoint, size, variant] of plan) {
  {
    const built =
      size === 0
        ? { bytes: new TextEncoder().encode(EMPTY), text: EMPTY, elements: 0 }
        : buildBody(endpoint, size, endpoint === "prices" && size === 20 ? 20 : 0);
    const body = variant === "ascii" ? asciiOnly(built) : built;
    const records = await checkIdentical(endpoint, body.bytes);
    const client = clientServing(body.bytes);
    const call = ENDPOINT_CALLS[endpoint].call;
    const { bytes } = body;
    const fns = {
      fourws: () => call(client).nextPage(),
      json: () => responseOf(bytes).json(),
      normaliser: () => decodeWithNormaliser(responseOf(bytes), endpoint),
      zod: () => decodeWithZod(responseOf(bytes), endpoint),
    };
    const big = bytes.length > 4e6;
    const rounds = big ? Math.max(5, Math.round(ROUNDS * 0.6)) : ROUNDS;
    const { times, batch } = await interleave(fns, {
      rounds,
      targetMs: TARGET_MS,
      warmupMs: big ? WARMUP_MS * 2 : WARMUP_MS,
    });
    const ratio = (name, base) => times[name].map((t, r) => t / times[base][r]);
    cases.push({
      endpoint,
      size,
      variant,
      records,
      elements: body.elements,
      bytes: bytes.length,
      rounds,
      nonAscii: [...body.text].filter((c) => c.charCodeAt(0) > 127).length,
      batch,
      stats: Object.fromEntries(Object.keys(fns).map((n) => [n, summary(times[n])])),
      vsJson: Object.fromEntries(Object.keys(fns).map((n) => [n, summary(ratio(n, "json"))])),
      zodOverFourws: summary(ratio("zod", "fourws")),
    });
    const c = cases.at(-1);
    process.stderr.write(
      `decode ${endpoint} ×${size} ${variant}: fourws ${median(times.fourws).toFixed(3)} ms, json ${median(times.json).toFixed(3)} ms ` +
        `(${c.vsJson.fourws.median.toFixed(2)}×), zod/fourws ${c.zodOverFourws.median.toFixed(2)}×\n`,
    );
  }
}

const rejections = {};
for (const endpoint of ENDPOINTS) rejections[endpoint] = await checkRejections(endpoint);

emit({ rounds: ROUNDS, targetMs: TARGET_MS, cases, rejections, identical: true });
