#!/usr/bin/env bash
# Installs everything fourws needs on a fresh machine, idempotently: the wasm target, the
# wasm-bindgen CLI pinned to the crate's wasm-bindgen, Chromium + ChromeDriver and redis-server (Debian),
# and the npm tooling (binaryen, playwright-core, vite, typescript, zod, and the runtimes and
# bundlers the package tests load it in: esbuild, webpack, rollup, jest, bun, deno, wrangler).
set -euo pipefail
cd "$(dirname "$0")/.."

WASM_BINDGEN_VERSION=0.2.130

# `--build`: only what scripts/build.sh needs (it calls this, so that it works on a fresh
# clone): everything but Chromium.
MODE="${1:-all}"

# npm tooling: only when package-lock.json changed since the last install.
npm_setup() {
  local stamp=node_modules/.fourws-lock
  if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
    # (npm ci refuses the lock file npm 11 writes for platform-specific optional packages.)
    npm install --no-audit --no-fund --loglevel=error
    cp package-lock.json "$stamp"
  fi
}
if ! rustup target list --installed | grep -q '^wasm32-unknown-unknown$'; then
  rustup target add wasm32-unknown-unknown
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q " $WASM_BINDGEN_VERSION\$"; then
  # Without --locked: the locked graph wants a crate version the registry lacks.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

# Debian packages for the tests: Chromium + ChromeDriver (browser tests) and redis-server
# (the proxy's shared rate limits are tested against a real Redis, started by the tests on
# a free port; the package is installed without starting a server).
if [ "$MODE" != "--build" ]; then
  apt_missing=""
  command -v chromium >/dev/null || apt_missing="$apt_missing chromium"
  command -v chromedriver >/dev/null || apt_missing="$apt_missing chromium-driver"
  command -v redis-server >/dev/null || apt_missing="$apt_missing redis-server"
  if [ -n "$apt_missing" ]; then
    SUDO=""
    [ "$(id -u)" = 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $apt_missing >/dev/null
  fi
fi

npm_setup
if [ "$MODE" = "--build" ]; then
  echo "setup: rust wasm target, wasm-bindgen $WASM_BINDGEN_VERSION, npm tooling are in place"
else
  echo "setup: rust wasm target, wasm-bindgen $WASM_BINDGEN_VERSION, chromium, redis-server, npm tooling are in place"
fi
