// The exports panel: customers, prices or sales with progress, Cancel, resume and downloads.
import { $, h } from "./dom.js";
import { integerFormat, count, fileStamp } from "./format.js";
import { showBusy, showError, showInfo } from "./status.js";
import { makeClient, pkg } from "./client.js";
import { priceRows, flatten, toCsv } from "./csv.js";

const EXPORTS = {
  customers: { method: "customersExport", noun: ["customer", "customers"] },
  prices: { method: "pricesExport", noun: ["price row", "price rows"] },
  sales: { method: "salesExport", noun: ["sale", "sales"] },
};

export function setupExports() {
  const form = $("export-form");
  const startButton = $("export-start");
  const cancelButton = $("export-cancel");
  const status = $("export-status");
  const client = makeClient(status);
  const kindInputs = [...form.querySelectorAll('input[name="kind"]')];

  /** The current export: what was fetched so far. */
  let state = null;

  startButton.disabled = false;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const kind = form.elements.kind.value;
    run({ kind, items: [], elements: 0, total: null, startedAt: new Date() }, 0);
  });
  cancelButton.addEventListener("click", () => state?.controller?.abort());
  $("download-csv").addEventListener("click", () => download("csv"));
  $("download-ndjson").addEventListener("click", () => download("ndjson"));

  async function run(next, start) {
    state = next;
    const current = state;
    const spec = EXPORTS[current.kind];
    current.controller = new AbortController();
    current.done = false;
    delete current.resume;
    setRunning(true);
    showBusy(status, start ? `Resuming at record ${start}…` : "Exporting…");
    render();
    try {
      const pages = client[spec.method]({ signal: current.controller.signal, start }).pages();
      for await (const page of pages) {
        current.items.push(...page.items);
        // What the server counted on the page (for prices: price rows, not lists).
        current.elements += page.elementCount;
        if (page.total !== null && page.total !== undefined) current.total = page.total;
        current.nextStart = page.nextStart;
        render();
        showBusy(status, "Exporting…");
      }
      current.done = true;
      if (current.total === null) current.total = current.elements;
      showInfo(status, `Export complete: ${count(current.elements, ...spec.noun)}${current.kind === "prices" ? ` in ${count(mergePriceLists(current.items).length, "price list", "price lists")}` : ""}.`, "success");
    } catch (err) {
      const resume = err?.start ?? current.elements;
      current.resume = resume;
      showError(status, err, {
        what: `the ${current.kind} export`,
        records: err?.kind === "aborted" ? current.elements : undefined,
        resumable: true,
        resume,
        onRetry: () => run(current, resume),
        retryLabel: `Resume from record ${resume}`,
      });
    } finally {
      current.controller = null;
      setRunning(false);
      render();
    }
  }

  function setRunning(running) {
    startButton.disabled = running;
    cancelButton.disabled = !running;
    for (const input of kindInputs) input.disabled = running;
    $("exports").dataset.state = running ? "running" : state?.done ? "done" : state?.resume !== undefined ? "stopped" : "idle";
  }

  function render() {
    const bar = $("export-progress");
    const spec = EXPORTS[state.kind];
    const { elements, total } = state;
    let percent = null;
    if (total) percent = Math.min(100, Math.floor((elements / total) * 100));
    else if (state.done) percent = 100;
    bar.dataset.state = state.controller ? (percent === null ? "indeterminate" : "running") : state.done ? "done" : "stopped";
    bar.setAttribute("aria-valuenow", String(percent ?? 0));
    $("export-progress-bar").style.width = `${percent ?? 0}%`;
    $("export-percent").textContent = percent === null ? "…" : `${percent} %`;
    const of = total !== null ? ` of ${integerFormat.format(total)}` : "";
    const lists = state.kind === "prices" && state.items.length ? ` (${count(mergePriceLists(state.items).length, "price list", "price lists")})` : "";
    $("export-count").textContent = `${integerFormat.format(elements)}${of} ${elements === 1 && !of ? spec.noun[0] : spec.noun[1]}${lists}`;
    $("export-count").dataset.count = String(elements);
    const has = state.items.length > 0;
    $("download-csv").disabled = !has;
    $("download-ndjson").disabled = !has;
    $("download-note").textContent = has && !state.done && !state.controller ? "Partial: only what was fetched before the export stopped." : "";
  }

  function download(format) {
    if (!state?.items.length) return;
    const records = state.kind === "prices" ? mergePriceLists(state.items) : state.items;
    let text;
    let type;
    if (format === "ndjson") {
      text = records.map((r) => JSON.stringify(r)).join("\n") + "\n";
      type = "application/x-ndjson";
    } else {
      const rows = state.kind === "prices" ? priceRows(records) : records.map((r) => flatten(r));
      text = toCsv(rows);
      type = "text/csv;charset=utf-8";
    }
    const stamp = fileStamp(state.startedAt);
    const partial = state.done ? "" : "-partial";
    const a = h("a", { href: URL.createObjectURL(new Blob([text], { type })), download: `fourws-${state.kind}-${stamp}${partial}.${format}` });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 60_000);
  }
}

/** A price list split over pages arrives once per page: the package puts its parts back together. */
function mergePriceLists(chunks) {
  return pkg().joinPriceLists(chunks);
}
