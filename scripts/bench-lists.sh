#!/usr/bin/env bash
# Benchmark for the lists that stream (issue 18): `orders list` and `catalog list` as CSV, the
# table's first page, and `| head`. Not a timed test.
#
#   cargo build --release            # first: this script builds nothing
#   scripts/bench-lists.sh [ORDERS] [DIR]
#
# Makes (or reuses) a shop in DIR holding ORDERS (default 1000000) orders imported from
# scripts/gen-webhook-orders.sh's webhooks, then times in the same run:
#   (a) the reference: the sqlite3 CLI's `-csv` output of the same query `orders list` runs
#       (the orders, newest first, joined with their lines);
#   (b) `shopctl --format csv orders list --all`;
#   (c) `shopctl orders list` as a table (its first page of 50) and `shopctl catalog list`;
#   (d) `shopctl --format csv orders list --all | head -2`,
# with peak RSS from GNU time, and prints a table. SHOPCTL=path overrides the binary.
set -euo pipefail

ORDERS=${1:-1000000}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
source "$ROOT/scripts/bench-lib.sh"
data_dir "${2:-}"

export SHOPCTL_DB=$DIR/lists.sqlite
if [[ ! -s $SHOPCTL_DB ]]; then
    if [[ ! -s $DIR/orders.jsonl || $(wc -l <"$DIR/orders.csv") -ne $((ORDERS + 1)) ]]; then
        echo "generating $ORDERS orders into $DIR ..." >&2
        "$ROOT/scripts/gen-webhook-orders.sh" "$ORDERS" "$DIR"
    fi
    echo "importing them into $SHOPCTL_DB ..." >&2
    "$SHOPCTL" --no-progress -q init --name Bench --country SG >/dev/null
    "$SHOPCTL" --no-progress -q catalog import "$DIR/catalog.csv" >/dev/null
    "$SHOPCTL" --no-progress -q orders import "$DIR/orders.jsonl" >/dev/null
fi

# The query `orders list` runs (src/orders/store.rs, `each`), without a filter.
QUERY="SELECT o.id, o.provider_ref, o.source, o.source_ref, o.customer_phone, o.customer_name,
  o.status, o.payment_status, o.currency, o.total, o.created_at, o.updated_at, l.sku, l.title,
  l.quantity, l.fulfilled_quantity, l.refunded_quantity, l.unit_price
  FROM orders o LEFT JOIN order_lines l ON l.order_id = o.id
  WHERE 1 = 1 ORDER BY o.created_at DESC, o.id DESC, l.rowid"
run reference sqlite3 -csv "$SHOPCTL_DB" "$QUERY"
run csv "$SHOPCTL" --no-progress --format csv orders list --all
run page "$SHOPCTL" --no-progress orders list
run catalog_page "$SHOPCTL" --no-progress catalog list
run catalog_csv "$SHOPCTL" --no-progress --format csv catalog list
run head bash -c "'$SHOPCTL' --no-progress --format csv orders list --all | head -2"

rows=$(($(wc -l <"$DIR/csv.out") - 1))
[[ $rows == "$ORDERS" ]] || fail "orders list printed $rows orders"
echo
echo "shopctl $("$SHOPCTL" --version | awk '{print $2}'), $ORDERS orders, $(machine)"
table_header
table_row "sqlite3 -csv of the query (ref)" reference reference
table_row "shopctl orders list --format csv" csv reference
table_row "shopctl orders list (table page)" page reference
table_row "shopctl catalog list (table page)" catalog_page reference
table_row "shopctl catalog list --format csv" catalog_csv reference
table_row "orders list --format csv | head -2" head reference
