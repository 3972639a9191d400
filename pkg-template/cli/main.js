// The `fourws` command: argument parsing, the commands, exit codes. Built on the package's
// public API only (`import ... from "fourws"`, the package itself).
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { parseArgs } from "node:util";
import { Client, FourWsError } from "fourws";
import { appendFileSync } from "node:fs";
import { accountOf, clientOptions, environment, TUNABLE, tuning } from "./env.js";
import { Encoder, FORMATS } from "./format.js";
import { HELP } from "./help.js";
import { Progress } from "./progress.js";
import { Interrupted, runExport } from "./run.js";
import { checkpointPath, FileSink, StdoutError, StdoutSink } from "./sink.js";
import { redact, shellQuote, UsageError } from "./usage.js";

/** Exit statuses. */
export const EXIT = { ok: 0, failed: 1, usage: 2, interrupted: 130, terminated: 143, pipe: 141 };

/** The exit status of an interruption by `signal`. */
const interruptedBy = (signal) => (signal === "SIGTERM" ? EXIT.terminated : EXIT.interrupted);

const RESOURCES = {
  customers: { method: "customersExport", cmd: "getCustomersExport_v3" },
  prices: { method: "pricesExport", cmd: "getPricesExport_v3" },
  sales: { method: "salesExport", cmd: "getSalesExport_v3" },
};

const COMMON = {
  "env-file": { type: "string" },
  quiet: { type: "boolean", short: "q" },
  help: { type: "boolean", short: "h" },
};
/** Client and paging options a job may tune: each has a flag and a `FOURWS_*` variable (env.js). */
const TUNING = Object.fromEntries(TUNABLE.map((t) => [t.flag, { type: t.kind === "flag" ? "boolean" : "string" }]));
const RECORDS = {
  ...COMMON,
  ...TUNING,
  format: { type: "string", short: "f" },
  limit: { type: "string" },
  invalid: { type: "string" },
};

const OPTIONS = {
  export: {
    ...RECORDS,
    out: { type: "string", short: "o" },
    resume: { type: "boolean" },
    incremental: { type: "boolean" },
    system: { type: "string" },
    start: { type: "string" },
  },
  vouchers: { ...RECORDS, "page-size": { type: "string" } },
  orders: { ...RECORDS, since: { type: "string" }, "page-size": { type: "string" } },
  request: {
    ...RECORDS,
    method: { type: "string", short: "X" },
    query: { type: "string", multiple: true },
    body: { type: "string" },
    paginate: { type: "boolean" },
    "page-size": { type: "string" },
    start: { type: "string" },
  },
  mock: {
    help: { type: "boolean", short: "h" },
    port: { type: "string" },
    host: { type: "string" },
    latency: { type: "string" },
    total: { type: "string", multiple: true },
  },
};

function version() {
  return JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")).version;
}

/** How the user invoked us, for the resume hint. */
function programName() {
  const script = process.argv[1] ?? "fourws";
  if (/[\\/]node_modules[\\/]\.bin[\\/]fourws$/.test(script)) return "npx fourws";
  if (basename(script) === "fourws") return "fourws";
  return `node ${shellQuote(script)}`;
}

function integer(text, name, min) {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < min) throw new UsageError(`--${name} must be a whole number of at least ${min}, got '${text}'`);
  return Number(text);
}

/** `--page-size N`: the library's `pageSize` (sent as `limit`; the library checks its range). */
function pageSize(values) {
  const n = integer(values["page-size"], "page-size", 1);
  return n === undefined ? {} : { pageSize: n };
}

function format(values) {
  const f = values.format ?? "ndjson";
  if (!FORMATS.includes(f)) throw new UsageError(`--format must be one of ${FORMATS.join(", ")}, got '${f}'`);
  return f;
}

/**
 * Runs the command line; resolves to the exit status.
 * @param {string[]} argv the arguments after `fourws`
 * @returns {Promise<number>}
 */
