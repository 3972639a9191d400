// The --help texts.

const ENV = `Credentials come only from the environment (or --env-file FILE, KEY=VALUE lines; a
variable already set in the environment wins):
  FOURWS_BASE_URL, FOURWS_APPLICATION_ID        required
  FOURWS_USERNAME, FOURWS_PASSWORD, FOURWS_COMPANY_ID, FOURWS_SITE_ID
  FOURWS_NAMESPACE, FOURWS_LANGUAGE_ID          optional
  FOURWS_HEADERS                                optional: a JSON object of extra request headers
There is no password flag: command lines are visible to other users of the machine.
`;

const PAGE_SIZE = `      --page-size N  elements per page (1 to 1000), sent as the Documents API's limit (the
                     server's default is 20); every record arrives once whether the server
                     honours it or not`;

const FORMATS = `Formats (--format, -f):
  ndjson  one record per line, exactly as the library returns it (the default)
  csv     RFC 4180, CRLF line ends; one line per record (prices: per price row, with its
          list's fields); nested fields as dotted columns (subject.name), arrays as their JSON
          text; the columns are those of the first page, and fields a later record adds go
          into the last column, _extra, as a JSON object; a text value starting with
          = + - @ TAB or CR gets a leading ' so a spreadsheet shows it instead of running it
  json    one JSON array
`;

export const HELP = {
  main: `fourws — the 4WS Suite retail API from the command line

Usage:
  fourws export customers|prices|sales [--out FILE] [--format ndjson|csv|json] [--resume]
         [--concurrency N] [--limit N] [--incremental --system NAME] [--quiet]
  fourws vouchers CARD_BARCODE [--format ndjson|csv|json] [--page-size N]
  fourws orders --since "yyyy-MM-dd HH:mm:ss" | ISO-8601 | 24h | 7d [--format ...] [--page-size N]
  fourws request CMD [--method GET|POST] [--query k=v]... [--body JSON] [--paginate [--page-size N]]
  fourws mock [--port N]            the mock 4WS server, for developing against
  fourws COMMAND --help             help on one command
  fourws --version

Records go to stdout (or --out FILE), progress and messages to stderr.
Exit status: 0 only when every record was written, 1 failed (stderr says why and what to run next),
2 bad usage, 130 Ctrl-C, 143 SIGTERM, 141 stdout's reader went away.

${ENV}`,
  export: `Usage: fourws export customers|prices|sales [options]

Exports a whole extraction, page by page.

Options:
  -o, --out FILE        write to FILE, keeping a checkpoint (FILE.fourws-checkpoint) beside it,
                        and a lock (FILE.fourws-lock) so that no other export writes FILE meanwhile
      --resume          continue an interrupted --out export where it stopped (an error,
                        Ctrl-C, a killed process, a power cut); the finished file is byte for
                        byte what an uninterrupted run writes. Without a checkpoint, starts over.
                        The options must be those of the interrupted run (--concurrency and
                        --quiet may differ); FOURWS_* must name the same account.
  -f, --format FORMAT   ndjson (default), csv or json
      --concurrency N   pages fetched ahead in parallel (complete extractions)
      --limit N         stop after N records (prices: N price lists as the pages give them)
      --start N         begin at offset N (elements; prices: rows) instead of 0
      --incremental     only what changed since the last incremental export of --system NAME;
      --system NAME     the server keeps the cursor: each page is written and made durable
                        before the next is asked for, as a page lost after the server sent it
                        cannot be asked for again (a complete extraction recovers it)
  -q, --quiet           no progress, no messages (errors still go to stderr)
      --env-file FILE   read FOURWS_* variables from FILE

Prices: ndjson and json write the price lists as the pages give them: a long list split over
pages appears once per page holding its part of the rows (joinPriceLists() in the library
joins them); csv writes one line per price row, so it does not matter there.

${FORMATS}
${ENV}`,
  vouchers: `Usage: fourws vouchers CARD_BARCODE [--format ndjson|csv|json] [--limit N] [--page-size N] [--quiet]

The loyalty vouchers of a card (getLoyaltyVouchers_v1) to stdout; the card's loyalty summary
(remainingPurchases, validTicket, ...) goes to stderr as one JSON line (not with --quiet).
${PAGE_SIZE}

${FORMATS}
${ENV}`,
  orders: `Usage: fourws orders --since WHEN [--format ndjson|csv|json] [--limit N] [--quiet]

Digital orders created since WHEN (getLastDigitalOrders_v1), to stdout. WHEN is
"yyyy-MM-dd HH:mm:ss" (GMT, as the API takes it), an ISO 8601 date-time (2024-05-01T08:00:00Z;
without a zone, GMT), or a time back from now: 90s, 30m, 24h, 7d.
${PAGE_SIZE}

${FORMATS}
${ENV}`,
  request: `Usage: fourws request CMD [--method GET|POST] [--query k=v]... [--body JSON] [--paginate]

One call of any 4WS command; prints the JSON envelope as the server sent it (like gh api).
  -X, --method M     GET (default) or POST (the default when --body is given)
      --query k=v    a query parameter (repeatable)
      --body JSON    the POST body
      --paginate     follow the pages (start=0, 20, ...) and print the records of every page
                     in --format (ndjson by default), with --limit N
      --page-size N  with --paginate and a GET: elements per page, sent as limit (1-1000)
Example: fourws request getLoyaltyVouchers_v1 --query cardBarcode=0099000001209 --paginate

${FORMATS}
${ENV}`,
  mock: `Usage: fourws mock [--port N] [--host 127.0.0.1] [--latency MS] [--total NAME=N]...

Starts the mock 4WS server the fourws tests use (Node built-ins only, no network), and prints
its URL and the FOURWS_* variables that point fourws at it; stops on Ctrl-C.
  --port N           port to listen on (default: a free one)
  --host H           address to bind (default 127.0.0.1)
  --latency MS       delay every answer by MS milliseconds
  --total NAME=N     size of a collection (customers, prices [rows], sales, vouchers, orders)

Its data, credentials and fault switches (x-fault headers: 429, 500, drop, truncated, ...;
send them with FOURWS_HEADERS='{"x-fault":"503"}') are described in mock/README.md inside
the package.
`,
};
