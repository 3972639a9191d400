// The password never appears in an error (message, stack, properties, String(err),
// JSON.stringify(err)), in a log event, or in the client object, whatever fails.
import { ok, thrown } from "./harness.mjs";

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
      const echo = async (url, init) =>
        new Response(JSON.stringify({ success: false, message: `wrong password ${new Headers(init.headers).get("password")} for user` }), {
          status: 401,
          headers: { "content-type": "application/json" },
        });
      failures.push(["echo 401", await thrown(env.client({ fetch: echo, onRequest }).salesExport().all(), "echo")]);
      const echo200 = async (url, init) =>
        new Response(JSON.stringify({ success: false, message: `password=${new Headers(init.headers).get("password")}` }), {
          headers: { "content-type": "application/json" },
        });
      failures.push(["echo api", await thrown(env.client({ fetch: echo200 }).request({ cmd: "x" }), "echo api")]);
      // A fetch that throws with the password in its message.
      const leaky = async (url, init) => {
        throw new Error(`cannot connect with ${new Headers(init.headers).get("password")}`);
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
];