export async function main(argv) {
  let password = null;
  const say = (text) => process.stderr.write(redact(text, password) + "\n");
  try {
    const [command, ...rest] = argv;
    if (command === undefined) {
      process.stderr.write(HELP.main);
      return EXIT.usage;
    }
    if (command === "--help" || command === "-h" || command === "help") {
      const topic = command === "help" ? rest[0] : undefined;
      process.stdout.write(HELP[topic && Object.hasOwn(HELP, topic) ? topic : "main"]);
      return EXIT.ok;
    }
    if (command === "--version" || command === "-v") {
      process.stdout.write(version() + "\n");
      return EXIT.ok;
    }
    if (!Object.hasOwn(OPTIONS, command)) throw new UsageError(`unknown command '${command}' (commands: export, vouchers, orders, request, mock; see fourws --help)`);
    let parsed;
    try {
      parsed = parseArgs({ args: rest, options: OPTIONS[command], allowPositionals: true, strict: true });
    } catch (e) {
      const credential = /'--?(password|username|user|pass|company-?id|site-?id|base-?url)\b/i.exec(e.message);
      if (credential) {
        throw new UsageError(
          `there is no --${credential[1]} option: credentials come only from the environment (FOURWS_PASSWORD, ` +
            "FOURWS_USERNAME, ...) or --env-file FILE, never from the command line, which other users of the machine can see",
        );
      }
      throw new UsageError(e.message.replace(/^.*?: /, "").replace(/\. To specify.*$/s, ""));
    }
    const { values, positionals } = parsed;
    if (values.help) {
      process.stdout.write(HELP[command]);
      return EXIT.ok;
    }
    if (command === "mock") return await mock(values, positionals);

    const env = environment(values["env-file"]);
    const { options: account, password: pw } = clientOptions(env);
    password = pw;
    const { client: tuned, paging } = tuning(values, env);
    const options = { ...account, ...tuned };
    const ctx = { values, positionals, options, paging, say, password };
    if (command === "export") return await exportCommand(ctx);
    if (command === "vouchers") return await vouchers(ctx);
    if (command === "orders") return await orders(ctx);
    return await request(ctx);
  } catch (e) {
    if (e instanceof UsageError) {
      say(`fourws: ${e.message}`);
      return EXIT.usage;
    }
    if (e instanceof FourWsError) {
      say(`fourws: ${e.kind}: ${e.message}${tunedHint(e)}`);
      return e.kind === "invalidArgument" ? EXIT.usage : EXIT.failed;
    }
    if (e instanceof StdoutError) {
      say(`fourws: ${e.message}`);
      return e.code === "EPIPE" ? EXIT.pipe : EXIT.failed;
    }
    say(`fourws: ${otherFailure(e)}`);
    return EXIT.failed;
  }
}

/** For a refused tuned option: which flag and variable set it. */
function tunedHint(e) {
  if (e?.kind !== "invalidArgument") return "";
  const t = TUNABLE.find((x) => new RegExp("option `" + x.option + "(\\.|`)").test(e.message));
  return t ? ` (set by --${t.flag} or ${t.variable})` : "";
}

/**
 * `--invalid fail|skip|FILE`: what to do with a record that fails validation. `fail` (the
 * default): the run stops at its page. `skip`: each is reported on stderr (path, message) and
 * the run goes on. FILE: each is appended to FILE as one JSON line
 * `{ start, index, path, message, record }` and the run goes on.
 * @returns {{ invalidRecords?: "throw" | ((r: object) => void) }}
 */
function invalidChoice(values, say, counter) {
  const choice = values.invalid ?? "fail";
  if (choice === "fail") return { invalidRecords: "throw" };
  if (choice === "skip") {
    return {
      invalidRecords: (r) => {
        counter.n++;
        say(`fourws: skipped an invalid record (page at ${r.start ?? "?"}, ${r.path}): ${r.message}`);
      },
    };
  }
  if (choice === "") throw new UsageError("--invalid takes fail, skip or a FILE name");
  return {
    invalidRecords: (r) => {
      counter.n++;
      appendFileSync(choice, JSON.stringify({ start: r.start, index: r.index, path: r.path, message: r.message, record: r.record }) + "\n");
    },
  };
}

/** A line saying how many invalid records went where (nothing when there were none). */
function invalidSummary(values, counter) {
  if (counter.n === 0) return null;
  return values.invalid === "skip"
    ? `fourws: ${counter.n} invalid records were skipped (listed above)`
    : `fourws: ${counter.n} invalid records were written to ${values.invalid}`;
}

