#!/usr/bin/env bash
# Fuzzes the native core with cargo-fuzz (libFuzzer, nightly): the page decoders of every
# endpoint, the paging state machine, and option/argument checking.
#   bash scripts/fuzz.sh          # 10 minutes per target (the documented long run)
#   bash scripts/fuzz.sh 45       # 45 s per target (what CI runs)
# Seeds come from the docs' example payloads. A crash stops the run with its input saved
# under fuzz/artifacts/<target>/; turn it into a regression test in src/core.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}

if ! rustup toolchain list | grep -q '^nightly'; then
  echo "fuzz: skipped, no nightly toolchain on this machine (cargo-fuzz needs it)"
  exit 0
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  cargo install cargo-fuzz --version 0.13.2
fi

# Seed corpus: each docs payload once per endpoint selector byte, strict and lenient.
mkdir -p fuzz/corpus/decode fuzz/corpus/paging fuzz/corpus/args
for f in tests/fixtures/docs/*.json; do
  name=$(basename "$f" .json)
  for sel in 00 01 02 03 04 05 80 81 82 83 84 85; do
    { printf "\\x$sel"; cat "$f"; } > "fuzz/corpus/decode/$name-$sel"
  done
done

# Options as JSON (JS-only values as the marked objects of src/core/js.rs): client options,
# a NUL, an endpoint's options.
printf '{"baseUrl":"https://a.example","applicationId":"K","password":"secret1","rateLimit":{"maxCalls":1,"perMs":5},"headers":{"x":"1"},"onRequest":{"fourws:js":"function"}}\0{"completeExtraction":false,"system":"X","start":1,"cmd":"x","method":"POST","query":{"a":{"fourws:js":"Date","value":5}},"body":[1,{"fourws:js":"Date","value":1e300}],"allowRepeatedPages":true}' \
  > fuzz/corpus/args/client-and-call
printf '{"baseUrl":"https://u:p@x","applicationId":"K"}\0{"fromDateTime":{"fourws:js":"Date","value":253402300800000},"cardBarcode":"1","signal":{"fourws:js":"AbortSignal"}}' \
  > fuzz/corpus/args/credentials-and-dates

for target in decode paging args; do
  echo "== fuzz $target for ${seconds}s"
  cargo +nightly fuzz run "$target" "fuzz/corpus/$target" -- \
    -max_total_time="$seconds" -max_len=262144 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    2>&1 | grep -E "^(#[0-9]+.*(DONE|pulse)|Done|stat::number_of_executed_units|stat::peak_rss|==[0-9]+==|SUMMARY|.*panicked|.*ERROR)" || true
  if ls "fuzz/artifacts/$target"/crash-* >/dev/null 2>&1 || ls "fuzz/artifacts/$target"/timeout-* >/dev/null 2>&1; then
    echo "fuzz $target found a crash or hang: see fuzz/artifacts/$target/"
    exit 1
  fi
done
echo "fuzz: no crash, no hang"
