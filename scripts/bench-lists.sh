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
#   (d) `shopctl --format csv orders list --all | head -2`;
#   (e) a catalog of PRODUCTS (default: as many as ORDERS) products, made once in
#       DIR/products by scripts/bench-import.sh: `shopctl --format csv catalog list --all`
#       beside the sqlite3 CLI's `-csv` of the same query,
# with peak RSS from GNU time, and prints a table. SHOPCTL=path overrides the binary.
set -euo pipefail

ORDERS=${1:-1000000}
PRODUCTS=${PRODUCTS:-$ORDERS}
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

# (e) A big catalog, in a shop of its own (bench-import.sh leaves its imported shop there).
CATALOG_DB=$DIR/products/shop.sqlite
if [[ ! -s $CATALOG_DB || $(sqlite3 "$CATALOG_DB" "SELECT count(*) FROM products") != "$PRODUCTS" ]]; then
    echo "importing $PRODUCTS products into $CATALOG_DB ..." >&2
    "$ROOT/scripts/bench-import.sh" "$PRODUCTS" "$DIR/products" >/dev/null
fi
# The query `catalog list` runs (src/catalog/edit.rs, `each`), its filter's values all NULL.
CATALOG_QUERY="SELECT sku, group_id, title, description, status, price, sale_price, currency,
  stock, category, brand, condition, options, images, link, availability FROM products
  WHERE (NULL IS NULL OR status = NULL) AND (NULL IS NULL OR instr(lower(sku), lower(NULL)) > 0
  OR instr(lower(title), lower(NULL)) > 0) AND (NULL IS NULL OR lower(category) = lower(NULL))
  AND (NULL IS NULL OR stock <= NULL) ORDER BY sku LIMIT -1"
run products_ref sqlite3 -csv "$CATALOG_DB" "$CATALOG_QUERY"
run products_csv "$SHOPCTL" --db "$CATALOG_DB" --no-progress --format csv catalog list --all
run products_page "$SHOPCTL" --db "$CATALOG_DB" --no-progress catalog list
products=$(($(wc -l <"$DIR/products_csv.out") - 1))
[[ $products == "$PRODUCTS" ]] || fail "catalog list printed $products products"

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
echo "$PRODUCTS products:"
table_row "sqlite3 -csv of the query (ref)" products_ref products_ref
table_row "shopctl catalog list --format csv" products_csv products_ref
table_row "shopctl catalog list (table page)" products_page products_ref
