#!/usr/bin/env bash
# Benchmark for `shopctl sync` pulling the sandbox's simulated orders (issue 18). Not a timed
# test.
#
#   cargo build --release            # first: this script builds nothing
#   scripts/bench-sync.sh [ORDERS] [DIR]
#
# A shop on the sandbox (200 products with stock for every order, card and PayNow) is made in
# DIR (default: a new temporary folder, removed at the end; a DIR you name is kept, and its
# files are made again), synced once, and `shopctl sandbox simulate` plays ORDERS (default
# 10000) checkouts, all paid. Simulating is outside the timing: it is the customers' side.
# Then, in the same run, it times:
#   (a) the physical reference: the sqlite3 CLI copying the same orders, their lines and their
#       payments from the sandbox file (ATTACH) into tables keyed as the shop's are (orders by
#       id and unique references, lines by order and SKU, payments by unique reference), with
#       INSERT ... SELECT in one transaction;
#   (b) `shopctl sync`: everything the sandbox holds for the shop, the way it comes: each cart
#       a WhatsApp order delivery received and processed (an order, its stock, its payment
#       request queued), the payment requests sent through the sandbox chat, then the orders
#       and their payments pulled, the payouts with their transactions, the catalog's stock;
#   (c) the same sync again (nothing new);
#   (d) on a copy of the shop and sandbox files as (b) found them, `shopctl sync --pull-only`:
#       what the provider and the chat hold pulled in (the deliveries received and processed
#       into orders, the orders and payments and payouts pulled) without sending the payment
#       requests, whose customers have paid by then,
# with peak RSS from GNU time, and prints a table with the machine's load average and the
# orders per second of (b). SHOPCTL=path overrides the binary.
# INSTRUCTIONS=1 also runs (b) once more under `valgrind --tool=callgrind`, on a copy of the
# files as (b) found them, and prints the instructions it took: the figure to compare two
# builds by, since the machine's load moves the seconds by a quarter and does not move it
# (the profile stays in DIR/callgrind.out for `callgrind_annotate --inclusive=yes`).
# BASELINE=path also times the sync of another build of shopctl (after (d)), on a shop that
# build made itself the same way, since an older build cannot open a newer file: how much
# faster this build is, on the same machine in the same run. Issue 18 was measured on 099b371:
#   git worktree add /tmp/at18 099b371 && (cd /tmp/at18 && cargo build --release)
#   BASELINE=/tmp/at18/target/release/shopctl scripts/bench-sync.sh
set -euo pipefail

ORDERS=${1:-10000}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
source "$ROOT/scripts/bench-lib.sh"
data_dir "${2:-}"
if [[ -n ${BASELINE:-} && ! ( -f $BASELINE && -x $BASELINE ) ]]; then
    fail "BASELINE=$BASELINE is not a program: name the other build's binary"
fi

SHOP_DB=$DIR/shop.db
SANDBOX_DB=$SHOP_DB.sandbox
REF_DB=$DIR/reference.sqlite
rm -rf "$REF_DB" "$SHOP_DB" "$SHOP_DB"[.-]* "$DIR/before"
export SHOPCTL_DB=$SHOP_DB NO_COLOR=1

# make_shop BIN: with BIN, the shop in $SHOPCTL_DB, its catalog at the sandbox, then the
# customers' orders (not timed).
make_shop() {
    "$1" --no-progress -q init --name Bench --country SG >/dev/null
    "$1" --no-progress -q catalog import "$DIR/catalog.csv" >/dev/null
    "$1" --no-progress -q payments enable card paynow >/dev/null
    "$1" --no-progress -q sync >/dev/null
    # At most one checkout a second: the days the orders need.
    local days=$(((ORDERS + 43199) / 43200))
    echo "simulating $ORDERS orders over $days days with $1 (not timed) ..." >&2
    "$1" --no-progress -q sandbox simulate --orders "$ORDERS" --days "$days" --seed 18 --failure-rate 0 >/dev/null
    cat "$SHOPCTL_DB" "$SHOPCTL_DB.sandbox" >/dev/null
    # Written to the disk before anything is timed: at 100,000 orders the write-back of the
    # simulation's 70 MB ran into the timed sync.
    sync
}
awk 'BEGIN { print "sku,title,price,stock"; for (i = 0; i < 200; i++) printf "SKU%04d,Product %d,%d.50,100000000\n", i, i, i % 90 + 10 }' >"$DIR/catalog.csv"
make_shop "$SHOPCTL"
if [[ -n ${BASELINE:-} ]]; then
    rm -rf "$DIR/baseline" && mkdir -p "$DIR/baseline"
    SHOPCTL_DB=$DIR/baseline/shop.db make_shop "$BASELINE"
fi

