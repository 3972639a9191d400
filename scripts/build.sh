#!/usr/bin/env bash
# Builds pkg/: the publishable npm package = pkg-template/ + wasm-bindgen's `web` output
# (used by both the Node and the browser entry points), optimised once with wasm-opt -Oz.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --release --target wasm32-unknown-unknown --lib
rm -rf pkg
mkdir -p pkg/wasm
cp -R pkg-template/. pkg/
cp LICENSE pkg/
# The `fourws mock` command ships the mock server, with the docs' example payloads it serves
# (mock/data/docs-examples.mjs reads them from mock/fixtures/ when that exists).
cp -R mock pkg/mock
mkdir -p pkg/mock/fixtures
cp tests/fixtures/docs/*.json pkg/mock/fixtures/
wasm-bindgen --target web --out-dir pkg/wasm --out-name fourws \
  target/wasm32-unknown-unknown/release/fourws.wasm
# binaryen from npm (Debian's wasm-opt 108 silently breaks the module: TOOLCHAIN.md).
node_modules/.bin/wasm-opt -Oz --strip-debug --strip-producers \
  --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  pkg/wasm/fourws_bg.wasm -o pkg/wasm/fourws_bg.wasm
rm -f pkg/wasm/.gitignore pkg/wasm/package.json
echo "built pkg/ ($(wc -c < pkg/wasm/fourws_bg.wasm) bytes of wasm)"
