// Browser entry point (plain <script type="module"> or a bundler such as Vite or webpack):
// the WebAssembly module is fetched and instantiated by `await init()`, once, before
// `new Client(...)`.
import wasmInit from "./wasm/fourws.js";
import { CSP_ADVICE, checkModule, isCspRefusal, loadError } from "./load.js";
import { markFailed, markReady } from "./ready.js";

let pending;
// The FourWsError of an instantiation that failed half-way (see load()), final.
let broken = null;

const BUNDLER_ADVICE =
  "Vite and webpack 5 emit fourws_bg.wasm on their own (in `vite dev`, add " +
  '`optimizeDeps: { exclude: ["fourws"] }`). With esbuild, Rollup or `bun build`, import ' +
  'from "fourws/inline" instead (the WebAssembly is inlined, nothing to configure), or ' +
  'import the file\'s URL (`import wasmUrl from "fourws/fourws_bg.wasm"` with a file loader, ' +
  "e.g. esbuild's `--loader:.wasm=file`) and call `await init(wasmUrl)`. Without a bundler, " +
  "serve node_modules/fourws/wasm/ next to browser.js";

function isFetchable(source) {
  return (
    typeof source === "string" ||
    source instanceof URL ||
    (typeof Request === "function" && source instanceof Request)
  );
}

/** Compiles the fetched `.wasm` (streaming when it is served as application/wasm). */
async function compileResponse(response) {
  const type = response.headers.get("content-type") ?? "";
  if (typeof WebAssembly.compileStreaming === "function" && /^application\/wasm\b/i.test(type)) {
    return WebAssembly.compileStreaming(response);
  }
  return WebAssembly.compile(await response.arrayBuffer());
}

async function load(source) {
  let url = null;
  if (source === undefined) source = new URL("./wasm/fourws_bg.wasm", import.meta.url);
  if (isFetchable(source)) {
    url = String(source instanceof Request ? source.url : source);
    let response;
    try {
      response = await fetch(source);
    } catch (e) {
      throw loadError(
        "network",
        `fetching ${url} failed`,
        e,
        "Check that the page can reach that URL (the network is up, and the page's " +
          "Content-Security-Policy connect-src allows it).",
      );
    }
    if (!response.ok) {
      throw loadError("http", `GET ${url} answered HTTP ${response.status}`, undefined, BUNDLER_ADVICE, {
        status: response.status,
      });
    }
    const type = response.headers.get("content-type") ?? "";
    if (/text\/html/i.test(type)) {
      throw loadError("decode", `${url} is an HTML page (${type}), not the .wasm file`, undefined, BUNDLER_ADVICE);
    }
    source = response;
  }
  const what = url ?? "the module given to init()";
  // Compiled here, checked, then handed over: wasm-bindgen's glue keeps the first module it
  // instantiates, even a wrong one, so only fourws's own module may reach it.
  let module;
  try {
    if (source instanceof WebAssembly.Module) module = source;
    else if (typeof Response === "function" && source instanceof Response) module = await compileResponse(source);
    else module = await WebAssembly.compile(source);
  } catch (e) {
    if (isCspRefusal(e)) throw loadError("decode", "compiling it was refused", e, CSP_ADVICE);
    throw loadError(
      "decode",
      `${what} is not a WebAssembly module fourws can instantiate`,
      e,
      url ? `${BUNDLER_ADVICE}.` : undefined,
    );
  }
  checkModule(module, what);
  try {
    await wasmInit({ module_or_path: module });
  } catch (e) {
    // The glue may now hold a half-initialised module: no later init() can repair that.
    broken = loadError(
      "decode",
      "instantiating it failed",
      e,
      "Reload the page; if it fails again, reinstall the package (its JavaScript and .wasm must come from the same version).",
    );
    throw broken;
  }
}

/**
 * Loads the WebAssembly module. Call it once and await it before `new Client(...)`;
 * later calls return the same promise (a failed load may be retried). `moduleOrPath`
 * optionally overrides where the `.wasm` file is fetched from (a URL, a Request, a Response,
 * bytes or a WebAssembly.Module). Rejects with a FourWsError.
 */
export default function init(moduleOrPath) {
  if (broken) return Promise.reject(broken);
  pending ??= load(moduleOrPath).then(
    () => markReady(),
    (e) => {
      pending = undefined;
      markFailed(e);
      throw e;
    },
  );
  return pending;
}

export { Client, Paginator, FourWsError, joinPriceLists } from "./fourws.js";
