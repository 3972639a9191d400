// The TypeScript declarations as users get them (GitHub issue 3): a strict TypeScript file in
// a project that installed the tarball uses every endpoint and type by name, reads typed
// fields, narrows FourWsError.kind exhaustively, and must compile with tsc under
// `node16`, `nodenext` and `bundler` resolution, declarations included (no skipLibCheck), and
// from a CommonJS `.cts` file; a file of planted mistakes must fail, each on its own line. The
// `@ts-expect-error` lines prove wrong usage is rejected: tsc fails on any that is not an error.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { BIN, exec, installedPackage } from "./tarball.mjs";

const CHECK_TS = String.raw`
import init, {
  Client,
  FourWsError,
  Paginator,
  type ClientOptions,
  type Customer,
  type CustomerSubject,
  type CustomerPrivacy,
  type PriceList,
  type Price,
  type PriceListEntity,
  type Sale,
  type SaleHeader,
  type SaleDetail,
  type SalePayment,
  type LoyaltyVoucher,
  type LoyaltySummary,
  type DigitalOrder,
  type DigitalOrderItem,
  type DigitalOrderPayment,
  type DigitalOrderClient,
  type DigitalOrderDelivery,
  type DigitalOrderTotals,
  type Page,
  type FourWsErrorKind,
  type ExportOptions,
  type LoyaltyVouchersOptions,
  type LastDigitalOrdersOptions,
  type GenericOptions,
  type PageOptions,
  type RequestEvent,
  type InvalidRecord,
  type Unlisted,
} from "fourws";

// Exact type equality, checked at compile time.
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function expectType<T extends true>(_: T): void {}

const options: ClientOptions = {
  baseUrl: "https://acme.example",
  applicationId: "KEEPIT",
  username: "u",
  password: "p",
  companyId: "C",
  siteId: "1",
  namespace: "ns",
  languageId: "EN",
  loadRoles: true,
  timeoutMs: 30000,
  maxRetries: 3,
  rateLimit: { maxCalls: 100, perMs: 60000 },
  concurrency: 2,
  headers: { "x-extra": "1" },
  fetch: globalThis.fetch,
  onRequest: (e: RequestEvent) => {
    const kind: FourWsErrorKind | null = e.errorKind;
    void kind;
    void e.cmd.toUpperCase();
    void e.attempt.toFixed();
  },
  invalidRecords: (r: InvalidRecord) => void r.path.length,
};

// Issue 18 item 23: documented code that works is accepted. fetch is called with one
// Request; null is the same as leaving an option out; undefined header values are skipped;
// a page's summary is an object whenever the answer has extra top-level fields.
const documented: ClientOptions = {
  baseUrl: "https://acme.example",
  applicationId: "KEEPIT",
  fetch: (req: Request) => globalThis.fetch(req),
  timeoutMs: null,
  password: null,
  headers: { "x-trace": undefined, "x-n": 2 },
};
void documented;
const nullSignal: ExportOptions = { signal: null };
void nullSignal;
expectType<Equal<Page<DigitalOrder>["summary"], Record<string, unknown> | null>>(true);

export async function useEverything(signal: AbortSignal): Promise<number> {
  await init();
  const client = new Client(options);

  // customers
  const customers: Paginator<Customer> = client.customersExport({ completeExtraction: true, languageId: "IT", signal });
  for await (const c of customers) {
    expectType<Equal<typeof c, Customer>>(true);
    const subject: CustomerSubject = c.subject;
    const birthday = subject.birthday;
    expectType<Equal<typeof birthday, string | null | undefined>>(true);
    expectType<Equal<typeof c.subject.earnedPoints, number | null | undefined>>(true);
    const privacy: CustomerPrivacy[] | null | undefined = c.privacy;
    const consent = privacy?.[0]?.privacyConsent;
    expectType<Equal<typeof consent, boolean | null | undefined>>(true);
    // fields the docs do not list are kept, reached through Unlisted<T>, as unknown
    const open: Unlisted<CustomerSubject> = c.subject as Unlisted<CustomerSubject>;
    expectType<Equal<typeof open.someNewField, unknown>>(true);
    expectType<Equal<typeof open.birthday, string | null | undefined>>(true);
    // @ts-expect-error a misspelt field does not compile
    void c.subject.brithday;
    // @ts-expect-error a nullable string is not a string
    const s: string = c.subject.birthday;
    void s;
  }

  // pages
  const exportOptions: ExportOptions = { completeExtraction: false, system: "ERP", start: 40, concurrency: 1 };
  for await (const page of client.customersExport(exportOptions).pages()) {
    expectType<Equal<typeof page, Page<Customer>>>(true);
    expectType<Equal<typeof page.nextStart, number | null>>(true);
    expectType<Equal<typeof page.total, number | null>>(true);
    const more: boolean = page.moreRows;
    void more;
    const items: Customer[] = page.items;
    void items;
  }
  const first50: Customer[] = await client.customersExport().all({ limit: 50 });

  // prices
  for await (const list of client.pricesExport()) {
    expectType<Equal<typeof list, PriceList>>(true);
    const code: string = list.priceList;
    const rows: Price[] = list.prices;
    const price = rows[0].price;
    expectType<Equal<typeof price, number | null>>(true);
    const entities: PriceListEntity[] | null | undefined = list.entityCodes;
    void code, entities;
  }

  // sales
  const sales: Sale[] = await client.salesExport().all();
  const header = sales[0].saleHeader;
  expectType<Equal<typeof header, SaleHeader>>(true);
  const total = header.totalAmount;
  expectType<Equal<typeof total, number | null | undefined>>(true);
  const details: SaleDetail[] | null | undefined = sales[0]?.saleDetails;
  const payments: SalePayment[] | null | undefined = sales[0]?.salePayments;
  void details, payments;

  // loyalty vouchers, with the summary
  const voucherOptions: LoyaltyVouchersOptions = { cardBarcode: "0099000001209", pkFieldName: "id" };
  const vouchers: Paginator<LoyaltyVoucher, LoyaltySummary> = client.loyaltyVouchers(voucherOptions);
  const vpage: Page<LoyaltyVoucher, LoyaltySummary> | null = await vouchers.nextPage();
  if (vpage) {
    const summary: LoyaltySummary | null = vpage.summary;
    const validTicket = summary?.validTicket;
    expectType<Equal<typeof validTicket, number | null | undefined>>(true);
    for (const v of vpage.items) {
      expectType<Equal<typeof v.totalAmount, number | null | undefined>>(true);
      const amount: number = v.totalAmount ?? 0;
      void amount;
      // @ts-expect-error totalAmount may be null
      const n: number = v.totalAmount;
      void n;
    }
  }
  const resumeAt: number | null = vouchers.position;
  vouchers.close();

  // digital orders
  const orderOptions: LastDigitalOrdersOptions = { fromDateTime: new Date() };
  const orders: DigitalOrder[] = await client.lastDigitalOrders(orderOptions).all();
  await client.lastDigitalOrders({ fromDateTime: "2020-09-08 13:18:00" }).all({ limit: 1 });
  const o = orders[0];
  const tailoring = o?.items?.[0]?.havingTailoring;
  expectType<Equal<typeof tailoring, boolean | null | undefined>>(true);
  const item: DigitalOrderItem | undefined = o?.items?.[0];
  const payment: DigitalOrderPayment | undefined = o?.payments?.[0];
  const paid = payment?.paymentDone;
  expectType<Equal<typeof paid, boolean | null | undefined>>(true);
  const invoice: DigitalOrderClient | null | undefined = o?.invoiceClient;
  const isCompany = invoice?.isCompany;
  expectType<Equal<typeof isCompany, boolean | null | undefined>>(true);
  const delivery: DigitalOrderDelivery[] | null | undefined = o?.delivery;
  const totals: DigitalOrderTotals | null | undefined = o?.totals;
  const grand = totals?.grandTotal;
  expectType<Equal<typeof grand, number | null | undefined>>(true);
  void item, delivery;

  // any command
  const generic: GenericOptions = { cmd: "getSomething_v1", method: "GET", query: { a: 1, b: "x", c: true, d: new Date() } };
  const raw = client.paginate(generic);
  for await (const r of raw) {
    expectType<Equal<typeof r, unknown>>(true);
  }
  const envelope: Record<string, unknown> = await client.request({ cmd: "getSomething_v1", method: "POST", body: { x: 1 }, signal });
  void envelope;
  const pageOptions: PageOptions = { signal, start: 0 };
  void pageOptions;

  return first50.length + (resumeAt ?? 0);
}

// Errors: narrowing kind, exhaustively.
export function explain(e: unknown): string {
  if (!(e instanceof FourWsError)) return "not fourws";
  const err: Error = e;
  void err;
  expectType<Equal<typeof e.name, "FourWsError">>(true);
  expectType<Equal<typeof e.cmd, string | null>>(true);
  expectType<Equal<typeof e.start, number | null>>(true);
  switch (e.kind) {
    case "invalidArgument":
      return "fix the call: " + e.message;
    case "network":
    case "timeout":
    case "aborted":
      return "transport";
    case "http":
    case "rateLimited": {
      const status: number | null = e.status;
      const wait: number | null = e.retryAfterMs;
      return "status " + status + " wait " + wait;
    }
    case "api":
    case "decode":
      return "server said: " + e.message;
    case "validation": {
      const path: string | null = e.path;
      return "bad value at " + path;
    }
    case "pagination":
      return "resume at " + e.start;
    default: {
      const never: never = e.kind;
      return never;
    }
  }
}

export function kinds(e: FourWsError): boolean {
  // @ts-expect-error not a kind
  return e.kind === "timeOut";
}

export const made = new FourWsError("http", "HTTP 500", { status: 500, cmd: "getSalesExport_v3" });

// Wrong usage is rejected.
export function wrong(client: Client): void {
  // @ts-expect-error cardBarcode is required
  client.loyaltyVouchers({});
  // @ts-expect-error the options are required
  client.loyaltyVouchers();
  // @ts-expect-error fromDateTime is required
  client.lastDigitalOrders({ start: 0 });
  // @ts-expect-error fromDateTime is a Date or a string
  client.lastDigitalOrders({ fromDateTime: 1600000000000 });
  // @ts-expect-error completeExtraction is a boolean, not "T"
  client.customersExport({ completeExtraction: "T" });
  // @ts-expect-error only "IT" and "EN"
  client.salesExport({ languageId: "DE" });
  // @ts-expect-error no such endpoint
  client.customers();
  // @ts-expect-error all() resolves to an array, not a paginator
  void client.customersExport().all().pages;
  // @ts-expect-error cmd is required
  client.paginate({ method: "GET" });
  // @ts-expect-error only GET or POST
  client.request({ cmd: "x", method: "PUT" });
  // @ts-expect-error paginators are made by the client
  new Paginator();
  // @ts-expect-error not a kind
  new FourWsError("oops", "message");
}

export function wrongOptions(): void {
  // @ts-expect-error only "IT" and "EN"
  new Client({ baseUrl: "https://acme.example", applicationId: "KEEPIT", languageId: "DE" });
  // @ts-expect-error baseUrl is required
  new Client({ applicationId: "KEEPIT" });
  // @ts-expect-error applicationId is required
  new Client({ baseUrl: "https://acme.example" });
  // @ts-expect-error rateLimit needs perMs
  new Client({ baseUrl: "https://acme.example", applicationId: "KEEPIT", rateLimit: { maxCalls: 1 } });
  // @ts-expect-error timeoutMs is a number
  new Client({ baseUrl: "https://acme.example", applicationId: "KEEPIT", timeoutMs: "30s" });
  // @ts-expect-error options are required
  new Client();
}
`;

