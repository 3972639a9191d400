// A paginator that fails stays usable and resumes exactly where it stopped; paging decides
// "more" from the total when the server leaves out moreRows; `position` is exact to the
// record; the paging guards say what happened and how to go on.
import { ok, equal, thrown, relay, jsonResponse } from "./harness.mjs";

const codes = (items) => items.map((c) => c.subject.subjectCode);

/** Fails the page at `failAt` once (success: false), then answers normally. */
function failOnce(failAt) {
  let failed = false;
  return relay(({ start }) => {
    if (start === failAt && !failed) {
      failed = true;
      return { success: false, message: "temporarily unavailable" };
    }
  });
}

export const checks = [
  {
    name: "after a failed nextPage(), nextPage() asks for the failed page again",
    async run(env) {
      const c = env.client({ fetch: failOnce(20) });
      const p = c.customersExport();
      const items = [];
      const first = await p.nextPage();
      items.push(...first.items);
      const e = await thrown(p.nextPage(), "page 2 fails");
      equal(e.kind, "api", e.message);
      equal(e.start, 20, "error.start");
      equal(p.position, 20, "position stays at the failed page");
      for (let page; (page = await p.nextPage()) !== null; ) items.push(...page.items);
      equal(items.length, 137, "every customer arrives");
      equal(new Set(codes(items)).size, 137, "each once");
    },
  },
  {
    name: "a second nextPage() while one is on its way waits its turn instead of failing",
    async run(env) {
      const p = env.client().customersExport();
      const [a, b] = await Promise.all([p.nextPage(), p.nextPage()]);
      equal(a.start, 0, "first call: first page");
      equal(b.start, 20, "second call: the page after it");
      const rest = await p.all();
      equal(rest.length, 137 - 40, "the rest follows");
    },
  },
  {
    name: "a new for-await over a paginator that failed resumes at the failed page",
    async run(env) {
      const p = env.client({ fetch: failOnce(40) }).customersExport();
      const items = [];
      const e = await thrown(async () => {
        for await (const c of p) items.push(c);
      }, "first loop fails");
      equal(e.start, 40, "error.start");
      equal(items.length, 40, "two pages before the failure");
      for await (const c of p) items.push(c);
      equal(items.length, 137, "the second loop delivers the rest");
      equal(new Set(codes(items)).size, 137, "no duplicate");
    },
  },
  {
    name: "without moreRows, a known total decides: 45 customers in pages of 15 all arrive",
    async run(env) {
      const fetch = relay(({ json }) => {
        const { moreRows, ...rest } = json;
        return { ...rest, valueObjectList: json.valueObjectList.slice(0, 15), resultSetLength: 45 };
      });
      const items = await env.client({ fetch }).customersExport().all();
      equal(items.length, 45, "all 45");
      equal(new Set(codes(items)).size, 45, "each once");
    },
  },
  {
    name: "position is exact to the record while iterating, and start: position resumes exactly",
    async run(env) {
      for (const [method, opts, key] of [
        ["customersExport", {}, (c) => c.subject.subjectCode],
        ["salesExport", {}, (s) => s.saleHeader.refDocument],
        ["pricesExport", {}, (l) => `${l.priceList}:${l.prices.map((p) => p.itemCode)}`],
      ]) {
        const all = await env.client()[method](opts).all();
        const seen = [];
        const p = env.client()[method](opts);
        const stopAt = method === "pricesExport" ? 3 : 25;
        let stoppedAt = null;
        for await (const r of p) {
          if (seen.length === stopAt) {
            stoppedAt = p.position; // the consumer's save of this record fails
            break;
          }
          seen.push(r);
        }
        ok(stoppedAt !== null && stoppedAt > 0, `${method}: a position`);
        const rest = await env.client()[method]({ ...opts, start: stoppedAt }).all();
        // Price lists split over pages come back per page: compare their rows.
        const flat =
          method === "pricesExport"
            ? (ls) => ls.flatMap((l) => l.prices.map((x) => `${l.priceList}:${x.itemCode}`))
            : (xs) => xs.map(key);
        equal(JSON.stringify(flat([...seen, ...rest])), JSON.stringify(flat(all)), `${method}: exactly the rest`);
      }
    },
  },
  {
    name: "a page repeating an earlier one names allowRepeatedPages, which accepts it",
    async run(env) {
      // The docs' own customers example repeats one customer: a server whose pages
      // legitimately hold the same data twice.
      let page0;
      const fetch = relay(({ start, json }) => {
        if (start === 0) page0 = json;
        if (start === 20) return { ...page0, moreRows: true };
      });
      const e = await thrown(env.client({ fetch }).customersExport().all(), "repeated page");
      equal(e.kind, "pagination", e.message);
      ok(e.message.includes("allowRepeatedPages"), e.message);
      const items = await env.client({ fetch }).customersExport({ allowRepeatedPages: true }).all();
      equal(items.length, 137, "accepted with the option");
    },
  },
  {
    name: "a start past the end of the extraction says so",
    async run(env) {
      const e = await thrown(env.client().customersExport({ start: 200 }).all(), "past the end");
      equal(e.kind, "pagination", e.message);
      ok(e.message.includes("past the end"), e.message);
      ok(!e.message.includes("sent elements up to"), e.message);
    },
  },
  {
    name: "success sent as \"false\", \"F\", 0 or null with a message is an api error with that message",
    async run(env) {
      for (const success of ["false", "F", 0, null]) {
        const fetch = async () => jsonResponse({ success, message: "card blocked" });
        const e = await thrown(env.client({ fetch }).loyaltyVouchers({ cardBarcode: "1" }).all(), String(success));
        equal(e.kind, "api", `${JSON.stringify(success)}: ${e.message}`);
        ok(e.message.includes("card blocked"), e.message);
        equal(e.serverMessage, "card blocked", "serverMessage");
      }
    },
  },
  {
    name: "HTTP errors read as a person would write them",
    async run(env) {
      const fetch = async () => jsonResponse({ message: "m501" }, 501);
      const e = await thrown(env.client({ fetch }).request({ cmd: "x" }), "501");
      equal(e.kind, "http", e.message);
      ok(e.message.startsWith("HTTP 501 Not Implemented: m501."), e.message);
      equal(e.serverMessage, "m501", "serverMessage");
    },
  },
  {
    name: "a POST request() that fails on the network says it was not retried",
    async run(env) {
      let calls = 0;
      const fetch = async () => {
        calls++;
        throw new TypeError("fetch failed");
      };
      const e = await thrown(env.client({ fetch }).request({ cmd: "x", method: "POST", body: {} }), "post");
      equal(e.kind, "network", e.message);
      equal(calls, 1, "sent once");
      ok(e.message.includes("not retried"), e.message);
      ok(!e.message.includes("retried up to"), e.message);
    },
  },
  {
    name: "position read after the loop's body threw is the record being handled (the README's example)",
    async run(env) {
      const all = await env.client().customersExport().all();
      const p = env.client().customersExport();
      const saved = [];
      const e = await thrown(async () => {
        for await (const c of p) {
          if (saved.length === 25) throw new Error("disk full");
          saved.push(c);
        }
      }, "save fails");
      equal(e.message, "disk full", "the consumer's own error");
      equal(p.position, 25, "position after leaving the loop");
      const rest = await env.client().customersExport({ start: p.position }).all();
      equal(saved.length + rest.length, all.length, "nothing lost, nothing twice");
      equal(rest[0].subject.subjectCode, all[25].subject.subjectCode, "resumes with record 25");
    },
  },
  {
    name: "an invalidRecords callback that throws keeps the page for the next call",
    async run(env) {
      const fetch = relay(({ json, start }) => {
        if (start !== 0) return;
        const list = structuredClone(json.valueObjectList);
        list[2].subject.birthday = "2021-02-30 10:00:00";
        return { ...json, valueObjectList: list };
      });
      let calls = 0;
      const bad = [];
      const p = env.client({ fetch }).customersExport({
        invalidRecords: (r) => {
          if (++calls === 1) throw new Error("queue unavailable");
          bad.push(r);
        },
      });
      const e = await thrown(p.nextPage(), "callback throws");
      ok(e instanceof env.FourWsError, String(e));
      equal(e.start, 0, "error.start");
      equal(e.cause?.message, "queue unavailable", "cause");
      equal(p.position, 0, "position stays on the page");
      const page = await p.nextPage();
      equal(page.start, 0, "the same page, delivered now");
      equal(page.items.length, 19, "its 19 valid records");
      equal(bad.length, 1, "the invalid record reached the callback");
      const rest = await p.all();
      equal(rest.length, 137 - 20, "the rest follows");
    },
  },
  {
    name: "one byte that is not UTF-8 makes that record invalid, not the page; a declared charset is honoured",
    async run(env) {
      const MARK = "ZZMARKZZ";
      const latin1 = (text) => Uint8Array.from(text, (c) => c.charCodeAt(0));
      // Page 2 of the customers: record 3's name holds a raw Latin-1 "Ò" (0xD2).
      const broken = relay(({ json, start }) => {
        if (start !== 20) return;
        const list = structuredClone(json.valueObjectList);
        list[3].subject.name = `NICCOL${MARK}`;
        const bytes = new TextEncoder().encode(JSON.stringify({ ...json, valueObjectList: list }));
        const text = new TextDecoder().decode(bytes).replace(MARK, "\u0000");
        const out = new TextEncoder().encode(text);
        const at = out.indexOf(0);
        return new Response(new Uint8Array([...out.subarray(0, at), 0xd2, ...out.subarray(at + 1)]), {
          headers: { "content-type": "application/json" },
        });
      });
      const bad = [];
      const items = await env.client({ fetch: broken, invalidRecords: (r) => bad.push(r) }).customersExport().all();
      equal(items.length, 136, "every other record delivered");
      equal(bad.length, 1, "one invalid record");
      equal(bad[0].start, 20, "its page");
      ok(bad[0].path.startsWith("valueObjectList[3]"), bad[0].path);
      ok(JSON.stringify(bad[0].record).includes("NICCOL"), "its raw text is handed over");
      const e = await thrown(env.client({ fetch: broken }).customersExport().all(), "strict");
      equal(e.kind, "validation", e.message);
      equal(e.start, 20, "error.start");
      ok(e.path.startsWith("valueObjectList[3]"), e.path);
      // A body declared ISO-8859-1 is read as such.
      const declared = async () =>
        new Response(
          latin1(JSON.stringify({ success: true, valueObjectList: [{ id: 1, description: "CAFFÈ NICCOLÒ" }], moreRows: false })),
          { headers: { "content-type": "application/json; charset=iso-8859-1" } },
        );
      const [v] = await env.client({ fetch: declared }).paginate({ cmd: "getX_v1", method: "GET" }).all();
      equal(v.description, "CAFFÈ NICCOLÒ", "decoded from Latin-1");
    },
  },
];
