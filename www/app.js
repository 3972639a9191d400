// fourws demo: a small POS page over the 4WS Suite API (no framework). This entry loads the
// package and sets up the three panels; each concern has its own module in js/:
//   dom.js      element helpers          format.js  numbers, amounts, times
//   errors.js   FourWsError in words     status.js  busy/info/error lines, the fatal banner
//   csv.js      records as CSV rows      client.js  the package, test options, the clients
//   loyalty.js, orders.js, exports.js    one module per panel
//
// The page talks only to its own origin: `/api` is fourws/proxy (www/server.mjs), which adds
// the shop's credentials, so none of them is in the browser.
import { $ } from "./js/dom.js";
import { showFatal } from "./js/status.js";
import { testHeaders, clientExtras, loadFourws } from "./js/client.js";
import { setupLoyalty } from "./js/loyalty.js";
import { setupOrders } from "./js/orders.js";
import { setupExports } from "./js/exports.js";
import { setupOutageSwitch } from "./js/offline.js";

const FATAL_ADVICE = "Reload the page and try again. If it keeps happening, report it with the detail below.";
window.addEventListener("unhandledrejection", (event) => showFatal("Something went wrong on this page", FATAL_ADVICE, event.reason));
window.addEventListener("error", (event) => showFatal("Something went wrong on this page", FATAL_ADVICE, event.error ?? event.message));

function showTestOptions(note) {
  const el = $("test-options");
  const parts = [...Object.entries(testHeaders).map(([k, v]) => `${k}: ${v}`), ...Object.entries(clientExtras).map(([k, v]) => `${k} = ${v}`)];
  el.hidden = false;
  el.textContent = `Test options: ${parts.join(" · ")}${note ? ` (${note})` : ""}`;
}

async function start() {
  // Where this page runs against: the demo server says (never any credential).
  fetch("/demo-config.json")
    .then((r) => (r.ok ? r.json() : Promise.reject(new Error(`HTTP ${r.status}`))))
    .then((config) => {
      const el = $("target");
      el.dataset.state = config.upstream;
      el.textContent =
        config.upstream === "mock"
          ? "Running against the built-in mock 4WS server — generated data, nothing real."
          : `Connected to the 4WS host ${config.label} through this server.`;
      setupOutageSwitch(config);
      if (config.upstream !== "mock" && Object.keys(testHeaders).length) {
        showTestOptions("ignored: the demo server only forwards them to the mock");
      }
    })
    .catch(() => {
      const el = $("target");
      el.dataset.state = "error";
      el.textContent = "Cannot reach the demo server (is www/server.mjs running?)";
    });

  if (Object.keys(testHeaders).length || Object.keys(clientExtras).length) showTestOptions();

  try {
    await loadFourws();
  } catch (err) {
    showFatal(
      "The fourws package could not be loaded",
      "The page needs the built package at /pkg/. Build it with scripts/build.sh (if it is being rebuilt right now, wait a few seconds), then reload.",
      err,
    );
    return;
  }

  setupLoyalty();
  setupOrders();
  setupExports();
  document.body.dataset.ready = "true";
}

start();
