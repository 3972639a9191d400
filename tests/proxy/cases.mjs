// fourws/proxy cases that run in any runtime (Node, Deno, ...): the handler is called with
// web-standard Requests, and the 4WS host is a fake `fetch` that records what reached it.
// `proxy.test.mjs` runs them under node:test; `run-cases.mjs` runs them in Deno.
import assert from "node:assert/strict";

export const PASSWORD = 'p@ss w/rd+é"x';
const BASE = "https://4ws.example";
const PAGE = "https://shop.example";

/** A fake 4WS host: answers `reply(url, init)` (default: one voucher page) and records calls. */
function upstream(reply) {
  const calls = [];
  const fetch = async (url, init) => {
    const headers = new Headers(init.headers);
    calls.push({ url: new URL(url), method: init.method, headers, body: init.body ?? null });
    if (reply) return reply(url, init);
    return Response.json({ success: true, moreRows: false, resultSetLength: 1, valueObjectList: [{ id: 1 }] });
  };
  return { fetch, calls };
}

function options(extra = {}) {
  return {
    baseUrl: BASE,
    applicationId: "KEEPIT",
    username: "shop-user",
    password: PASSWORD,
    companyId: "ACME",
    siteId: "7",
    allow: { getLoyaltyVouchers_v1: true, getLastDigitalOrders_v1: true, getCustomersExport_v3: true },
    rateLimit: false,
    ...extra,
  };
}

const get = (path, init = {}) => new Request(PAGE + path, init);
const post = (path, body, init = {}) =>
  new Request(PAGE + path, { method: "POST", body, headers: { "content-type": "application/json" }, ...init });

async function envelope(response, status) {
  assert.equal(response.status, status);
  assert.match(response.headers.get("content-type"), /^application\/json/);
  const body = await response.json();
  assert.equal(body.success, false);
  assert.equal(typeof body.message, "string");
  assert.ok(body.message.length > 10, body.message);
  return body.message;
}

const VOUCHERS = "/api?cmd=getLoyaltyVouchers_v1&appId=KEEPIT&applicationId=KEEPIT&cardBarcode=0099000001209";