function newClient(options, extra = {}) {
  return new Client({ ...options, ...extra });
}

async function exportCommand({ values, positionals, options, paging, say, password }) {
  if (positionals.length !== 1 || !Object.hasOwn(RESOURCES, positionals[0])) {
    throw new UsageError("usage: fourws export customers|prices|sales [options] (see fourws export --help)");
  }
  const resource = positionals[0];
  const fmt = format(values);
  const limit = integer(values.limit, "limit", 1);
  const start = integer(values.start, "start", 0);
  const incremental = Boolean(values.incremental);
  if (incremental && !values.system) throw new UsageError("--incremental needs --system NAME (the name the server keeps its cursor under)");
  if (!incremental && values.system !== undefined) throw new UsageError("--system goes with --incremental");
  if (incremental && start !== undefined) throw new UsageError("--start cannot be used with --incremental (the server keeps the cursor)");
  if (values.resume && !values.out) throw new UsageError("--resume needs --out FILE (the file and checkpoint to continue)");

  const fingerprint = {
    command: `export ${resource}`,
    format: fmt,
    limit: limit ?? null,
    incremental,
    system: values.system ?? null,
    start: start ?? null,
    account: accountOf(options),
  };
  const describe = (fp) =>
    [
      "fourws",
      fp.command,
      `--format ${fp.format}`,
      fp.limit !== null ? `--limit ${fp.limit}` : "",
      fp.incremental ? `--incremental --system ${shellQuote(String(fp.system))}` : "",
      fp.start !== null ? `--start ${fp.start}` : "",
    ]
      .filter(Boolean)
      .join(" ");

  const invalid = { n: 0 };
  const client = newClient(options, invalidChoice(values, say, invalid));
  const { method } = RESOURCES[resource];
  const rows = resource === "prices";
  const progress = new Progress({
    quiet: Boolean(values.quiet),
    label: resource,
    unit: rows ? "rows" : resource,
    redact: (s) => redact(s, password),
  });
  let sink;
  let saved = null;
  if (values.out) {
    ({ sink, saved } = FileSink.open(values.out, { resume: Boolean(values.resume), fingerprint, describe }));
    if (values.resume && !saved && !values.quiet) say(`fourws: no checkpoint beside ${values.out}: starting from the beginning`);
  } else sink = new StdoutSink({ beforeWrite: () => progress.clear() });
  const encoder = new Encoder(fmt, { perPriceRow: rows, state: saved?.encoder });
  if (saved) progress.message(`fourws: resuming ${values.out} at ${saved.done} ${rows ? "price rows" : resource} (${saved.bytes} bytes kept)`);

  const job = {
    // Where to begin and every paging guard come from the library: a fresh run starts at
    // --start, a resumed one from the paginator's own checkpoint.
    paginator: (resume, signal) =>
      client[method]({
        ...(incremental ? { completeExtraction: false, system: values.system } : {}),
        ...(resume ? { resume } : !incremental && start !== undefined ? { start } : {}),
        ...paging,
        signal,
      }),
    encoder,
    sink,
    progress,
    rows,
    limit,
    saved,
    fingerprint,
    checkpointEveryMs: checkpointEvery(),
  };
  const began = Date.now();
  try {
    const result = await runExport(job);
    const where = values.out ? ` to ${values.out}` : "";
    progress.message(
      `fourws: ${resource}: ${result.records} records${rows ? ` (${result.done} price rows)` : ""} written${where} in ${((Date.now() - began) / 1000).toFixed(1)} s`,
    );
    const skipped = invalidSummary(values, invalid);
    if (skipped) progress.message(skipped);
    return EXIT.ok;
  } catch (e) {
    progress.clear();
    // What the checkpoint file holds (not what was handed to the OS after it).
    const at = job.checkpointed?.() ?? null;
    const resumeHint = () => {
      if (values.out) {
        const args = process.argv.slice(2);
        if (!args.includes("--resume")) args.push("--resume");
        const noStart = e?.kind === "pagination" && (e.start === null || e.start === undefined);
        if (at) {
          say(
            `fourws: the checkpoint ${checkpointPath(values.out)} holds ${at.encoder.records} records ` +
              `(${at.done} ${rows ? "price rows" : resource}) of ${values.out}${noStart ? "" : "; a resume continues from there"}`,
          );
        } else {
          say(`fourws: no checkpoint was written for ${values.out}`);
        }
        // Neither a resume nor another incremental run brings a lost page back; a complete
        // extraction does.
        const complete = () =>
          `rm ${shellQuote(checkpointPath(values.out))} && ${programName()} ${completeExtraction(args).map(shellQuote).join(" ")}`;
        if (incremental && noStart) {
          say(`fourws: resuming cannot repair this: take a complete extraction with ${complete()}`);
        } else if (incremental && at?.paging?.pageLost) {
          say(
            `fourws: a page the server sent may be lost for this system: ` +
              `${programName()} ${args.map(shellQuote).join(" ")} writes what the server still sends, then exits 1; ` +
              `only a complete extraction gets everything: ${complete()}`,
          );
        } else if (noStart) {
          // The library gives no resume point: resuming would not repair it (data changed
          // during the export, or elements missing before the end).
          const fresh = args.filter((a) => a !== "--resume");
          say(
            `fourws: resuming cannot repair this: start again with ` +
              `rm ${shellQuote(checkpointPath(values.out))} && ${programName()} ${fresh.map(shellQuote).join(" ")}`,
          );
        } else {
          say(`fourws: to resume: ${programName()} ${args.map(shellQuote).join(" ")}`);
        }
      } else {
        const from = at?.paging?.position ?? (at ? (start ?? 0) : null);
        if (!incremental && from !== null && from !== undefined && e?.kind !== "pagination") {
          say(`fourws: stdout cannot be resumed; the records from offset ${from} on are missing: add \`--start ${from}\` to get them (or use --out FILE, which resumes exactly)`);
        }
      }
    };
    if (e instanceof Interrupted) {
      say(e.signal === "SIGTERM" ? "fourws: terminated (SIGTERM)" : "fourws: interrupted");
      resumeHint();
      return interruptedBy(e.signal);
    }
    if (e instanceof FourWsError) {
      if (e.kind === "invalidArgument" && (at?.encoder.records ?? 0) === 0) {
        say(`fourws: ${e.kind}: ${e.message}${tunedHint(e)}`);
        return EXIT.usage;
      }
      say(`fourws: ${e.kind}: ${e.message}${tunedHint(e)}`);
    } else if (e instanceof UsageError) {
      throw e;
    } else if (e instanceof StdoutError) {
      say(`fourws: ${e.message}`);
      resumeHint();
      return e.code === "EPIPE" ? EXIT.pipe : EXIT.failed;
    } else {
      say(`fourws: ${otherFailure(e)}`);
    }
    resumeHint();
    return EXIT.failed;
  }
}