// The same from a CommonJS TypeScript file (`.cts`, compiled to require): it must get the
// package's CommonJS declarations (index.d.cts), and they must be as complete.
const CHECK_CTS = String.raw`
import init, { Client, FourWsError, joinPriceLists, type Customer, type PriceList, type Unlisted } from "fourws";

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function expectType<T extends true>(_: T): void {}

export async function list(): Promise<string[]> {
  await init();
  const client = new Client({ baseUrl: "https://acme.example", applicationId: "KEEPIT" });
  const out: string[] = [];
  for await (const c of client.customersExport()) {
    expectType<Equal<typeof c, Customer>>(true);
    out.push(c.subject.subjectCode ?? "");
    const open = c as Unlisted<Customer>;
    expectType<Equal<typeof open.extra, unknown>>(true);
    // @ts-expect-error a misspelt field does not compile
    void c.subject.subjectcode;
  }
  const lists: PriceList[] = joinPriceLists([]);
  void lists;
  return out;
}

export function kind(e: unknown): string | null {
  return e instanceof FourWsError ? e.kind : null;
}
`;

// Mistakes users make, one per line marked MISTAKE: each must be a compile error under plain
// --strict (no other line may be), and the error must name what is wrong.
const MISTAKES_TS = String.raw`import { Client, FourWsError, type Customer } from "fourws";

export const client = new Client({ baseUrl: "https://acme.example", applicationId: "KEEPIT", timeoutMS: 5000 }); // MISTAKE timeoutMS
client.customersExport({ completeExtration: true }); // MISTAKE completeExtration
client.salesExport({ languageID: "IT" }); // MISTAKE languageID
new Client({ baseUrl: "https://acme.example", applicationId: "KEEPIT", rateLimit: { maxCall: 1, perMs: 1000 } }); // MISTAKE maxCall
export function birthday(c: Customer): unknown { return c.subject.brithday; } // MISTAKE brithday
export function consent(c: Customer): unknown { return c.privacy?.[0]?.privacyConsnt; } // MISTAKE privacyConsnt
export function isTimeout(e: FourWsError): boolean { return e.kind === "timeOut"; } // MISTAKE timeOut
export const made = new FourWsError("notAKind", "message"); // MISTAKE notAKind
export function status(e: FourWsError): number { return e.statusCode ?? 0; } // MISTAKE statusCode
`;