# (a) The same orders, lines and payments into shop-shaped tables, in one transaction.
run reference sqlite3 "$REF_DB" \
    "CREATE TABLE orders (id INTEGER PRIMARY KEY AUTOINCREMENT, provider_ref TEXT UNIQUE, source TEXT NOT NULL, source_ref TEXT UNIQUE, customer_phone TEXT, customer_name TEXT, status TEXT, payment_status TEXT, currency TEXT, total INTEGER, created_at TEXT, updated_at TEXT);" \
    "CREATE TABLE order_lines (order_id INTEGER NOT NULL REFERENCES orders (id), sku TEXT NOT NULL, title TEXT, quantity INTEGER, unit_price INTEGER, PRIMARY KEY (order_id, sku));" \
    "CREATE TABLE payments (id INTEGER PRIMARY KEY AUTOINCREMENT, order_id INTEGER NOT NULL REFERENCES orders (id), provider_ref TEXT NOT NULL UNIQUE, method TEXT, amount INTEGER, currency TEXT, status TEXT, created_at TEXT, updated_at TEXT);" \
    "CREATE INDEX payments_order ON payments (order_id);" \
    "ATTACH '$SANDBOX_DB' AS box;" \
    "BEGIN;" \
    "INSERT INTO orders (id, provider_ref, source, source_ref, customer_phone, customer_name, status, payment_status, currency, total, created_at, updated_at) SELECT o.id, o.provider_ref, 'whatsapp', c.message_id, o.customer_phone, o.customer_name, 'processing', 'captured', o.currency, o.total, o.created_at, o.created_at FROM box.orders o LEFT JOIN box.chat_messages c ON c.order_id = o.id AND c.direction = 'in';" \
    "INSERT INTO order_lines (order_id, sku, title, quantity, unit_price) SELECT l.order_id, l.sku, '', sum(l.quantity), max(l.unit_price) FROM box.order_lines l GROUP BY l.order_id, l.sku;" \
    "INSERT INTO payments (order_id, provider_ref, method, amount, currency, status, created_at, updated_at) SELECT p.order_id, p.provider_ref, p.method, p.amount, p.currency, 'captured', p.created_at, p.created_at FROM box.payments p;" \
    "COMMIT;"

# (b) the sync, (c) the same sync again; (d) on a copy made before (b).
mkdir -p "$DIR/before"
cp "$SHOP_DB" "$SHOP_DB"[.-]* "$DIR/before/"
sync
if [[ ${INSTRUCTIONS:-} == 1 ]]; then
    rm -rf "$DIR/counted" && mkdir -p "$DIR/counted"
    cp "$SHOP_DB" "$SHOP_DB"[.-]* "$DIR/counted/"
fi
run first "$SHOPCTL" --no-progress --format json sync
run again "$SHOPCTL" --no-progress --format json sync

SHOPCTL_DB=$DIR/before/shop.db run pull "$SHOPCTL" --no-progress --format json sync --pull-only
if [[ -n ${BASELINE:-} ]]; then
    SHOPCTL_DB=$DIR/baseline/shop.db run baseline "$BASELINE" --no-progress --format json sync
    grep -q "\"messages_sent\":$ORDERS," "$DIR/baseline.out" || fail "baseline sync: $(head -c 600 "$DIR/baseline.out")"
    base_rows=$(sqlite3 "$DIR/baseline/shop.db" "SELECT count(*) FROM orders")
    [[ $base_rows == "$ORDERS" ]] || fail "the baseline's shop has $base_rows orders after its sync"
fi
grep -q "\"processed\":$ORDERS," "$DIR/pull.out" || fail "pull-only sync: $(head -c 600 "$DIR/pull.out")"
ref_rows=$(sqlite3 "$REF_DB" "SELECT count(*) FROM orders")
[[ $ref_rows == "$ORDERS" ]] || fail "reference has $ref_rows orders"
shop_rows=$(sqlite3 "$SHOP_DB" "SELECT count(*) FROM orders")
[[ $shop_rows == "$ORDERS" ]] || fail "the shop has $shop_rows orders after sync"
grep -q "\"messages_sent\":$ORDERS," "$DIR/first.out" || fail "first sync: $(head -c 600 "$DIR/first.out")"
grep -q '"errors":\[\]' "$DIR/first.out" || fail "first sync: $(head -c 600 "$DIR/first.out")"
grep -q '"orders_new":0,"orders_changed":0' "$DIR/again.out" || fail "second sync: $(head -c 600 "$DIR/again.out")"

echo
echo "shopctl $("$SHOPCTL" --version | awk '{print $2}'), $ORDERS simulated orders, $(machine)"
table_header
table_row "sqlite3 ATTACH + INSERT ... SELECT" reference reference
table_row "shopctl sync" first reference
table_row "shopctl sync (again, nothing new)" again reference
table_row "shopctl sync --pull-only (a copy)" pull reference
if [[ -n ${BASELINE:-} ]]; then
    table_row "BASELINE's sync (its own shop)" baseline reference
fi
read -r s _ <"$DIR/first.time"
awk -v n="$ORDERS" -v s="$s" 'BEGIN { printf "shopctl sync: %.0f orders/s (reference: ", n / s }'
read -r rs _ <"$DIR/reference.time"
awk -v n="$ORDERS" -v s="$rs" 'BEGIN { printf "%.0f orders/s)\n", (s > 0 ? n / s : 0) }'
read -r ps _ <"$DIR/pull.time"
awk -v n="$ORDERS" -v s="$ps" 'BEGIN { printf "shopctl sync --pull-only: %.0f orders/s\n", n / s }'
if [[ -n ${BASELINE:-} ]]; then
    read -r bs _ <"$DIR/baseline.time"
    awk -v n="$ORDERS" -v s="$s" -v b="$bs" 'BEGIN { printf "BASELINE sync: %.0f orders/s; this build %.2fx as fast\n", n / b, b / s }'
fi
echo "shop file after sync: $(mb "$SHOP_DB") MB; sandbox file: $(mb "$SANDBOX_DB") MB; reference file: $(mb "$REF_DB") MB"
if [[ ${INSTRUCTIONS:-} == 1 ]]; then
    echo "counting the instructions of (b) under callgrind (about 100 s for 10,000 orders) ..." >&2
    SHOPCTL_DB=$DIR/counted/shop.db valgrind --tool=callgrind --callgrind-out-file="$DIR/callgrind.out" \
        "$SHOPCTL" --no-progress --format json sync >/dev/null 2>"$DIR/callgrind.err" ||
        fail "callgrind: $(tail -3 "$DIR/callgrind.err")"
    awk '/^summary:/ { print "shopctl sync: " $2 " instructions" }' "$DIR/callgrind.out"
fi