/** @param {{ createProxy: Function, Client: Function, FourWsError: Function }} lib */
export function cases({ createProxy, Client, FourWsError }) {
  return [
    {
      name: "an allowed call is forwarded, normalised, with the proxy's credentials only",
      async fn() {
        const host = upstream();
        const handle = createProxy(options({ fetch: host.fetch, languageId: "EN" }));
        const r = await handle(
          get("/api?cmd=getLoyaltyVouchers_v1&appId=EVIL&applicationId=EVIL&cardBarcode=%200099000001209%20&start=20", {
            headers: {
              username: "intruder",
              password: "guess",
              companyId: "OTHER",
              siteId: "9",
              appId: "EVIL",
              namespace: "x",
              cookie: "session=abc",
              authorization: "Bearer abc",
              "x-http-method-override": "DELETE",
              "x-custom": "1",
            },
          }),
        );
        assert.equal(r.status, 200);
        assert.deepEqual(await r.json(), { success: true, moreRows: false, resultSetLength: 1, valueObjectList: [{ id: 1 }] });
        assert.equal(host.calls.length, 1);
        const [c] = host.calls;
        assert.equal(c.method, "GET");
        assert.equal(c.url.origin + c.url.pathname, `${BASE}/api`);
        assert.deepEqual([...c.url.searchParams], [
          ["cmd", "getLoyaltyVouchers_v1"],
          ["appId", "KEEPIT"],
          ["applicationId", "KEEPIT"],
          ["cardBarcode", "0099000001209"],
          ["start", "20"],
        ]);
        assert.equal(c.headers.get("username"), "shop-user");
        assert.equal(c.headers.get("password"), PASSWORD);
        assert.equal(c.headers.get("companyId"), "ACME");
        assert.equal(c.headers.get("siteId"), "7");
        assert.equal(c.headers.get("appId"), "KEEPIT");
        assert.equal(c.headers.get("languageId"), "EN");
        for (const name of ["namespace", "cookie", "authorization", "x-http-method-override", "x-custom"]) {
          assert.equal(c.headers.get(name), null, `${name} must not reach the 4WS host`);
        }
      },
    },
    {
      name: "forwardHeaders passes only the headers named",
      async fn() {
        const host = upstream();
        const handle = createProxy(options({ fetch: host.fetch, forwardHeaders: ["x-trace"] }));
        await handle(get(VOUCHERS, { headers: { "x-trace": "t1", "x-other": "o" } }));
        assert.equal(host.calls[0].headers.get("x-trace"), "t1");
        assert.equal(host.calls[0].headers.get("x-other"), null);
        for (const bad of ["password", "Cookie", "authorization", "appId"]) {
          assert.throws(() => createProxy(options({ forwardHeaders: [bad] })), (e) => e instanceof FourWsError && e.kind === "invalidArgument");
        }
      },
    },
    {
      name: "an export's POST body is checked and rebuilt",
      async fn() {
        const host = upstream();
        const handle = createProxy(options({ fetch: host.fetch }));
        const r = await handle(post("/api?cmd=getCustomersExport_v3&start=40", '{ "completeExtraction" : "T", "languageId": "IT" }'));
        assert.equal(r.status, 200);
        assert.equal(host.calls[0].method, "POST");
        assert.equal(host.calls[0].body, '{"completeExtraction":"T","languageId":"IT"}');
        assert.equal(host.calls[0].headers.get("content-type"), "application/json");
        assert.equal(host.calls[0].url.searchParams.get("start"), "40");
      },
    },
    {
      name: "refused: commands not allowed (403), bad or unknown parameters (400), repeated cmd or parameter (400)",
      async fn() {
        const host = upstream();
        const handle = createProxy(options({ fetch: host.fetch }));
        const table = [
          [get("/api?cmd=getSalesExport_v3"), 403, /not allowed/],
          [get("/api?cmd=deleteCustomers_v1"), 403, /not allowed/],
          [get("/api"), 400, /no `cmd`/],
          [get("/api?cmd=getLoyaltyVouchers_v1&cmd=getLoyaltyVouchers_v1&cardBarcode=1"), 400, /more than once/],
          [get("/api?cmd=getLoyaltyVouchers_v1&cmd=getSalesExport_v3&cardBarcode=1"), 400, /more than once/],
          [get("/api?cmd=getLoyaltyVouchers_v1&cardBarcode=1&cardBarcode=2"), 400, /more than once/],
          [get("/api?cmd=getLoyaltyVouchers_v1"), 400, /needs `cardBarcode`/],
          [get("/api?cmd=getLoyaltyVouchers_v1&cardBarcode=%20%20"), 400, /needs `cardBarcode`/],
          [get("/api?cmd=getLoyaltyVouchers_v1&cardBarcode=1&customerCode=2"), 400, /not a parameter/],
          [get("/api?cmd=getLoyaltyVouchers_v1&cardBarcode=1&start=-5"), 400, /`start`/],
          [get("/api?cmd=getLastDigitalOrders_v1&fromDateTime=2020-09-01"), 400, /yyyy-MM-dd HH:mm:ss/],
          [get("/api?cmd=getLastDigitalOrders_v1&fromDateTime=2020-02-30%2010:00:00"), 400, /not a real date/],
          [post("/api?cmd=getCustomersExport_v3", '{"completeExtraction":"F"}'), 400, /needs `system`/],
          [post("/api?cmd=getCustomersExport_v3", '{"completeExtraction":"T","languageId":"FR"}'), 400, /"IT" or "EN"/],
          [post("/api?cmd=getCustomersExport_v3", '{"completeExtraction":"T","filter":"*"}'), 400, /not a field/],
          [post("/api?cmd=getCustomersExport_v3", "completeExtraction=T"), 400, /JSON object/],
          [post("/api?cmd=getCustomersExport_v3&start=20", '{"completeExtraction":"F","system":"ERP"}'), 400, /`start` only applies/],
        ];
        for (const [request, status, pattern] of table) {
          const message = await envelope(await handle(request), status);
          assert.match(message, pattern, request.url);
        }
        assert.equal(host.calls.length, 0, "nothing refused reached the 4WS host");
      },
    },
    {
      name: "method tricks: only GET and POST, and each command's own (405 with Allow)",
      async fn() {
        const host = upstream();
        const handle = createProxy(options({ fetch: host.fetch }));
        for (const method of ["PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"]) {
          const r = await handle(get(VOUCHERS, { method }));
          assert.equal(r.status, 405, method);
          assert.equal(r.headers.get("allow"), "GET, POST");
        }
        let r = await handle(post(VOUCHERS, "{}"));
        assert.match(await envelope(r, 405), /takes GET/);
        assert.equal(r.headers.get("allow"), "GET");
        r = await handle(get("/api?cmd=getCustomersExport_v3"));
        assert.match(await envelope(r, 405), /takes POST/);
        assert.equal(r.headers.get("allow"), "POST");
        r = await handle(get(VOUCHERS, { headers: { "x-http-method-override": "POST" } }));
        assert.equal(r.status, 200);
        assert.equal(host.calls.length, 1);
        assert.equal(host.calls[0].method, "GET");
      },
    },
    {
      name: "path tricks: only the exact path; a second ? or encoded separators stay inside one value",
      async fn() {
        const host = upstream();
        const handle = createProxy(options({ fetch: host.fetch }));
        for (const path of ["/api/", "/API", "/api%2F..%2Fadmin", "/api/..%2Fadmin", "/api/../admin", "/x/api", "/api.json", "/apix"]) {
          assert.equal((await handle(get(`${path}?cmd=getLoyaltyVouchers_v1&cardBarcode=1`))).status, 404, path);
        }
        // A second `?` makes it part of the cmd's value: not an allowed command.
        assert.equal((await handle(get("/api?cmd=getLoyaltyVouchers_v1?cmd=getSalesExport_v3"))).status, 403);
        // An encoded & and = stay inside cardBarcode: one cmd, re-encoded upstream.
        const r = await handle(get("/api?cmd=getLoyaltyVouchers_v1&cardBarcode=1%26cmd%3DgetSalesExport_v3?x=1"));
        assert.equal(r.status, 200);
        const sent = host.calls[0].url;
        assert.deepEqual(sent.searchParams.getAll("cmd"), ["getLoyaltyVouchers_v1"]);
        assert.equal(sent.searchParams.get("cardBarcode"), "1&cmd=getSalesExport_v3?x=1");
        assert.equal(host.calls.length, 1);
      },
    },
    {
      name: "header injection: line breaks in parameters are refused, and a caller's credential headers never pass",
      async fn() {
        const host = upstream();
        const handle = createProxy(options({ fetch: host.fetch }));
        for (const value of ["1%0D%0Apassword:%20x", "1%0Ax", "1%00", "1%09"]) {
          const message = await envelope(await handle(get(`/api?cmd=getLoyaltyVouchers_v1&cardBarcode=${value}`)), 400);
          assert.match(message, /control character/);
        }
        assert.equal(host.calls.length, 0);
      },
    },
    {
      name: "oversized bodies get 413 before anything is forwarded",
      async fn() {
        const host = upstream();
        const handle = createProxy(options({ fetch: host.fetch, maxBodyBytes: 1024 }));
        const big = JSON.stringify({ completeExtraction: "T", system: "x".repeat(5000) });
        assert.match(await envelope(await handle(post("/api?cmd=getCustomersExport_v3", big)), 413), /larger than 1024 bytes/);
        // A streamed body without Content-Length is cut off too.
        const stream = new ReadableStream({
          start(c) {
            for (let i = 0; i < 10; i++) c.enqueue(new TextEncoder().encode("x".repeat(500)));
            c.close();
          },
        });
        const r = await handle(new Request(PAGE + "/api?cmd=getCustomersExport_v3", { method: "POST", body: stream, duplex: "half" }));
        await envelope(r, 413);
        assert.equal(host.calls.length, 0);
      },
    },
    {
      name: "a slow 4WS host: 504 after timeoutMs (no answer, or a body that stalls)",
      async fn() {
        const hang = (url, init) =>
          new Promise((_, reject) => init.signal.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError"))));
        let handle = createProxy(options({ fetch: hang, timeoutMs: 150 }));
        assert.match(await envelope(await handle(get(VOUCHERS)), 504), /did not answer within/);
        const stall = async (url, init) =>
          new Response(
            new ReadableStream({
              start(c) {
                c.enqueue(new TextEncoder().encode('{"success":true,'));
                init.signal.addEventListener("abort", () => c.error(new DOMException("aborted", "AbortError")));
              },
            }),
            { headers: { "content-type": "application/json" } },
          );
        const events = [];
        handle = createProxy(options({ fetch: stall, timeoutMs: 150, onRequest: (e) => events.push(e) }));
        assert.match(await envelope(await handle(get(VOUCHERS)), 504), /did not finish/);
        assert.equal(events[0].outcome, "upstreamError");
        assert.match(events[0].message ?? "", /did not finish/, "the event says why, as the caller's answer does");
        const down = async () => {
          throw new TypeError("fetch failed");
        };
        handle = createProxy(options({ fetch: down }));
        assert.match(await envelope(await handle(get(VOUCHERS)), 502), /could not reach/);
      },
    },
    {
      name: "upstream errors pass through faithfully (status, body, Retry-After); Set-Cookie never does",
      async fn() {
        const replies = [
          [422, { success: false, message: "Unique constraint error" }, {}],
          [503, { success: false, message: "Service Unavailable" }, { "retry-after": "7" }],
          [200, { success: false, message: "No customer found for card 1" }, {}],
        ];
        for (const [status, body, headers] of replies) {
          const host = upstream(() =>
            new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", "set-cookie": "sid=1", ...headers } }),
          );
          const r = await createProxy(options({ fetch: host.fetch }))(get(VOUCHERS));
          assert.equal(r.status, status);
          assert.deepEqual(await r.json(), body);
          assert.equal(r.headers.get("set-cookie"), null);
          assert.equal(r.headers.get("retry-after"), headers["retry-after"] ?? null);
        }
      },
    },
    {
      name: "the password never reaches the page, even when the 4WS host echoes it in any form",
      async fn() {
        const b64 = (s, pad = "") => btoa(String.fromCharCode(...new TextEncoder().encode(pad + s)));
        const echoes = [
          PASSWORD,
          JSON.stringify(PASSWORD).slice(1, -1),
          encodeURIComponent(PASSWORD),
          encodeURIComponent(PASSWORD).replace(/%20/g, "+"),
          b64(PASSWORD),
          b64(PASSWORD, "a"),
          b64(PASSWORD, "ab"),
          b64(`shop-user:${PASSWORD}`),
          b64(PASSWORD).replace(/\+/g, "-").replace(/\//g, "_"),
        ];
        for (const [i, echo] of echoes.entries()) {
          for (const status of [200, 401]) {
            const host = upstream(() =>
              new Response(JSON.stringify({ success: status === 200, message: `you sent ${echo}` }), {
                status,
                headers: { "content-type": `application/json; x=${encodeURIComponent(PASSWORD)}`, "x-echo": PASSWORD },
              }),
            );
            const r = await createProxy(options({ fetch: host.fetch }))(get(VOUCHERS));
            const text = await r.text();
            for (const form of echoes.slice(0, 5)) assert.ok(!text.includes(form), `echo ${i}: ${text}`);
            assert.ok(!text.includes(b64(PASSWORD).slice(0, 12)), `echo ${i}: base64 in ${text}`);
            assert.match(text, /\*\*\*/);
            const headers = [...r.headers].map(([k, v]) => `${k}: ${v}`).join("\n");
            assert.ok(!headers.includes(PASSWORD) && !headers.includes(encodeURIComponent(PASSWORD)), headers);
          }
        }
      },
    },
    {
      name: "authorize: a visitor may read only their own card (another card gets 403)",
      async fn() {
        const host = upstream();
        const sessions = { "s-alice": "0099000001209", "s-bob": "8000004000015" };
        const seen = [];
        const handle = createProxy(
          options({
            fetch: host.fetch,
            authorize: (request, call) => {
              seen.push(call);
              const card = sessions[request.headers.get("x-session")];
              if (!card) return false;
              return call.cmd !== "getLoyaltyVouchers_v1" || call.query.cardBarcode === card;
            },
          }),
        );
        const as = (session, card) => get(`/api?cmd=getLoyaltyVouchers_v1&cardBarcode=${card}`, { headers: { "x-session": session } });
        assert.equal((await handle(as("s-alice", "0099000001209"))).status, 200);
        assert.match(await envelope(await handle(as("s-alice", "8000004000015")), 403), /not allowed for you/);
        assert.equal((await handle(as("nobody", "0099000001209"))).status, 403);
        assert.equal(host.calls.length, 1);
        assert.deepEqual(seen[0], { cmd: "getLoyaltyVouchers_v1", method: "GET", query: { cardBarcode: "0099000001209" }, body: null });
      },
    },
    {
      name: "authorize: pinning replaces the caller's parameter, checked again; Response, throw and undefined",
      async fn() {
        const host = upstream();
        let verdict;
        const handle = createProxy(options({ fetch: host.fetch, authorize: async () => (typeof verdict === "function" ? verdict() : verdict) }));
        verdict = { query: { cardBarcode: "0099000001209" } };
        assert.equal((await handle(get("/api?cmd=getLoyaltyVouchers_v1&cardBarcode=8000004000015"))).status, 200);
        assert.equal(host.calls[0].url.searchParams.get("cardBarcode"), "0099000001209");
        verdict = { query: { cardBarcode: " " } };
        assert.equal((await handle(get(VOUCHERS))).status, 500, "an invalid pin is the proxy's fault, not forwarded");
        verdict = new Response("log in first", { status: 401 });
        const r = await handle(get(VOUCHERS));
        assert.equal(r.status, 401);
        assert.equal(await r.text(), "log in first");
        verdict = () => {
          throw new Error("session store down");
        };
        assert.equal((await handle(get(VOUCHERS))).status, 500);
        verdict = false;
        assert.match(await envelope(await handle(get(VOUCHERS)), 403), /not allowed for you/);
        assert.equal(host.calls.length, 1);
      },
    },
    {
      name: "issue 18 item 13: an authorize answer of an undocumented shape is refused with 500, nothing forwarded",
      async fn() {
        const host = upstream();
        const events = [];
        let verdict;
        const handle = createProxy(options({ fetch: host.fetch, onRequest: (e) => events.push(e), authorize: async () => verdict }));
        for (const odd of [{ allowed: false }, new Error("denied"), { cardBarcode: "MINE" }, undefined, null, "yes", 1, {}, [], { query: "x" }, { query: { cardBarcode: 5 } }]) {
          verdict = odd;
          const message = await envelope(await handle(get(VOUCHERS)), 500);
          assert.match(message, /authorize/, String(odd));
        }
        assert.equal(host.calls.length, 0, "nothing was forwarded");
        assert.match(events.at(-1).message, /must return true, false, a Response/);
      },
    },
    {
      name: "issue 18 item 14: a pinned call forwards only the pinned parameters (and the page's start)",
      async fn() {
        const host = upstream();
        const handle = createProxy(options({ fetch: host.fetch, authorize: () => ({ query: { cardBarcode: "0099000001209" } }) }));
        const r = await handle(get("/api?cmd=getLoyaltyVouchers_v1&cardBarcode=8000004000015&pkFieldName=identifier&start=20"));
        assert.equal(r.status, 200);
        assert.deepEqual([...host.calls[0].url.searchParams], [
          ["cmd", "getLoyaltyVouchers_v1"],
          ["appId", "KEEPIT"],
          ["applicationId", "KEEPIT"],
          ["cardBarcode", "0099000001209"],
          ["start", "20"],
        ]);
      },
    },
    {
      name: "issue 18 item 14: allowing an export allows its complete extraction only; incremental mode per system, explicitly",
      async fn() {
        const host = upstream();
        let handle = createProxy(options({ fetch: host.fetch, allow: { getPricesExport_v3: true } }));
        for (const body of ['{"completeExtraction":"F","system":"ERP"}', '{"completeExtraction":"T","system":"ERP"}']) {
          assert.match(await envelope(await handle(post("/api?cmd=getPricesExport_v3", body)), 403), /incremental exports.*not allowed/);
        }
        assert.equal(host.calls.length, 0, "the back office's incremental cursor was not touched");
        assert.equal((await handle(post("/api?cmd=getPricesExport_v3", '{"completeExtraction":"T"}'))).status, 200);
        handle = createProxy(options({ fetch: host.fetch, allow: { getPricesExport_v3: { systems: ["SHOP"] } } }));
        assert.equal((await handle(post("/api?cmd=getPricesExport_v3", '{"completeExtraction":"F","system":"ERP"}'))).status, 403);
        assert.equal((await handle(post("/api?cmd=getPricesExport_v3", '{"completeExtraction":"F","system":"SHOP"}'))).status, 200);
        assert.equal(host.calls.length, 2);
        assert.equal(host.calls[1].body, '{"completeExtraction":"F","system":"SHOP"}');
        assert.throws(() => createProxy(options({ allow: { getLoyaltyVouchers_v1: { systems: ["SHOP"] } } })), /only for an export/);
        assert.throws(() => createProxy(options({ allow: { getPricesExport_v3: { system: "SHOP" } } })), /systems/);
      },
    },
    {
      name: "issue 18 item 12: the password is masked as the page reads it, whatever escapes the 4WS host used",
      async fn() {
        const password = "p\u00e4ss/w=rd&1"; // a Latin-1 password with characters JSON may escape
        const latin1 = new Uint8Array([...'{"message":"bad p'].map((c) => c.charCodeAt(0)).concat([0xe4], [...'ss/w=rd&1"}'].map((c) => c.charCodeAt(0))));
        const answers = [
          ['{"message":"bad p\\u00e4ss\\/w\\u003drd\\u00261"}', "application/json"],
          ['{"message":"bad p\\u00E4ss\\/w\\u003Drd\\u00261"}', "application/json"],
          [latin1, "application/json; charset=iso-8859-1"],
          ["<html><body>bad p&auml;ss&#47;w&#x3D;rd&amp;1</body></html>", "text/html"],
          ["<p>bad p&#228;ss/w=rd&#38;1</p>", "text/html"],
        ];
        for (const [body, type] of answers) {
          const host = upstream(() => new Response(body, { status: 401, headers: { "content-type": type } }));
          const r = await createProxy(options({ fetch: host.fetch, password }))(get(VOUCHERS));
          const bytes = new Uint8Array(await r.arrayBuffer());
          const text = new TextDecoder().decode(bytes);
          // What the page shows: JSON.parse of the text, or the text itself.
          let shown = text;
          try {
            shown = JSON.stringify(JSON.parse(text), null, 0);
            shown = JSON.parse(text).message ?? shown;
          } catch {}
          assert.ok(!shown.includes("ss/w=rd") && !text.includes("ss\\/w"), `${type}: ${text}`);
          assert.ok(!new TextDecoder("latin1").decode(bytes).includes("ss/w=rd"), `${type}: ${text}`);
          assert.match(shown, /\*\*\*/, `${type}: ${text}`);
        }
      },
    },
    {
      name: "issue 18 item 15: the answer does not tell whether a value the caller sent is the password",
      async fn() {
        // getLoyaltyVouchers_v1 echoes cardBarcode as identifier.
        const host = upstream((url) =>
          Response.json({ success: true, moreRows: false, valueObjectList: [{ identifier: new URL(url).searchParams.get("cardBarcode") }] }),
        );
        const handle = createProxy(options({ fetch: host.fetch, password: "Secret123" }));
        const answer = async (guess) => (await (await handle(get(`/api?cmd=getLoyaltyVouchers_v1&cardBarcode=${guess}`))).json()).valueObjectList[0].identifier;
        assert.equal(await answer("Secret124"), "Secret124");
        assert.equal(await answer("Secret123"), "Secret123", "a right guess reads exactly like a wrong one");
        // The password still never comes back where the caller did not send it.
        const leaky = upstream((url) => Response.json({ success: false, message: `bad password Secret123 for ${new URL(url).searchParams.get("cardBarcode")}` }, { status: 401 }));
        const r = await createProxy(options({ fetch: leaky.fetch, password: "Secret123" }))(get("/api?cmd=getLoyaltyVouchers_v1&cardBarcode=S"));
        assert.equal((await r.json()).message, "bad password *** for S", "a short value sent never splits the password open");
      },
    },
    {
      name: "the proxy's own refusals read the same for a right and a wrong guess; its log never holds the password",
      async fn() {
        const host = upstream();
        const events = [];
        const handle = createProxy(options({ fetch: host.fetch, password: "Secret123", onRequest: (e) => events.push(e) }));
        const refusal = async (path) => envelope(await handle(get(path)), 400);
        for (const shape of [
          (g) => `/api?cmd=getLoyaltyVouchers_v1&cardBarcode=1&${g}=x`,
          (g) => `/api?cmd=getLoyaltyVouchers_v1&cardBarcode=1&start=${g}`,
          (g) => `/api?cmd=getLastDigitalOrders_v1&fromDateTime=${g}`,
        ]) {
          const wrong = await refusal(shape("Secret124"));
          const right = await refusal(shape("Secret123"));
          assert.ok(wrong.includes("Secret124"), wrong);
          assert.equal(right, wrong.replaceAll("Secret124", "Secret123"), "a right guess reads exactly like a wrong one");
        }
        await handle(get("/api?cmd=Secret123"));
        assert.equal(host.calls.length, 0);
        const log = JSON.stringify(events);
        assert.ok(!log.includes("Secret123"), log);
        assert.ok(log.includes("Secret124"), "a wrong guess is logged as sent");
      },
    },
    {
      name: "an answer in a charset the proxy cannot read (UTF-16) is not passed on; HTML-escaped messages are masked",
      async fn() {
        const pw = 'S\u00e9cr/et+Pw="1=';
        const utf16 = upstream(() => {
          const text = JSON.stringify({ success: false, message: `x ${pw}` });
          const bytes = new Uint8Array(text.length * 2);
          for (let i = 0; i < text.length; i++) bytes[2 * i] = text.charCodeAt(i);
          return new Response(bytes, { status: 401, headers: { "content-type": "application/json; charset=utf-16le" } });
        });
        let r = await createProxy(options({ fetch: utf16.fetch, password: pw }))(get(VOUCHERS));
        assert.equal(r.status, 502);
        assert.match((await r.json()).message, /charset=utf-16le/);
        // The same bytes behind a byte-order mark, labelled UTF-8 (or not at all).
        for (const type of ["application/json; charset=utf-8", null]) {
          const bom = upstream(() => {
            const text = JSON.stringify({ success: false, message: `x ${pw}` });
            const bytes = new Uint8Array(2 + text.length * 2);
            bytes.set([0xff, 0xfe]);
            for (let i = 0; i < text.length; i++) bytes[2 + 2 * i] = text.charCodeAt(i);
            return new Response(bytes, { status: 401, headers: type ? { "content-type": type } : {} });
          });
          r = await createProxy(options({ fetch: bom.fetch, password: pw }))(get(VOUCHERS));
          assert.equal(r.status, 502, String(type));
          assert.match((await r.json()).message, /byte-order mark/);
        }
        for (const echoed of ["S\u00e9cr/et+Pw=&quot;1=", "S&eacute;cr/et+Pw=&quot;1=", "S&#233;cr&#47;et&#43;Pw&#61;&#34;1&#61;", "S\u00e9cr&#x2F;et+Pw=&quot;1="]) {
          const host = upstream(() => Response.json({ success: false, message: `bad ${echoed}` }, { status: 401 }));
          r = await createProxy(options({ fetch: host.fetch, password: pw }))(get(VOUCHERS));
          assert.equal((await r.json()).message, "bad ***", echoed);
        }
      },
    },
    {
      name: "issue 18 item 16: no client address and no rateLimit.key: a configuration error, not one shared bucket",
      async fn() {
        const host = upstream();
        const events = [];
        let handle = createProxy(options({ fetch: host.fetch, rateLimit: { maxCalls: 2, perMs: 60_000 }, onRequest: (e) => events.push(e) }));
        const message = await envelope(await handle(get(VOUCHERS)), 500);
        assert.match(message, /misconfigured.*rateLimit\.key/);
        assert.equal(events[0].outcome, "error");
        assert.equal(host.calls.length, 0);
        handle = createProxy(options({ fetch: host.fetch, rateLimit: { maxCalls: 2, perMs: 60_000, key: (req) => req.headers.get("x-visitor") } }));
        assert.equal((await handle(get(VOUCHERS, { headers: { "x-visitor": "a" } }))).status, 200);
        handle = createProxy(options({ fetch: host.fetch }));
        assert.equal((await handle(get(VOUCHERS), { clientAddress: "10.0.0.1" })).status, 200, "the default limit with an address");
      },
    },
    {
      name: "issue 18 item 17: a baseUrl with credentials is refused by the client's own check, without repeating them",
      async fn() {
        for (const baseUrl of ["https://shop:hunter2@4ws.example", "https://hunter2@4ws.example/x"]) {
          assert.throws(
            () => createProxy(options({ baseUrl })),
            (e) => e instanceof FourWsError && e.kind === "invalidArgument" && /must not hold credentials/.test(e.message) && !e.message.includes("hunter2"),
          );
          assert.throws(() => new Client({ baseUrl, applicationId: "A" }), /must not hold credentials/);
        }
        // The same rules as new Client: timeoutMs and maxResponseBytes are the client's.
        assert.throws(() => createProxy(options({ timeoutMs: -1 })), /timeoutMs/);
      },
    },
    {
      name: "issue 18 item 20: a refusal reads as one sentence, with no credential advice, in the page's client",
      async fn() {
        const host = upstream();
        const handle = createProxy(options({ fetch: host.fetch, authorize: () => false }));
        const client = new Client({ baseUrl: PAGE, applicationId: "KEEPIT", maxRetries: 0, fetch: (url, init) => handle(new Request(url, init)) });
        const e = await client.loyaltyVouchers({ cardBarcode: "1" }).all().catch((x) => x);
        assert.equal(e.status, 403);
        assert.equal(e.message, "HTTP 403 Forbidden: This call is not allowed for you.");
        const slow = createProxy(options({ timeoutMs: 1000, fetch: (url, init) => new Promise((_, reject) => init.signal.addEventListener("abort", () => reject(new Error("aborted")))) }));
        const c2 = new Client({ baseUrl: PAGE, applicationId: "KEEPIT", maxRetries: 0, fetch: (url, init) => slow(new Request(url, init)) });
        const t = await c2.loyaltyVouchers({ cardBarcode: "1" }).all().catch((x) => x);
        assert.equal(t.status, 504);
        assert.ok(!t.message.includes("..") && !/Check username/.test(t.message), t.message);
        // The proxy's own 500 is final: not retried (a 5xx of 4WS is).
        let calls = 0;
        const broken = createProxy(options({ fetch: host.fetch, authorize: () => undefined }));
        const c3 = new Client({ baseUrl: PAGE, applicationId: "KEEPIT", maxRetries: 3, fetch: (url, init) => (calls++, broken(new Request(url, init))) });
        const m = await c3.loyaltyVouchers({ cardBarcode: "1" }).all().catch((x) => x);
        assert.equal(m.status, 500);
        assert.equal(calls, 1, "asked once");
        assert.ok(!/tried/.test(m.message), m.message);
      },
    },
    {
      name: "per-caller rate limit: 429 with Retry-After per key; X-Forwarded-For only when trusted",
      async fn() {
        const host = upstream();
        let handle = createProxy(options({ fetch: host.fetch, rateLimit: { maxCalls: 3, perMs: 60_000 } }));
        const from = (address, headers = {}) => handle(get(VOUCHERS, { headers }), { clientAddress: address });
        for (let i = 0; i < 3; i++) assert.equal((await from("10.0.0.1")).status, 200);
        const r = await from("10.0.0.1");
        assert.match(await envelope(r, 429), /Too many calls/);
        assert.ok(Number(r.headers.get("retry-after")) >= 1);
        assert.equal((await from("10.0.0.1", { "x-forwarded-for": "1.2.3.4" })).status, 429, "a spoofed X-Forwarded-For does not escape the limit");
        assert.equal((await from("10.0.0.2")).status, 200, "another caller has its own budget");
        handle = createProxy(options({ fetch: host.fetch, trustProxy: true, rateLimit: { maxCalls: 1, perMs: 60_000 } }));
        assert.equal((await from("10.0.0.9", { "x-forwarded-for": "spoof, 5.5.5.5" })).status, 200);
        assert.equal((await from("10.0.0.9", { "x-forwarded-for": "other, 5.5.5.5" })).status, 429, "keyed by the entry the trusted proxy added");
        assert.equal((await from("10.0.0.9", { "x-forwarded-for": "6.6.6.6" })).status, 200);
        handle = createProxy(options({ fetch: host.fetch, rateLimit: { maxCalls: 1, perMs: 60_000, key: (req) => req.headers.get("x-user") } }));
        assert.equal((await from(null, { "x-user": "a" })).status, 200);
        assert.equal((await from(null, { "x-user": "a" })).status, 429);
        assert.equal((await from(null, { "x-user": "b" })).status, 200);
      },
    },
    {
      name: "onRequest logs every call without secrets",
      async fn() {
        const events = [];
        const host = upstream(() => Response.json({ success: false, message: `bad ${PASSWORD}` }, { status: 401 }));
        const handle = createProxy(options({ fetch: host.fetch, onRequest: (e) => events.push(e) }));
        await handle(get(VOUCHERS, { headers: { password: "caller-secret" } }));
        await handle(get("/api?cmd=getSalesExport_v3"));
        assert.equal(events.length, 2);
        assert.equal(events[0].cmd, "getLoyaltyVouchers_v1");
        assert.equal(events[0].status, 401);
        assert.equal(events[0].outcome, "forwarded");
        assert.match(events[0].message, /HTTP 401 Unauthorized: bad \*\*\*\. Check username, password/, "the log says the proxy's own credentials were refused");
        assert.deepEqual(events[0].query, { cardBarcode: "0099000001209" });
        assert.equal(events[1].status, 403);
        assert.equal(events[1].outcome, "refused");
        const text = JSON.stringify(events);
        assert.ok(!text.includes(PASSWORD) && !text.includes("caller-secret") && !text.includes("shop-user"), text);
      },
    },
    {
      name: "bad options throw invalidArgument naming them",
      async fn() {
        const bad = [
          [{ allow: { getStock_v1: true } }, /getStock_v1/],
          [{ allow: undefined }, /allow/],
          [{ baseUrl: "ftp://x" }, /baseUrl/],
          [{ password: "a\r\nb" }, /password/],
          [{ rateLimit: { perCaller: {} } }, /perCaller/],
          [{ rateLimit: { upstream: 5 } }, /upstream/],
          [{ metrics: {} }, /Registry/],
          [{ rateLimit: { maxCalls: 0 } }, /maxCalls/],
          [{ autorize: () => true }, /autorize/],
          [{ languageId: "FR" }, /languageId/],
        ];
        for (const [extra, pattern] of bad) {
          assert.throws(() => createProxy(options(extra)), (e) => e instanceof FourWsError && e.kind === "invalidArgument" && pattern.test(e.message));
        }
      },
    },
    {
      name: "the fourws client through the proxy: records, and refusals as http/rateLimited errors with readable messages",
      async fn() {
        const host = upstream(() =>
          Response.json({ success: true, moreRows: false, resultSetLength: 1, valueObjectList: [{ id: 1, documentStatus: "ACTIVE", totalAmount: "5.00" }] }),
        );
        const handle = createProxy(options({ fetch: host.fetch, rateLimit: { maxCalls: 2, perMs: 60_000 } }));
        const client = new Client({
          baseUrl: PAGE,
          applicationId: "KEEPIT",
          maxRetries: 0,
          fetch: (url, init) => handle(new Request(url, init), { clientAddress: "10.1.1.1" }),
        });
        const vouchers = await client.loyaltyVouchers({ cardBarcode: "0099000001209" }).all();
        assert.equal(vouchers.length, 1);
        assert.equal(vouchers[0].totalAmount, 5);
        const refused = await client.salesExport().all().catch((e) => e);
        assert.ok(refused instanceof FourWsError);
        assert.equal(refused.kind, "http");
        assert.equal(refused.status, 403);
        assert.match(refused.serverMessage, /getSalesExport_v3.*not allowed/);
        const limited = await client.loyaltyVouchers({ cardBarcode: "1" }).all().catch((e) => e);
        assert.equal(limited.kind, "rateLimited");
        assert.equal(limited.status, 429);
        assert.ok(limited.retryAfterMs >= 1000);
        assert.match(limited.serverMessage, /Too many calls/);
      },
    },
  ];
}