// Proves the harness can fail: the same compiler must reject a plain type error.
const BROKEN_TS = `import { Client } from "fourws";
const c = new Client({ baseUrl: "https://acme.example", applicationId: "KEEPIT" });
const n: number = c.customersExport();
export default n;
`;

const COMMON = ["--strict", "--noEmit", "--target", "es2022", "--lib", "es2022,dom", "--pretty", "false"];

let pkg;

before(async () => {
  pkg = await installedPackage();
  writeFileSync(join(pkg.project, "check.ts"), CHECK_TS);
  writeFileSync(join(pkg.project, "check.cts"), CHECK_CTS);
  writeFileSync(join(pkg.project, "mistakes.ts"), MISTAKES_TS);
  writeFileSync(join(pkg.project, "broken.ts"), BROKEN_TS);
});

const tsc = (args, files) => exec(join(BIN, "tsc"), [...COMMON, ...args, ...files], { cwd: pkg.project, timeout: 60_000 });

// check.ts (ESM) must get index.d.ts and check.cts (CommonJS) index.d.cts: --listFiles shows it.
function assertDeclarations(r, mode) {
  assert.equal(r.code, 0, `tsc (${mode}) failed:\n${r.stdout}${r.stderr}`);
  assert.match(r.stdout, /node_modules\/fourws\/index\.d\.ts$/m, "check.ts did not get index.d.ts");
  assert.match(r.stdout, /node_modules\/fourws\/index\.d\.cts$/m, "check.cts did not get index.d.cts");
}

