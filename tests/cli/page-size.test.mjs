// `--page-size` of `fourws vouchers`, `orders` and `request --paginate`, from the installed
// tarball against the mock: sent as `limit`, every record once whether the server honours
// it or ignores it, and refused where it does not apply.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { startMockServer } from "../../mock/server.mjs";
import { fourws, fourwsBin, mockEnv } from "./helpers.mjs";

const DOCS_CARD = "0099000001209";
let mock;
let env;

before(async () => {
  mock = await startMockServer({ port: 0 });
  env = mockEnv(mock.url);
  await fourwsBin();
});
after(() => mock?.close());

const lines = (text) => text.split("\n").filter((l) => l !== "").map((l) => JSON.parse(l));
const limits = () => mock.requests.map((r) => new URL(r.path, "http://x").searchParams.get("limit"));

for (const ignored of [false, true]) {
  test(`--page-size is sent as limit; every record once when the server ${ignored ? "ignores" : "honours"} it`, async () => {
    mock.reset();
    mock.setIgnoreLimit(ignored);
    try {
      const v = await fourws(["vouchers", DOCS_CARD, "--page-size", "10", "--quiet"], { env });
      assert.equal(v.code, 0, v.stderr);
      const vouchers = lines(v.stdout);
      assert.equal(vouchers.length, 25);
      assert.equal(new Set(vouchers.map((x) => x.id)).size, 25);
      assert.equal(mock.requests.length, ignored ? 2 : 3);
      assert.deepEqual([...new Set(limits())], ["10"]);

      mock.reset();
      const o = await fourws(["orders", "--since", "2020-01-01 00:00:00", "--page-size", "7", "--quiet"], { env });
      assert.equal(o.code, 0, o.stderr);
      assert.equal(lines(o.stdout).length, 41);
      assert.deepEqual([...new Set(limits())], ["7"]);

      mock.reset();
      const r = await fourws(["request", "getLastDigitalOrders_v1", "--query", "fromDateTime=2020-01-01 00:00:00", "--paginate", "--page-size", "1000", "--quiet"], { env });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(lines(r.stdout).length, 41);
      assert.deepEqual(limits(), ignored ? ["1000", "1000", "1000"] : ["1000"]);
    } finally {
      mock.setIgnoreLimit(false);
    }
  });
}

test("--page-size out of range or where it does not apply", async () => {
  const zero = await fourws(["vouchers", DOCS_CARD, "--page-size", "0"], { env });
  assert.equal(zero.code, 2);
  assert.match(zero.stderr, /--page-size must be a whole number/);
  // The range is the library's rule: its invalidArgument error is bad usage too.
  const big = await fourws(["vouchers", DOCS_CARD, "--page-size", "1001"], { env });
  assert.equal(big.code, 2);
  assert.match(big.stderr, /pageSize.*1 to 1000/);
  const post = await fourws(["request", "getCustomersExport_v3", "--body", '{"completeExtraction":"T"}', "--paginate", "--page-size", "5"], { env });
  assert.equal(post.code, 2);
  assert.match(post.stderr, /pageSize/);
  const single = await fourws(["request", "getLoyaltyVouchers_v1", "--query", `cardBarcode=${DOCS_CARD}`, "--page-size", "5"], { env });
  assert.equal(single.code, 2);
  assert.match(single.stderr, /--page-size go with --paginate/);
});
