#!/usr/bin/env bash
# kill9-loop.sh: kill shopctl with SIGKILL at random moments, then check that nothing was lost,
# half-applied or done twice (issue 16; the figures are in docs/guarantees.md).
#
#   scripts/kill9-loop.sh [KILLS] [DIR]      (default 200 kills, a new temporary folder)
#
# Build first: `cargo build --release` (SHOPCTL=path/to/shopctl picks another binary; SEED=N
# makes the run repeat). It needs bash and python3 (its sqlite3 module reads the files).
#
# One shop on the sandbox provider, with a catalog of CATALOG_ROWS products, two payment
# methods and simulated paid orders. Each round picks one of: catalog import (the catalog
# with every price and stock changed, so each import rewrites it), sync, refunds create (a
# random amount on a random paid order), orders fulfil, orders cancel, db backup, catalog
# export -o, sandbox simulate; starts it, waits a random time within how long that command
# takes, and kills it with SIGKILL if it is still running (a kill). Commands that finish first
# count as completed; their exit code must be one shopctl documents (0, 1, 3).
#
# After every kill: `shopctl db check` (exit 0) and the invariants below. Every 10 kills and at
# the end, the shop is settled (sync, sandbox payout, sync) and `payouts reconcile` must exit 0.
# Invariants:
# - the products are exactly the catalog's SKUs (an import is all or nothing), stock >= 0;
# - per order: refunds pending or succeeded never exceed what was captured; refunded and
#   fulfilled units never exceed the units ordered;
# - every refund at the provider is one the shop knows (its idempotency key is in the shop):
#   no refund at the provider unknown to the shop; after a settle, the provider has exactly
#   the refunds the shop recorded as made, each once;
# - every file at a backup's name is a whole shop file (SQLite integrity ok, shopctl's
#   application id, every product); every export at its name has every product;
# - temporary files (.NAME.shopctl-tmp-...) of killed runs are gone after the next backup or
#   export into that folder.
set -euo pipefail

KILLS=${1:-200}
DIR=${2:-$(mktemp -d -t shopctl-kill9-XXXXXX)}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${SHOPCTL:-$ROOT/target/release/shopctl}
CATALOG_ROWS=${CATALOG_ROWS:-3000}
RANDOM=${SEED:-16}

[ -x "$BIN" ] || { echo "no $BIN: run \`cargo build --release\` first" >&2; exit 2; }
command -v python3 >/dev/null || { echo "python3 is needed (its sqlite3 module)" >&2; exit 2; }

mkdir -p "$DIR/backups" "$DIR/exports"
cd "$DIR"
export SHOPCTL_DB="$DIR/shop.db" NO_COLOR=1 SHOPCTL_BUSY_TIMEOUT_MS=5000
LOG="$DIR/kill9.log"
: > "$LOG"

say() { echo "$*" | tee -a "$LOG" >&2; }
fail() { say "FAILED: $*"; FAILURES=$((FAILURES + 1)); }

# Two versions of one catalog: every row differs, so each import rewrites all of it.
python3 - "$CATALOG_ROWS" <<'EOF'
import sys
n = int(sys.argv[1])
for name, bump in (("a.csv", 0), ("b.csv", 1)):
    with open(name, "w") as f:
        f.write("sku,title,description,price,stock\n")
        for i in range(n):
            f.write(f"SKU{i:05d},Product {i},{'x' * 80},{(i % 90) + 10 + bump}.{bump}0,{500 + bump}\n")
EOF

"$BIN" init --name "Kill nine" --country SG >/dev/null
"$BIN" catalog import a.csv >/dev/null
"$BIN" payments enable card paynow >/dev/null
"$BIN" sync >/dev/null
"$BIN" sandbox simulate --orders 40 --failure-rate 0 --seed 16 >/dev/null
"$BIN" sync >/dev/null