/**
 * A failure that is neither fourws's nor a usage error (a file system error, say), in one
 * line: its code, unless its message already starts with it (Node's "ENOSPC: no space…").
 */
function otherFailure(e) {
  const message = String(e?.message ?? e);
  return e?.code && !message.startsWith(e.code) ? `${e.code}: ${message}` : message;
}

/** The command's arguments without `--resume`, `--incremental` and `--system NAME`. */
function completeExtraction(args) {
  const out = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--resume" || args[i] === "--incremental" || args[i].startsWith("--system=")) continue;
    if (args[i] === "--system") {
      i++;
      continue;
    }
    out.push(args[i]);
  }
  return out;
}

function checkpointEvery() {
  const text = process.env.FOURWS_CHECKPOINT_MS;
  if (text === undefined || text === "") return 250;
  if (!/^\d+$/.test(text)) throw new UsageError("FOURWS_CHECKPOINT_MS must be a whole number of milliseconds");
  return Number(text);
}

/** Vouchers, orders and `request --paginate`: records to stdout, no checkpoint. */
async function records(values, label, paginatorOf, say, password, { summary = false, invalid } = {}) {
  const fmt = format(values);
  const limit = integer(values.limit, "limit", 1);
  const encoder = new Encoder(fmt, { perPriceRow: false });
  const progress = new Progress({ quiet: Boolean(values.quiet), label, unit: "records", redact: (s) => redact(s, password) });
  let first = true;
  const job = {
    paginator: (_resume, signal) => {
      const p = paginatorOf(signal);
      if (!summary) return p;
      // The loyalty summary goes to stderr, once: the records alone go to stdout.
      return {
        pages: (options) => {
          const inner = p.pages(options);
          return {
            [Symbol.asyncIterator]: () => ({
              next: async () => {
                const r = await inner.next();
                if (!r.done && first && r.value.summary && !values.quiet) {
                  progress.clear();
                  say(`fourws: summary: ${JSON.stringify(r.value.summary)}`);
                }
                first = false;
                return r;
              },
            }),
          };
        },
        checkpoint: () => p.checkpoint(),
        checkpointBeforeNextPage: () => p.checkpointBeforeNextPage(),
        close: () => p.close(),
      };
    },
    encoder,
    sink: new StdoutSink({ beforeWrite: () => progress.clear() }),
    progress,
    rows: false,
    limit,
    saved: null,
    fingerprint: null,
    checkpointEveryMs: Infinity,
  };
  try {
    await runExport(job);
    const skipped = invalid ? invalidSummary(values, invalid) : null;
    if (skipped) progress.message(skipped);
    return EXIT.ok;
  } catch (e) {
    progress.clear();
    if (e instanceof Interrupted) {
      say(e.signal === "SIGTERM" ? "fourws: terminated (SIGTERM)" : "fourws: interrupted");
      return interruptedBy(e.signal);
    }
    throw e;
  }
}

