#!/usr/bin/env bash
# Benchmark for `shopctl orders import` (issue 18). Not a timed test.
#
#   cargo build --release            # first: this script builds nothing
#   scripts/bench-orders-import.sh [ORDERS] [DIR]
#
# ORDERS (default 1000000) WhatsApp order webhooks, one per line, are generated into DIR
# (default: a new temporary folder, removed at the end; a DIR you name is kept) by
# scripts/gen-webhook-orders.sh, with the same orders and lines as two CSV files. In the same
# run it times:
#   (a) the physical reference: the sqlite3 CLI's `.import` of orders.csv and lines.csv into
#       bare tables with the keys shopctl's have (orders by id, unique message id; lines by
#       order and SKU), in one transaction;
#   (b) `shopctl orders import` of the JSON Lines file into a shop holding the catalog;
#   (c) the same import again (every order already imported);
#   (d) peak RSS of each, from GNU time,
# and prints a table with the machine's load average. SHOPCTL=path overrides the binary.
set -euo pipefail

ORDERS=${1:-1000000}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
source "$ROOT/scripts/bench-lib.sh"
data_dir "${2:-}"

if [[ ! -s $DIR/orders.jsonl || $(wc -l <"$DIR/orders.csv") -ne $((ORDERS + 1)) ]]; then
    echo "generating $ORDERS orders into $DIR ..." >&2
    "$ROOT/scripts/gen-webhook-orders.sh" "$ORDERS" "$DIR"
fi
REF_DB=$DIR/reference.sqlite
SHOP_DB=$DIR/shop.sqlite
rm -f "$REF_DB" "$SHOP_DB" "$SHOP_DB"-* "$SHOP_DB.sandbox"*
cat "$DIR/orders.jsonl" "$DIR/orders.csv" "$DIR/lines.csv" >/dev/null

# (a) The same orders and lines into tables keyed as shopctl's are, in one transaction.
run reference sqlite3 "$REF_DB" \
    "CREATE TABLE orders (id INTEGER PRIMARY KEY, source_ref TEXT UNIQUE, customer_phone, customer_name, status, payment_status, currency, total, created_at);" \
    "CREATE TABLE order_lines (order_id INTEGER, sku TEXT, title, quantity, unit_price, PRIMARY KEY (order_id, sku));" \
    "BEGIN;" \
    ".import --csv --skip 1 $DIR/orders.csv orders" \
    ".import --csv --skip 1 $DIR/lines.csv order_lines" \
    "COMMIT;"

export SHOPCTL_DB=$SHOP_DB
"$SHOPCTL" --no-progress -q init --name Bench --country SG >/dev/null
"$SHOPCTL" --no-progress -q catalog import "$DIR/catalog.csv" >/dev/null
# (b) the import, (c) the same file again: every order already imported.
run first "$SHOPCTL" --no-progress --format json orders import "$DIR/orders.jsonl"
run again "$SHOPCTL" --no-progress --format json orders import "$DIR/orders.jsonl"

ref_rows=$(sqlite3 "$REF_DB" "SELECT count(*) FROM orders")
[[ $ref_rows == "$ORDERS" ]] || fail "reference has $ref_rows orders"
grep -q "\"created\":$ORDERS," "$DIR/first.out" || fail "first import: $(head -c 300 "$DIR/first.out")"
grep -q "\"unchanged\":$ORDERS," "$DIR/again.out" || fail "re-import: $(head -c 300 "$DIR/again.out")"

echo
echo "shopctl $("$SHOPCTL" --version | awk '{print $2}'), $ORDERS orders, $(mb "$DIR/orders.jsonl") MB of JSON Lines ($(mb "$DIR/orders.csv") + $(mb "$DIR/lines.csv") MB as CSV), $(machine)"
table_header
table_row "sqlite3 .import (reference)" reference reference
table_row "shopctl orders import (first)" first reference
table_row "shopctl orders import (again)" again reference
echo "shop file after import: $(mb "$SHOP_DB") MB; reference file: $(mb "$REF_DB") MB"
