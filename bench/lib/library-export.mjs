// The control of the CLI benchmark: the same customers export through the library, written
// as NDJSON to stdout (the bench points stdout at /dev/null), as an integration script would.
import { Client } from "../../pkg/node.js";

const client = new Client({
  baseUrl: process.env.FOURWS_BASE_URL,
  applicationId: process.env.FOURWS_APPLICATION_ID,
  username: process.env.FOURWS_USERNAME,
  password: process.env.FOURWS_PASSWORD,
  companyId: process.env.FOURWS_COMPANY_ID,
  siteId: process.env.FOURWS_SITE_ID,
  headers: JSON.parse(process.env.FOURWS_HEADERS ?? "{}"),
});
let n = 0;
for await (const page of client.customersExport().pages()) {
  let text = "";
  for (const c of page.items) text += JSON.stringify(c) + "\n";
  n += page.items.length;
  if (!process.stdout.write(text)) await new Promise((r) => process.stdout.once("drain", r));
}
process.stderr.write(`${n}\n`);