# The SQL-level invariants; prints one line per broken one and exits 1 if any.
invariants() {
  python3 - "$DIR" "$CATALOG_ROWS" <<'EOF'
import os, sqlite3, sys
d, rows = sys.argv[1], int(sys.argv[2])
shop = sqlite3.connect(f"file:{d}/shop.db?mode=ro", uri=True)
box = sqlite3.connect(f"file:{d}/shop.db.sandbox?mode=ro", uri=True)
bad = []
def one(db, sql): return db.execute(sql).fetchone()[0]
n = one(shop, "SELECT count(*) FROM products")
if n != rows: bad.append(f"{n} products, the catalog has {rows}")
if one(shop, "SELECT count(*) FROM products WHERE stock < 0"): bad.append("negative stock")
for oid, cap, ref in shop.execute("""
    SELECT o.id,
      (SELECT coalesce(sum(amount), 0) FROM payments p WHERE p.order_id = o.id AND p.status = 'captured'),
      (SELECT coalesce(sum(amount), 0) FROM refunds r WHERE r.order_id = o.id AND r.status IN ('pending', 'succeeded'))
    FROM orders o"""):
    if ref > cap: bad.append(f"order {oid}: {ref} refunded of {cap} captured")
for oid, sku in shop.execute("""SELECT order_id, sku FROM order_lines
    WHERE refunded_quantity > quantity OR fulfilled_quantity > quantity OR refunded_quantity < 0"""):
    bad.append(f"order {oid} line {sku}: units out of bounds")
keys = {k for (k,) in shop.execute("SELECT idempotency_key FROM refunds")}
for k, ref in box.execute("SELECT idempotency_key, provider_ref FROM refunds"):
    if k not in keys: bad.append(f"provider refund {ref} ({k}) unknown to the shop")
# Whole files at their names (each backup is checked once, then removed to save room).
for name in os.listdir(f"{d}/backups"):
    if ".shopctl-tmp-" in name: continue
    path = f"{d}/backups/{name}"
    b = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    if one(b, "PRAGMA integrity_check") != "ok": bad.append(f"backup {name}: not intact")
    if one(b, "PRAGMA application_id") != 0x73686f70: bad.append(f"backup {name}: not a shop")
    if one(b, "SELECT count(*) FROM products") != rows: bad.append(f"backup {name}: products missing")
    b.close()
    if not bad:
        os.remove(path)
        with open(f"{d}/backups-verified.txt", "a") as f: f.write(name + "\n")
exp = f"{d}/exports/catalog.csv"
if os.path.exists(exp):
    with open(exp) as f: lines = sum(1 for _ in f)
    if lines != rows + 1: bad.append(f"export: {lines - 1} products of {rows}")
for line in bad: print(line)
sys.exit(1 if bad else 0)
EOF
}

# After a settle: the provider made exactly the refunds the shop recorded as made, once each.
settled_refunds_agree() {
  python3 - "$DIR" <<'EOF'
import sqlite3, sys
d = sys.argv[1]
shop = sqlite3.connect(f"file:{d}/shop.db?mode=ro", uri=True)
box = sqlite3.connect(f"file:{d}/shop.db.sandbox?mode=ro", uri=True)
made = sorted(r for (r,) in box.execute("SELECT provider_ref FROM refunds"))
known = sorted(r for (r,) in shop.execute("SELECT provider_ref FROM refunds WHERE provider_ref IS NOT NULL"))
waiting = shop.execute("SELECT count(*) FROM refunds WHERE status = 'pending' AND provider_ref IS NULL").fetchone()[0]
bad = []
if made != known: bad.append(f"provider refunds {len(made)} != shop's {len(known)}")
if waiting: bad.append(f"{waiting} refunds still of unknown outcome after sync")
for line in bad: print(line)
sys.exit(1 if bad else 0)
EOF
}

sql() { python3 -c "import sqlite3,sys; c=sqlite3.connect('file:$DIR/shop.db?mode=ro', uri=True); r=c.execute(sys.argv[1]).fetchone(); print(r[0] if r else '')" "$1"; }

FAILURES=0 KILLED=0 COMPLETED=0 CHECKS=0 SETTLES=0 ROUND=0
declare -A MS=( [import]=150 [sync]=400 [refund]=20 [fulfil]=20 [cancel]=20 [backup]=40 [export]=60 [simulate]=40 )
declare -A KILLS_OF=()

# Runs one command, killed at a random moment within about how long it takes.
attempt() {
  local op=$1; shift
  local max=${MS[$op]} start end pid code
  local delay=$(( RANDOM % (max + max / 5 + 1) ))
  start=$(date +%s%N)
  "$BIN" "$@" >/dev/null 2>>"$DIR/stderr.log" &
  pid=$!
  sleep "$(printf '0.%03d' "$delay")"
  if kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null; then
    wait "$pid" 2>/dev/null || true
    KILLED=$((KILLED + 1))
    KILLS_OF[$op]=$(( ${KILLS_OF[$op]:-0} + 1 ))
    return 0
  fi
  set +e; wait "$pid"; code=$?; set -e
  end=$(date +%s%N)
  COMPLETED=$((COMPLETED + 1))
  # Learn how long it takes, so that kills land inside it.
  local took=$(( (end - start) / 1000000 ))
  if [ "$took" -gt 0 ] && [ "$took" -lt 5000 ]; then MS[$op]=$(( (MS[$op] + took) / 2 + 1 )); fi
  case $code in
    0|1|3) ;;
    *) fail "round $ROUND: shopctl $* exited $code"; tail -3 "$DIR/stderr.log" >> "$LOG" ;;
  esac
  return 1
}

check() {
  CHECKS=$((CHECKS + 1))
  local out
  if ! out=$("$BIN" --format json db check 2>&1); then fail "round $ROUND: db check: $out"; fi
  if ! out=$(invariants); then fail "round $ROUND: $out"; fi
}

