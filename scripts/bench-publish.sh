#!/usr/bin/env bash
# Benchmark for publishing the catalog to the chat (issue 13). Not a timed test.
#
#   scripts/bench-publish.sh [PRODUCTS]      # default 100000
#
# Builds the test binary in release mode, imports PRODUCTS generated products into a fresh
# shop on the WhatsApp channel, and times one `shopctl catalog publish` (the catalog part of
# `sync`) publishing them to the Meta
# catalog double (tests/meta/double.rs, in the test process): the requests made (items_batch
# posts and status checks), the wall time of the sync and its peak RSS (GNU time:
# `apt-get install -y time`). The double finishes a batch at its second status check, and the
# sync polls every 50 ms here, so the figure is shopctl's own work plus that polling.
set -euo pipefail
cd "$(dirname "$0")/.."
SHOPCTL_BENCH_PRODUCTS=${1:-100000} cargo test --release --test cli publish_benchmark \
    -- --ignored --nocapture 2>&1 | grep -E "^publish |test result|panicked"