async function vouchers({ values, positionals, options, paging, say, password }) {
  if (positionals.length !== 1) throw new UsageError("usage: fourws vouchers CARD_BARCODE [--format ndjson|csv|json]");
  const invalid = { n: 0 };
  const client = newClient(options, invalidChoice(values, say, invalid));
  return records(values, "vouchers", (signal) => client.loyaltyVouchers({ cardBarcode: positionals[0], ...paging, ...pageSize(values), signal }), say, password, {
    summary: true,
    invalid,
  });
}

/**
 * `--since`: "yyyy-MM-dd HH:mm:ss" (GMT, sent as is), an ISO 8601 date or date-time, or a
 * duration back from now (`90s`, `30m`, `24h`, `7d`). Whether a date is real (no February
 * 30th in any form) is the library's rule: `check` hands the written date and time to it.
 * @param {string | undefined} text
 * @param {(wire: string) => void} check throws when `wire` ("yyyy-MM-dd HH:mm:ss") is not a real time
 * @returns {string | Date}
 */
export function parseSince(text, check, now = Date.now()) {
  if (text === undefined) throw new UsageError('orders needs --since "yyyy-MM-dd HH:mm:ss" | ISO-8601 | 24h | 7d');
  const rel = /^(\d+)([smhd])$/.exec(text);
  if (rel) return new Date(now - Number(rel[1]) * { s: 1e3, m: 60e3, h: 3600e3, d: 86400e3 }[rel[2]]);
  const m = /^(\d{4}-\d{2}-\d{2})(?:([T ])(\d{2}:\d{2})(:\d{2})?(\.\d+)?(Z|[+-]\d{2}:?\d{2})?)?$/.exec(text);
  if (m && !(m[2] === " " && (m[4] === undefined || m[5] !== undefined || m[6] !== undefined))) {
    const wire = `${m[1]} ${m[3] ?? "00:00"}${m[4] ?? ":00"}`;
    try {
      check(wire);
    } catch (e) {
      throw new UsageError(`--since: '${text}' is not a real date and time (${e.message})`);
    }
    if (m[2] === " ") return text;
    const d = new Date(`${m[1]}T${m[3] ?? "00:00"}${m[4] ?? ":00"}${m[5] ?? ""}${m[6] ?? "Z"}`);
    if (!Number.isNaN(d.getTime())) return d;
  }
  throw new UsageError(`--since: '${text}' is not "yyyy-MM-dd HH:mm:ss" (GMT), an ISO 8601 date-time, or a duration such as 24h or 7d`);
}

