// Bad input from JavaScript: every public function called with wrong types, missing
// fields, null, undefined, extra fields, huge strings, a non-AbortSignal signal, a
// non-function fetch → FourWsError "invalidArgument" naming the option; never a wasm trap,
// never a poisoned module: the same client keeps working afterwards.
import { ok, equal, thrown } from "./harness.mjs";

const HUGE = "x".repeat(5_000_000);

function base(env, extra) {
  return { baseUrl: env.mockUrl, applicationId: "KEEPIT", ...extra };
}

async function invalid(env, what, fn, names) {
  const e = await thrown(fn, what);
  ok(e instanceof env.FourWsError, `${what}: expected a FourWsError, got ${e && e.constructor && e.constructor.name}: ${e}`);
  equal(e.kind, "invalidArgument", `${what}: kind (${e.message})`);
  for (const name of names) ok(e.message.includes(name), `${what}: the message names ${name}: ${e.message}`);
}

export const checks = [
  {
    name: "the Client constructor refuses bad options by name",
    async run(env) {
      const { Client } = env;
      const proxy = new Proxy({}, {
        ownKeys: () => ["baseUrl"],
        getOwnPropertyDescriptor: () => ({ enumerable: true, configurable: true }),
        get: () => { throw new Error("getter boom"); },
      });
      const table = [
        ["no options", undefined, ["baseUrl"]],
        ["null", null, ["baseUrl"]],
        ["a number", 42, ["object"]],
        ["a string", "https://x", ["object"]],
        ["an array", [], ["object"]],
        ["an empty object", {}, ["baseUrl"]],
        ["baseUrl a number", { baseUrl: 42, applicationId: "A" }, ["baseUrl"]],
        ["baseUrl not http", { baseUrl: "ftp://x", applicationId: "A" }, ["baseUrl"]],
        ["baseUrl huge", { baseUrl: "https://" + HUGE, applicationId: "A" }, ["baseUrl"]],
        ["applicationId missing", { baseUrl: "https://x" }, ["applicationId"]],
        ["fetch not a function", base(env, { fetch: "fetch" }), ["fetch"]],
        ["onRequest not a function", base(env, { onRequest: {} }), ["onRequest"]],
        ["timeoutMs negative", base(env, { timeoutMs: -1 }), ["timeoutMs"]],
        ["timeoutMs NaN", base(env, { timeoutMs: NaN }), ["timeoutMs"]],
        ["timeoutMs Infinity", base(env, { timeoutMs: Infinity }), ["timeoutMs"]],
        ["maxRetries a string", base(env, { maxRetries: "3" }), ["maxRetries"]],
        ["concurrency 0", base(env, { concurrency: 0 }), ["concurrency"]],
        ["languageId DE", base(env, { languageId: "DE" }), ["languageId"]],
        ["rateLimit incomplete", base(env, { rateLimit: { maxCalls: 10 } }), ["rateLimit"]],
        ["headers not strings", base(env, { headers: { "x-a": {} } }), ["headers.x-a"]],
        ["a header with a line break", base(env, { headers: { "x-a": "1\r\nx: y" } }), ["headers.x-a"]],
        ["an extra field", base(env, { completeExtration: true }), ["completeExtration"]],
        ["a symbol", base(env, { username: Symbol("u") }), ["username"]],
        ["a bigint", base(env, { timeoutMs: 10n }), ["timeoutMs"]],
        ["a Map", new Map([["baseUrl", "https://x"]]), ["Map"]],
        // Read by serde straight from the object: what the Proxy threw is named.
        ["a throwing getter", proxy, ["could not be read", "getter boom"]],
        ["a throwing getter on baseUrl", { get baseUrl() { throw new Error("getter boom"); }, applicationId: "A" }, ["could not be read", "getter boom"]],
        ["invalidRecords a string", base(env, { invalidRecords: "skip" }), ["invalidRecords"]],
      ];
      for (const [what, options, names] of table) {
        await invalid(env, `new Client(${what})`, () => new Client(options), names);
      }
    },
  },
  {
    name: "endpoint arguments are checked before any request, and the client keeps working",
    async run(env) {
      await env.reset();
      const c = env.client();
      const table = [
        ["customersExport(42)", () => c.customersExport(42).all(), ["object"]],
        ["customersExport('x')", () => c.customersExport("x").all(), ["object"]],
        ["completeExtraction 'T'", () => c.customersExport({ completeExtraction: "T" }).all(), ["completeExtraction"]],
        ["incremental without system", () => c.customersExport({ completeExtraction: false }).all(), ["system"]],
        ["signal {}", () => c.pricesExport({ signal: {} }).all(), ["signal"]],
        ["signal a string", () => c.salesExport({ signal: "abort" }).all(), ["signal"]],
        ["start -1", () => c.customersExport({ start: -1 }).all(), ["start"]],
        ["start 1.5", () => c.customersExport({ start: 1.5 }).all(), ["start"]],
        ["start '20'", () => c.customersExport({ start: "20" }).all(), ["start"]],
        ["an extra field", () => c.salesExport({ sytem: "X" }).all(), ["sytem"]],
        ["languageId FR", () => c.salesExport({ languageId: "FR" }).all(), ["languageId"]],
        ["loyaltyVouchers()", () => c.loyaltyVouchers().all(), ["cardBarcode"]],
        ["cardBarcode null", () => c.loyaltyVouchers({ cardBarcode: null }).all(), ["cardBarcode"]],
        ["cardBarcode ''", () => c.loyaltyVouchers({ cardBarcode: "" }).all(), ["cardBarcode"]],
        ["cardBarcode a number", () => c.loyaltyVouchers({ cardBarcode: 99 }).all(), ["cardBarcode"]],
        ["cardBarcode huge", () => c.loyaltyVouchers({ cardBarcode: HUGE }).all(), ["cardBarcode"]],
        ["lastDigitalOrders()", () => c.lastDigitalOrders().all(), ["fromDateTime"]],
        ["fromDateTime Invalid Date", () => c.lastDigitalOrders({ fromDateTime: new Date("x") }).all(), ["fromDateTime"]],
        ["fromDateTime month 13", () => c.lastDigitalOrders({ fromDateTime: "2020-13-01 00:00:00" }).all(), ["fromDateTime"]],
        ["fromDateTime ISO", () => c.lastDigitalOrders({ fromDateTime: "2020-09-08T13:18:00Z" }).all(), ["fromDateTime"]],
        ["fromDateTime a number", () => c.lastDigitalOrders({ fromDateTime: 1599571080000 }).all(), ["fromDateTime"]],
        ["paginate({})", () => c.paginate({}).all(), ["cmd"]],
        ["paginate(undefined)", () => c.paginate().all(), ["cmd"]],
        ["method PUT", () => c.paginate({ cmd: "x", method: "PUT" }).all(), ["method"]],
        ["query with an object", () => c.paginate({ cmd: "x", query: { a: {} } }).all(), ["query.a"]],
        ["body on GET", () => c.paginate({ cmd: "x", body: { a: 1 } }).all(), ["body"]],
        ["request(null)", () => c.request(null), ["cmd"]],
        ["request({cmd: ''})", () => c.request({ cmd: "" }), ["cmd"]],
        ["all({limit: -1})", () => c.salesExport().all({ limit: -1 }), ["limit"]],
        ["invalidRecords 'skip'", () => c.salesExport({ invalidRecords: "skip" }).all(), ["invalidRecords"]],
      ];
      for (const [what, fn, names] of table) await invalid(env, what, fn, names);
      const sent = await env.requests();
      equal(sent.length, 0, "no request was sent for a bad argument");
      // Not poisoned: the same client still works.
      const five = await c.customersExport().all({ limit: 5 });
      equal(five.length, 5, "the client works after the errors");
    },
  },
  {
    name: "a user fetch that throws, returns junk or never resolves ends in a FourWsError",
    async run(env) {
      const cases = [
        ["throws", () => { throw new TypeError("boom"); }, "network"],
        ["returns a string", async () => "not a response", "network"],
        ["rejects", async () => { throw new Error("offline"); }, "network"],
        ["never resolves", () => new Promise(() => {}), "timeout"],
      ];
      for (const [what, fetch, kind] of cases) {
        const c = env.client({ fetch, maxRetries: 0, timeoutMs: 200 });
        const e = await thrown(c.salesExport().all(), what);
        ok(e instanceof env.FourWsError, `fetch that ${what}: ${e}`);
        equal(e.kind, kind, `fetch that ${what} (${e.message})`);
      }
    },
  },
  {
    name: "option messages: credentials in baseUrl, Dates out of range, articles, typos, new and JS-valued options",
    async run(env) {
      const { Client } = env;
      // Credentials in the URL: refused by the constructor, named, never repeated.
      for (const baseUrl of ["https://user:secret@host", "https://user:secret@host/p?q=1", "ftp://user:secret@host"]) {
        const e = await thrown(() => new Client({ baseUrl, applicationId: "A" }), baseUrl);
        ok(e instanceof env.FourWsError && e.kind === "invalidArgument", `${baseUrl}: ${e}`);
        ok(e.message.includes("baseUrl") && e.message.includes("credentials"), `${baseUrl}: ${e.message}`);
        ok(!e.message.includes("secret") && !e.message.includes("user:"), `${baseUrl} is not repeated: ${e.message}`);
      }
      // The kind of value that came, with its article.
      const articles = [
        [[], "got an array"],
        [Object.create({}), "got an object that is not a plain object"],
        [new (class Settings {})(), "got a Settings"],
        [new (class Options {})(), "got an Options"],
      ];
      for (const [options, want] of articles) {
        const e = await thrown(() => new Client(options), want);
        ok(e.message.includes(want) && !e.message.includes("a Object"), `${want}: ${e.message}`);
      }
      const c = env.client();
      // A Date beyond year 9999 is out of range, not "NaN"; an invalid Date says so.
      const y10000 = await thrown(c.lastDigitalOrders({ fromDateTime: new Date("+010000-01-01T00:00:00Z") }).all(), "year 10000");
      ok(y10000.kind === "invalidArgument" && y10000.message.includes("out of range") && !y10000.message.includes("NaN"), y10000.message);
      const nan = await thrown(c.lastDigitalOrders({ fromDateTime: new Date("x") }).all(), "Invalid Date");
      ok(nan.message.includes("invalid Date"), nan.message);
      const inQuery = await thrown(c.paginate({ cmd: "x", query: { d: new Date(-62198755200001) } }).all(), "year -1");
      ok(inQuery.message.includes("query.d") && inQuery.message.includes("out of range"), inQuery.message);
      // Typos are named with the closest known option; nested paths are named in full.
      const typo = await thrown(c.customersExport({ allowRepeatedPage: true }).all(), "typo");
      ok(typo.message.includes("allowRepeatedPage") && typo.message.includes("did you mean `allowRepeatedPages`?"), typo.message);
      const nested = await thrown(() => new Client({ baseUrl: "https://x", applicationId: "A", rateLimit: { maxCalls: "5", perMs: 10 } }), "nested");
      ok(nested.message.includes("rateLimit.maxCalls") && nested.message.includes('got the string "5"'), nested.message);
      const limit = await thrown(c.salesExport().all({ limt: 5 }), "all() typo");
      ok(limit.kind === "invalidArgument" && limit.message.includes("limt") && limit.message.includes("`limit`"), limit.message);
      // allowRepeatedPages is an option of every paginated endpoint and of paginate.
      const five = await c.customersExport({ allowRepeatedPages: true }).all({ limit: 5 });
      equal(five.length, 5, "allowRepeatedPages accepted");
      await c.loyaltyVouchers({ cardBarcode: "0099000001209", allowRepeatedPages: false }).all({ limit: 1 });
      const notBool = await thrown(c.salesExport({ allowRepeatedPages: "yes" }).all(), "allowRepeatedPages not a boolean");
      ok(notBool.message.includes("allowRepeatedPages") && notBool.message.includes("true or false"), notBool.message);
      // Issue 18 item 23: null is the same as leaving an option out; undefined header
      // values are skipped.
      const nulls = env.client({ timeoutMs: null, namespace: null, maxRetries: null, headers: { "x-skip": undefined, "x-n": 2 } });
      const one = await nulls.customersExport({ signal: null, start: null }).all({ limit: 1 });
      equal(one.length, 1, "null options are left out");
      // A Headers object is read as headers; functions and signals are kept as they are.
      const seen = [];
      const withHeaders = env.client({
        headers: new Headers({ "x-extra": "1" }),
        fetch: (input, init) => {
          seen.push(new Headers(init?.headers ?? (input && input.headers)).get("x-extra"));
          return fetch(input, init);
        },
      });
      const controller = new AbortController();
      await withHeaders.customersExport({ signal: controller.signal }).all({ limit: 1 });
      equal(seen[0], "1", "the Headers object's header was sent");
    },
  },
];
