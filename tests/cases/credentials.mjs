// The password never appears in an error (message, stack, properties, String(err),
// JSON.stringify(err)), in a log event, or in the client object, whatever fails.
import { ok, equal, thrown, asRequest, jsonResponse, relay } from "./harness.mjs";

function leaks(value, secret) {
  if (value === undefined || value === null) return false;
  let text;
  try {
    text = typeof value === "string" ? value : JSON.stringify(value);
  } catch {
    text = String(value);
  }
  return text.includes(secret);
}

function assertClean(err, secret, what) {
  const views = {
    message: err.message,
    stack: err.stack,
    string: String(err),
    json: JSON.stringify(err),
    props: Object.fromEntries(Object.keys(err).map((k) => [k, err[k]])),
    cmd: err.cmd,
    path: err.path,
  };
  for (const [view, value] of Object.entries(views)) {
    ok(!leaks(value, secret), `${what}: the password leaks through ${view}: ${String(value).slice(0, 200)}`);
  }
}

export const checks = [
  {
    name: "a Latin-1 password is masked in every form its header bytes come back in (issue 18 item 12)",
    async run(env) {
      const pw = "p\u00e4ssword-42";
      // A header carries the password as its Latin-1 bytes; a server may echo those.
      const bytes = [...pw].map((c) => c.charCodeAt(0));
      const b64 = (list) => btoa(String.fromCharCode(...list));
      const basic = b64([..."shop:"].map((c) => c.charCodeAt(0)).concat(bytes));
      const echoes = [b64(bytes), `Basic ${basic}`, "p%E4ssword-42", "p%e4ssword-42", "p\ufffdssword-42"];
      for (const echo of echoes) {
        const fetch = async () =>
          new Response(JSON.stringify({ success: false, message: `you sent ${echo}` }), { status: 401, headers: { "content-type": "application/json" } });
        const err = await thrown(env.client({ fetch, maxRetries: 0, username: "shop", password: pw }).salesExport().all(), echo);
        ok(err instanceof env.FourWsError, String(err));
        const text = `${err.message} ${err.serverMessage} ${JSON.stringify(err)}`;
        ok(!text.includes("ssword-42") && !text.includes(b64(bytes).slice(0, 12)) && !text.includes(basic.slice(6, 20)), `${echo} came back in ${text}`);
        ok(text.includes("***"), text);
      }
    },
  },
  {
    name: "no failure path and no log event shows the password",
    async run(env) {
      const secret = env.PASSWORD;
      const events = [];
      const onRequest = (e) => events.push(e);
      const failures = [];
      // Bad options, with the password set.
      failures.push(["bad option", await thrown(() => new env.Client({ baseUrl: "nope", applicationId: "A", password: secret }), "bad option")]);
      failures.push(["password with a line break", await thrown(() => new env.Client({ baseUrl: env.mockUrl, applicationId: "A", password: secret + "\n" }), "pw")]);
      // Every server fault.
      for (const fault of ["401", "422", "429", "500", "502-html", "api-error", "html", "truncated", "drop", "hang", "empty-more", "bad-record"]) {
        const c = env.client({ maxRetries: 0, timeoutMs: 300, onRequest, headers: { "x-fault": fault, "x-fault-id": `cred-${fault}-${Math.random()}` } });
        failures.push([fault, await thrown(c.customersExport().all(), fault)]);
      }
      // A server (or proxy) that echoes the password back in its message.
      const echo = async (request) =>
        new Response(JSON.stringify({ success: false, message: `wrong password ${request.headers.get("password")} for user` }), {
          status: 401,
          headers: { "content-type": "application/json" },
        });
      failures.push(["echo 401", await thrown(env.client({ fetch: echo, onRequest }).salesExport().all(), "echo")]);
      const echo200 = async (request) =>
        new Response(JSON.stringify({ success: false, message: `password=${request.headers.get("password")}` }), {
          headers: { "content-type": "application/json" },
        });
      failures.push(["echo api", await thrown(env.client({ fetch: echo200 }).request({ cmd: "x" }), "echo api")]);
      // A fetch that throws with the password in its message.
      const leaky = async (request) => {
        throw new Error(`cannot connect with ${request.headers.get("password")}`);
      };
      failures.push(["throwing fetch", await thrown(env.client({ fetch: leaky, maxRetries: 0, onRequest }).salesExport().all(), "leaky")]);
      // Abort and timeout.
      failures.push(["aborted", await thrown(env.client().salesExport({ signal: AbortSignal.abort() }).all(), "abort")]);
      for (const [what, err] of failures) {
        ok(err instanceof env.FourWsError, `${what}: ${err}`);
        assertClean(err, secret, what);
      }
      ok(events.length > 10, "the hook saw the attempts");
      ok(!leaks(events, secret), "the onRequest events never show the password");
      const client = env.client();
      ok(!leaks(client, secret), "JSON.stringify(client)");
      ok(!String(client).includes(secret), "String(client)");
      ok(Object.keys(client).length === 0, "the client exposes no properties");
      if (env.inspect) ok(!env.inspect(client).includes(secret), "console.log(client)");
    },
  },
  {
    name: "a password echoed URL-encoded, in base64 or as Basic username:password is masked too",
    async run(env) {
      const secret = "p@ss word/+é!";
      const user = "shop-user";
      const b64 = (t) => btoa(String.fromCharCode(...new TextEncoder().encode(t)));
      const urlSafe = (t) => b64(t).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
      const forms = {
        literal: secret,
        json: JSON.stringify(secret).slice(1, -1),
        url: encodeURIComponent(secret),
        urlLower: encodeURIComponent(secret).toLowerCase(),
        form: new URLSearchParams({ p: secret }).toString().slice(2),
        base64: b64(secret),
        base64UrlSafe: urlSafe(secret),
        basic: `Basic ${b64(`${user}:${secret}`)}`,
        basicUrlSafe: urlSafe(`${user}:${secret}`),
        inLongerBase64: b64(`{"u":"${user}","p":"${secret}"}`),
      };
      const events = [];
      for (const [form, echoed] of Object.entries(forms)) {
        for (const status of [200, 401]) {
          const fetch = async () =>
            jsonResponse({ success: false, message: `rejected credentials ${echoed} (${form})` }, status);
          const c = new env.Client({
            baseUrl: env.mockUrl,
            applicationId: "A",
            username: user,
            password: secret,
            fetch,
            maxRetries: 0,
            onRequest: (e) => events.push(e),
          });
          const e = await thrown(c.customersExport().all(), form);
          ok(e instanceof env.FourWsError, `${form}: ${e}`);
          for (const view of [e.message, e.serverMessage, String(e), JSON.stringify(e), e.stack]) {
            ok(!String(view).includes(echoed), `${form} (${status}) leaks: ${view}`);
          }
          ok(e.message.includes("***"), `${form}: masked, not dropped: ${e.message}`);
        }
      }
      const all = JSON.stringify(events);
      for (const [form, echoed] of Object.entries(forms)) ok(!all.includes(echoed), `${form} leaks into onRequest events`);
    },
  },
  {
    name: "a baseUrl carrying user:password is refused without showing it",
    async run(env) {
      const e = await thrown(() => new env.Client({ baseUrl: "https://user:s3cretpw@host.example", applicationId: "A" }), "userinfo");
      equal(e.kind, "invalidArgument", e.message);
      ok(e.message.includes("baseUrl"), e.message);
      ok(!e.message.includes("s3cretpw") && !JSON.stringify(e).includes("s3cretpw"), e.message);
    },
  },
  {
    name: "invalid-record messages are masked, while the raw record stays as sent",
    async run(env) {
      const fetch = relay(({ json, start }) => {
        if (start !== 0) return;
        const list = structuredClone(json.valueObjectList);
        list[1].subject.birthday = `mock-password`;
        return { ...json, valueObjectList: list };
      });
      const bad = [];
      const pages = [];
      for await (const page of env.client({ fetch, invalidRecords: (r) => bad.push(r) }).customersExport().pages()) pages.push(page);
      equal(bad.length, 1, "one invalid record");
      ok(!bad[0].message.includes(env.PASSWORD), `callback message: ${bad[0].message}`);
      ok(!pages[0].invalid[0].message.includes(env.PASSWORD), `page.invalid message: ${pages[0].invalid[0].message}`);
      equal(bad[0].record.subject.birthday, env.PASSWORD, "the raw record is as sent");
    },
  },
];