async function orders({ values, positionals, options, paging, say, password }) {
  if (positionals.length !== 0) throw new UsageError("usage: fourws orders --since WHEN [--format ndjson|csv|json]");
  const invalid = { n: 0 };
  const client = newClient(options, invalidChoice(values, say, invalid));
  // A paginator sends nothing until asked: its checkpoint() throws the refusal of its options,
  // so this only checks the date (the core's rule).
  const fromDateTime = parseSince(values.since, (wire) => client.lastDigitalOrders({ fromDateTime: wire }).checkpoint());
  return records(values, "orders", (signal) => client.lastDigitalOrders({ fromDateTime, ...paging, ...pageSize(values), signal }), say, password, { invalid });
}

async function request({ values, positionals, options, paging, say, password }) {
  if (positionals.length !== 1) throw new UsageError("usage: fourws request CMD [--method GET|POST] [--query k=v]... [--body JSON] [--paginate]");
  const cmd = positionals[0];
  const query = {};
  for (const pair of values.query ?? []) {
    const i = pair.indexOf("=");
    if (i <= 0) throw new UsageError(`--query takes key=value, got '${pair}'`);
    query[pair.slice(0, i)] = pair.slice(i + 1);
  }
  let body;
  if (values.body !== undefined) {
    try {
      body = JSON.parse(values.body);
    } catch (e) {
      throw new UsageError(`--body is not JSON: ${e.message}`);
    }
  }
  const method = (values.method ?? (body !== undefined ? "POST" : "GET")).toUpperCase();
  if (method !== "GET" && method !== "POST") throw new UsageError(`--method must be GET or POST, got '${values.method}'`);
  const start = integer(values.start, "start", 0);
  const call = {
    cmd,
    method,
    ...(Object.keys(query).length ? { query } : {}),
    ...(body !== undefined ? { body } : {}),
    ...(start !== undefined ? { start } : {}),
  };
  const client = newClient(options);
  if (values.paginate) return records(values, cmd, (signal) => client.paginate({ ...call, ...paging, ...pageSize(values), signal }), say, password);
  if (values.format !== undefined || values.limit !== undefined || values["page-size"] !== undefined) {
    throw new UsageError("--format, --limit and --page-size go with --paginate");
  }
  if (values.invalid !== undefined) throw new UsageError("--invalid goes with --paginate (one request keeps the envelope as sent)");
  const controller = new AbortController();
  let signalled = null;
  const onSignal = (signal) => {
    signalled = signal;
    controller.abort();
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    const envelope = await client.request({ ...call, signal: controller.signal });
    await new StdoutSink().write(JSON.stringify(envelope, null, 2) + "\n");
    return EXIT.ok;
  } catch (e) {
    if (signalled) {
      say(signalled === "SIGTERM" ? "fourws: terminated (SIGTERM)" : "fourws: interrupted");
      return interruptedBy(signalled);
    }
    throw e;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

async function mock(values, positionals) {
  if (positionals.length !== 0) throw new UsageError("usage: fourws mock [--port N] [--host H] [--latency MS] [--total NAME=N]...");
  const totals = {};
  for (const pair of values.total ?? []) {
    const m = /^(customers|prices|sales|vouchers|orders)=(\d+)$/.exec(pair);
    if (!m) throw new UsageError(`--total takes customers|prices|sales|vouchers|orders=N, got '${pair}'`);
    totals[m[1]] = Number(m[2]);
  }
  const { startMockServer, DEFAULT_CREDENTIALS } = await import("../mock/server.mjs");
  const server = await startMockServer({
    port: integer(values.port, "port", 0) ?? 0,
    host: values.host ?? "127.0.0.1",
    latencyMs: integer(values.latency, "latency", 0) ?? 0,
    totals,
  });
  const c = DEFAULT_CREDENTIALS;
  process.stdout.write(
    `fourws mock 4WS server listening on ${server.url}\n` +
      `# its data and fault switches: node_modules/fourws/mock/README.md; to point fourws at it:\n` +
      `export FOURWS_BASE_URL=${server.url} FOURWS_APPLICATION_ID=KEEPIT FOURWS_USERNAME=${c.username} ` +
      `FOURWS_PASSWORD=${c.password} FOURWS_COMPANY_ID=${c.companyId} FOURWS_SITE_ID=${c.siteId}\n`,
  );
  await new Promise((resolve) => {
    const stop = () => resolve();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  await server.close();
  return EXIT.ok;
}
