// The declarations of the cache, pageSize and fourws/idb as users get them (the installed
// tarball): strict TypeScript using them compiles under nodenext and bundler resolution, and
// wrong usage (a store without delete, pageSize as a string, stale fields misread) does not.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { BIN, exec, installedPackage } from "../package/tarball.mjs";

const CHECK_TS = String.raw`
import { Client, FourWsError, type CacheStore, type CacheOptions, type Stale, type RequestEvent } from "fourws";
import { idbStore } from "fourws/idb";

// A Keyv-shaped store (its methods are async and take extra arguments) fits CacheStore.
declare class KeyvLike<T = any> {
  get(key: string, options?: { raw?: boolean }): Promise<T | undefined>;
  set(key: string, value: T, ttl?: number): Promise<boolean>;
  delete(key: string | string[]): Promise<boolean>;
}
const stores: CacheStore[] = [idbStore(), idbStore("shop"), new KeyvLike(), new Map<string, unknown>()];
const cache: CacheOptions = { maxStaleMs: 12 * 3600_000, store: stores[0] };
const client = new Client({ baseUrl: "https://x.example", applicationId: "A", cache, onRequest: (e: RequestEvent) => void e.cacheOp });
new Client({ baseUrl: "https://x.example", applicationId: "A", cache: { maxStaleMs: 1000 } });

async function main(): Promise<void> {
  const page = await client.loyaltyVouchers({ cardBarcode: "1", pageSize: 100 }).nextPage();
  if (page?.stale) {
    const s: Stale = page.stale;
    const at: Date = new Date(s.storedAt);
    const minutes: number = Math.floor(s.ageMs / 60000);
    const e: FourWsError = s.error;
    void [at, minutes, e.kind];
  }
  await client.lastDigitalOrders({ fromDateTime: new Date(), pageSize: 5 }).all();
  await client.paginate({ cmd: "getX", pageSize: 1000 }).all();
}
void main;
`;

const MISTAKES_TS = String.raw`
import { Client } from "fourws";
import { idbStore } from "fourws/idb";
// @ts-expect-error a store needs delete
new Client({ baseUrl: "https://x", applicationId: "A", cache: { maxStaleMs: 1, store: { get() {}, set() {} } } });
// @ts-expect-error maxStaleMs is required
new Client({ baseUrl: "https://x", applicationId: "A", cache: { store: idbStore() } });
// @ts-expect-error idbStore takes a database name
idbStore(5);
const client = new Client({ baseUrl: "https://x", applicationId: "A" });
// @ts-expect-error pageSize is a number
client.loyaltyVouchers({ cardBarcode: "1", pageSize: "100" });
async function f() {
  const page = await client.loyaltyVouchers({ cardBarcode: "1" }).nextPage();
  // @ts-expect-error storedAt is an ISO string
  const n: number = page!.stale!.storedAt;
  void n;
}
void f;
`;

const COMMON = ["--strict", "--noEmit", "--target", "es2022", "--lib", "es2022,dom", "--pretty", "false"];
let pkg;

before(async () => {
  pkg = await installedPackage();
  writeFileSync(join(pkg.project, "cache-check.ts"), CHECK_TS);
  writeFileSync(join(pkg.project, "cache-mistakes.ts"), MISTAKES_TS);
});

const tsc = (args, files) => exec(join(BIN, "tsc"), [...COMMON, ...args, ...files], { cwd: pkg.project, timeout: 60_000 });

for (const [module, resolution] of [["nodenext", "nodenext"], ["esnext", "bundler"]]) {
  test(`cache, pageSize and fourws/idb types compile (${resolution}), and wrong usage does not`, async () => {
    const ok = await tsc(["--module", module, "--moduleResolution", resolution, "--listFiles"], ["cache-check.ts"]);
    assert.equal(ok.code, 0, `tsc failed:\n${ok.stdout}${ok.stderr}`);
    assert.match(ok.stdout, /node_modules\/fourws\/idb\.d\.ts$/m);
    const bad = await tsc(["--module", module, "--moduleResolution", resolution], ["cache-mistakes.ts"]);
    assert.equal(bad.code, 0, `an @ts-expect-error line is not an error:\n${bad.stdout}${bad.stderr}`);
  });
}
