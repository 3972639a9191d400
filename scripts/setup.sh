#!/usr/bin/env bash
# Installs everything fourws needs on a fresh machine, idempotently: the wasm target, the
# wasm-bindgen CLI pinned to the crate's wasm-bindgen, Chromium + ChromeDriver (Debian),
# and the npm tooling (binaryen, playwright-core, vite, typescript, zod).
set -euo pipefail
cd "$(dirname "$0")/.."

WASM_BINDGEN_VERSION=0.2.130

if ! rustup target list --installed | grep -q '^wasm32-unknown-unknown$'; then
  rustup target add wasm32-unknown-unknown
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q " $WASM_BINDGEN_VERSION\$"; then
  # Without --locked: the locked graph wants a crate version the registry lacks.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  SUDO=""
  [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
fi

# npm ci only when package-lock.json changed since the last install.
stamp=node_modules/.fourws-lock
if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
  # (npm ci refuses the lock file npm 11 writes for platform-specific optional packages.)
  npm install --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
fi
# Deno and Bun, pinned, for the tests that run fourws/proxy in other runtimes (tests/proxy/).
# Kept out of package.json: runtime binaries, not dependencies of the workspace.
DENO_VERSION=2.9.6
BUN_VERSION=1.4.4
if ! .runtimes/node_modules/.bin/deno --version 2>/dev/null | grep -q "^deno $DENO_VERSION " ||
  [ "$(.runtimes/node_modules/.bin/bun --version 2>/dev/null)" != "$BUN_VERSION" ]; then
  npm install --no-save --no-audit --no-fund --loglevel=error --prefix .runtimes \
    "deno@$DENO_VERSION" "bun@$BUN_VERSION"
fi
echo "setup: rust wasm target, wasm-bindgen $WASM_BINDGEN_VERSION, chromium, npm tooling, deno $DENO_VERSION, bun $BUN_VERSION are in place"