test("strict TypeScript using every endpoint and type compiles with --moduleResolution nodenext, ESM and .cts", async () => {
  const r = await tsc(["--module", "nodenext", "--moduleResolution", "nodenext", "--listFiles"], ["check.ts", "check.cts"]);
  assertDeclarations(r, "nodenext");
});

test("... and with --module node16, ESM and .cts", async () => {
  const r = await tsc(["--module", "node16", "--moduleResolution", "node16", "--listFiles"], ["check.ts", "check.cts"]);
  assertDeclarations(r, "node16");
});

test("planted mistakes (option typos, misspelt record fields, wrong error kinds) fail to compile, each", async () => {
  for (const [module, resolution] of [["nodenext", "nodenext"], ["esnext", "bundler"]]) {
    const r = await tsc(["--module", module, "--moduleResolution", resolution], ["mistakes.ts"]);
    assert.notEqual(r.code, 0, "tsc accepted the mistakes");
    const errors = [...r.stdout.matchAll(/^mistakes\.ts\((\d+),\d+\): error TS\d+: (.*)$/gm)].map((m) => ({ line: Number(m[1]), text: m[2] }));
    const lines = MISTAKES_TS.split("\n");
    const planted = lines.flatMap((l, i) => (l.includes("// MISTAKE") ? [{ line: i + 1, word: l.split("// MISTAKE ")[1] }] : []));
    assert.equal(planted.length, 9);
    for (const { line, word } of planted) {
      const here = errors.filter((e) => e.line === line);
      assert.ok(here.length > 0, `${resolution}: line ${line} (${word}) compiled:\n${r.stdout}`);
      assert.ok(here.some((e) => e.text.includes(word)), `${resolution}: the error on line ${line} does not name ${word}: ${JSON.stringify(here)}`);
    }
    const stray = errors.filter((e) => !planted.some((p) => p.line === e.line));
    assert.deepEqual(stray, [], `${resolution}: errors on lines without a planted mistake`);
    assert.doesNotMatch(r.stdout, /node_modules\/fourws/, "errors inside the package's declarations");
  }
});

test("strict TypeScript using every endpoint and type compiles with --moduleResolution bundler", async () => {
  const r = await tsc(["--module", "esnext", "--moduleResolution", "bundler"], ["check.ts"]);
  assert.equal(r.code, 0, `tsc (bundler) failed:\n${r.stdout}${r.stderr}`);
});

test("... and the compiler does reject a type error against the package's types", async () => {
  const r = await tsc(["--module", "nodenext", "--moduleResolution", "nodenext"], ["broken.ts"]);
  assert.notEqual(r.code, 0, "tsc accepted a type error: are the package's types resolved at all?");
  assert.match(r.stdout, /broken\.ts\(3,7\): error TS2322: Type 'Paginator<Customer, Record<string, unknown>>' is not assignable to type 'number'/, r.stdout);
  assert.doesNotMatch(r.stdout, /node_modules\/fourws/, "errors inside the package's declarations");
});
