#!/usr/bin/env bash
# Benchmark for `shopctl catalog import` (issue 3, "Speed and memory"). Not a timed test.
#
#   cargo build --release            # first: this script builds nothing
#   scripts/bench-import.sh [ROWS] [DIR]
#
# ROWS (default 1000000) native-dialect rows are generated into DIR (default: a new temporary
# folder, removed at the end; a DIR you name is kept). In the same run it times:
#   (a) the physical reference: the sqlite3 CLI's `.import` of the same CSV into a bare table
#       keyed by `sku` (sqlite3 CLI from Debian: `apt-get install -y sqlite3`),
#   (b) `shopctl catalog import` of it into a fresh shop,
#   (c) the same import again (every row unchanged),
#   (d) peak RSS of each, from GNU time (`apt-get install -y time` for /usr/bin/time),
# and prints a table. The CSV is read once beforehand so that every run finds it in the page
# cache. SHOPCTL=path overrides the binary (default target/release/shopctl).
set -euo pipefail

ROWS=${1:-1000000}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHOPCTL=${SHOPCTL:-$ROOT/target/release/shopctl}

if [[ -n ${2:-} ]]; then
    DIR=$2
    mkdir -p "$DIR"
else
    DIR=$(mktemp -d)
    trap 'rm -rf "$DIR"' EXIT
fi

need() {
    if [[ ! -x $1 ]] && ! command -v "$1" >/dev/null; then
        echo "bench-import: $1 not found; $2" >&2
        exit 1
    fi
}
need "$SHOPCTL" "run 'cargo build --release' first (or set SHOPCTL=path)"
need sqlite3 "install it: apt-get install -y sqlite3"
need /usr/bin/time "install GNU time: apt-get install -y time"

CSV=$DIR/products.csv
REF_DB=$DIR/reference.sqlite
SHOP_DB=$DIR/shop.sqlite
rm -f "$REF_DB" "$SHOP_DB" "$SHOP_DB-wal" "$SHOP_DB-shm"

# One row per sellable item, every native column filled: groups of 4 variants, options, a
# sale on every 5th item, image and product links (URLs, so no image files are read).
echo "generating $ROWS rows into $CSV ..." >&2
awk -v rows="$ROWS" 'BEGIN {
    print "sku,group,title,description,status,price,sale_price,currency,stock,category,brand,condition,options,images,link"
    split("S M L XL", size, " ")
    split("Black White Blue Red Green", colour, " ")
    split("Apparel Home Kitchen Garden Toys", cat, " ")
    for (i = 1; i <= rows; i++) {
        g = int((i - 1) / 4)
        cents = 500 + (i * 37) % 20000
        price = sprintf("%d.%02d", cents / 100, cents % 100)
        sale = (i % 5 == 0) ? sprintf("%d.%02d", (cents * 8 / 10) / 100, (cents * 8 / 10) % 100) : ""
        printf "SKU-%07d,G-%06d,Tee %d,\"Soft tee, item %d\",active,%s,%s,SGD,%d,%s,Acme,new,Size=%s;Colour=%s,https://img.example.com/%07d.jpg,https://example.com/p/%d\n", \
            i, g, g, i, price, sale, i % 250, cat[g % 5 + 1], \
            size[(i - 1) % 4 + 1], colour[g % 5 + 1], i, g
    }
}' >"$CSV"
BYTES=$(stat -c %s "$CSV")
cat "$CSV" >/dev/null

# run LABEL CMD...: wall seconds, peak RSS (KB) and CPU seconds of CMD into $LABEL.time
run() {
    local label=$1
    shift
    echo "running $label ..." >&2
    /usr/bin/time -f '%e %M %U %S' -o "$DIR/$label.time" "$@" >"$DIR/$label.out" 2>"$DIR/$label.err" || {
        echo "bench-import: $label failed:" >&2
        cat "$DIR/$label.err" >&2
        exit 1
    }
}

# (a) The reference: the same bytes into a bare table keyed by sku, in one transaction
# (.import wraps the whole file in one), with sqlite3's default settings.
run reference sqlite3 "$REF_DB" \
    "CREATE TABLE products (sku TEXT PRIMARY KEY, \"group\", title, description, status, price, sale_price, currency, stock, category, brand, condition, options, images, link);" \
    ".import --csv --skip 1 $CSV products"

export SHOPCTL_DB=$SHOP_DB
"$SHOPCTL" --no-progress -q init --name Bench --country SG >/dev/null
# (b) first import into the empty shop, (c) the same file again: all unchanged.
run first "$SHOPCTL" --no-progress --format json catalog import "$CSV"
run again "$SHOPCTL" --no-progress --format json catalog import "$CSV"

ref_rows=$(sqlite3 "$REF_DB" "SELECT count(*) FROM products")
[[ $ref_rows == "$ROWS" ]] || { echo "bench-import: reference has $ref_rows rows" >&2; exit 1; }
grep -q "\"created\": *$ROWS" "$DIR/first.out" || { echo "bench-import: first import:" >&2; cat "$DIR/first.out" >&2; exit 1; }
grep -q "\"unchanged\": *$ROWS" "$DIR/again.out" || { echo "bench-import: re-import:" >&2; cat "$DIR/again.out" >&2; exit 1; }

read -r ref_s ref_kb ref_u ref_k <"$DIR/reference.time"
read -r first_s first_kb first_u first_k <"$DIR/first.time"
read -r again_s again_kb again_u again_k <"$DIR/again.time"
size_mb=$(awk -v b="$BYTES" 'BEGIN { printf "%.0f", b / 1e6 }')
shop_mb=$(awk -v b="$(stat -c %s "$SHOP_DB")" 'BEGIN { printf "%.0f", b / 1e6 }')

echo
echo "shopctl $("$SHOPCTL" --version | awk '{print $2}'), $ROWS rows, ${size_mb} MB CSV, $(nproc) cores, $(sqlite3 --version | awk '{print "sqlite3 CLI " $1}')"
# Wall seconds are what the issue's targets are about; CPU seconds (user + system, all
# threads) say how much of a wall figure was waiting, on a machine other work shares.
awk -v rs="$ref_s" -v rk="$ref_kb" -v rc="$ref_u $ref_k" \
    -v fs="$first_s" -v fk="$first_kb" -v fc="$first_u $first_k" \
    -v as="$again_s" -v ak="$again_kb" -v ac="$again_u $again_k" '
function cpu(s,  a) { split(s, a, " "); return a[1] + a[2] }
BEGIN {
    rc = cpu(rc); fc = cpu(fc); ac = cpu(ac)
    printf "%-32s %8s %7s %8s %12s\n", "run", "seconds", "x ref", "CPU s", "peak RSS MB"
    printf "%-32s %8.2f %7.2f %8.2f %12.1f\n", "sqlite3 .import (reference)", rs, 1, rc, rk / 1024
    printf "%-32s %8.2f %7.2f %8.2f %12.1f\n", "shopctl catalog import (first)", fs, fs / rs, fc, fk / 1024
    printf "%-32s %8.2f %7.2f %8.2f %12.1f\n", "shopctl catalog import (again)", as, as / rs, ac, ak / 1024
}'
echo "shop file after import: ${shop_mb} MB"