# A settling sync must finish: exit 0, or 3 when its only problem is chat messages the channel
# refused for good (the sandbox chat keeps WhatsApp's 24-hour window, and simulated carts are
# days old, so a refund's text to their customer is refused and reported, as designed).
settle_sync() {
  local out code
  set +e; out=$("$BIN" --format json sync 2>>"$DIR/stderr.log"); code=$?; set -e
  case $code in
    0) ;;
    3) echo "$out" | head -1 | python3 -c '
import json, sys
s = json.loads(sys.stdin.readline())
sys.exit(0 if not s["errors"] and s.get("chat", {}).get("undelivered") else 1)' \
         || fail "round $ROUND: settle sync $1 exited 3 for more than undelivered chat messages: $(echo "$out" | head -c 600)" ;;
    *) fail "round $ROUND: settle sync $1 exited $code" ;;
  esac
}

settle() {
  SETTLES=$((SETTLES + 1))
  local out
  settle_sync 1
  "$BIN" sandbox payout >/dev/null 2>>"$DIR/stderr.log" || true
  settle_sync 2
  if ! out=$("$BIN" --format json payouts reconcile 2>&1); then
    fail "round $ROUND: payouts reconcile: $(echo "$out" | head -c 600)"
  fi
  if ! out=$(settled_refunds_agree); then fail "round $ROUND: $out"; fi
  # Temporary files of killed backups/exports go with the next one into the folder.
  "$BIN" db backup "backups/settle-$SETTLES.db" >/dev/null || fail "settle backup"
  "$BIN" catalog export -o exports/catalog.csv >/dev/null || fail "settle export"
  local left
  left=$(find backups exports -name '.*shopctl-tmp-*' | wc -l)
  [ "$left" -eq 0 ] || fail "round $ROUND: $left temporary files left after a backup and an export"
  check
}

T0=$(date +%s)
say "kill9-loop: $KILLS kills into $DIR (binary $BIN, seed ${SEED:-16}, $CATALOG_ROWS products)"
next_csv=b.csv
while [ "$KILLED" -lt "$KILLS" ]; do
  ROUND=$((ROUND + 1))
  before=$KILLED
  case $(( RANDOM % 16 )) in
    0|1|2)
      attempt import catalog import "$next_csv" || true
      # The next import changes every row again, whichever file is in the shop now.
      if [ "$(sql "SELECT stock FROM products WHERE sku = 'SKU00000'")" = "500" ]; then next_csv=b.csv; else next_csv=a.csv; fi ;;
    3|4|5) attempt sync sync || true ;;
    6|7|8)
      order=$(sql "SELECT id FROM orders WHERE payment_status IN ('captured', 'partially_refunded') ORDER BY random() LIMIT 1")
      if [ -n "$order" ]; then
        attempt refund refunds create "$order" --amount "$(( RANDOM % 3 )).$(( RANDOM % 90 + 10 ))" || true
      fi ;;
    9|10)
      order=$(sql "SELECT o.id FROM orders o WHERE o.status IN ('processing', 'partially_shipped') ORDER BY random() LIMIT 1")
      [ -n "$order" ] && { attempt fulfil orders fulfil "$order" --carrier SingPost --tracking "K9-$ROUND" || true; } ;;
    11)
      order=$(sql "SELECT id FROM orders WHERE status IN ('pending', 'processing') ORDER BY random() LIMIT 1")
      [ -n "$order" ] && { attempt cancel orders cancel "$order" || true; } ;;
    12|13) attempt backup db backup "backups/round-$ROUND.db" || true ;;
    14) attempt export catalog export -o exports/catalog.csv || true ;;
    15) attempt simulate sandbox simulate --orders 4 --failure-rate 0 --seed "$ROUND" || true ;;
  esac
  if [ "$KILLED" -gt "$before" ]; then
    check
    if [ $(( KILLED % 10 )) -eq 0 ]; then settle; fi
  fi
done
settle
T1=$(date +%s)

say "kills: $KILLED (import ${KILLS_OF[import]:-0}, sync ${KILLS_OF[sync]:-0}, refund ${KILLS_OF[refund]:-0}, fulfil ${KILLS_OF[fulfil]:-0}, cancel ${KILLS_OF[cancel]:-0}, backup ${KILLS_OF[backup]:-0}, export ${KILLS_OF[export]:-0}, simulate ${KILLS_OF[simulate]:-0})"
say "commands that finished before their kill: $COMPLETED; rounds: $ROUND"
say "invariant checks: $CHECKS (db check + invariants), settles with reconcile: $SETTLES"
say "refunds in the shop: $(sql "SELECT count(*) FROM refunds"), at the provider: $(python3 -c "import sqlite3; print(sqlite3.connect('file:$DIR/shop.db.sandbox?mode=ro', uri=True).execute('SELECT count(*) FROM refunds').fetchone()[0])")"
say "failures: $FAILURES"
say "wall time: $((T1 - T0)) s"
[ "$FAILURES" -eq 0 ]
