// The loop profiled by section 6 (`node --cpu-prof`): fourws decoding one canned page from a
// Response over and over, for a fixed time. Arguments: endpoint size seconds.
import { Client } from "../../pkg/node.js";
import { buildBody, ENDPOINT_CALLS } from "../lib/bodies.mjs";

const [endpoint = "customers", sizeText = "20", secondsText = "3"] = process.argv.slice(2);
const size = Number(sizeText);
const bytes =
  size === 0
    ? new TextEncoder().encode('{"success":true,"valueObjectList":[],"moreRows":false,"resultSetLength":0}')
    : buildBody(endpoint, size, endpoint === "prices" && size === 20 ? 20 : 0).bytes;
const client = new Client({
  baseUrl: "http://bench.invalid",
  applicationId: "X",
  fetch: async () => new Response(bytes, { headers: { "content-type": "application/json", "content-length": String(bytes.length) } }),
});
const call = ENDPOINT_CALLS[endpoint].call;
for (let i = 0; i < 50; i++) await call(client).nextPage(); // warm up before the part that counts
const end = performance.now() + Number(secondsText) * 1000;
let n = 0;
while (performance.now() < end) {
  await call(client).nextPage();
  n++;
}
process.stdout.write(JSON.stringify({ calls: n }) + "\n");
