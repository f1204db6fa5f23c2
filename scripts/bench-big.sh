#!/usr/bin/env bash
# Figures for a big shop (issue 18's ten-million-order shop). Not a timed test.
#
#   cargo build --release                      # first: this script builds nothing
#   scripts/gen-big-shop.sh 10000000 DIR       # once: makes DIR/shop.sqlite
#   scripts/bench-big.sh DIR
#
# On DIR/shop.sqlite (a file from gen-big-shop.sh, or any shop: COPY=1 works on a copy), with
# the release build, times with GNU time (wall seconds, peak RSS) and prints as a table:
#   - `db migrate` first: a file from an older shopctl is brought to this schema (timed: the
#     one-off cost of an upgrade, building the new indexes);
#   - `payouts reconcile --since 30d` once, first: on a file that no shopctl of schema 15 or
#     later has reconciled, it checks every payout of the month and marks the money each took
#     (the one-off cost of the upgrade; a shop that reconciles as it syncs never pays it);
#   - the commands a person types, each run twice and the second run kept (the file's pages
#     then in the OS cache, as on a shop in use): `status`, `orders list --customer PHONE`
#     (the customer of the newest order), `orders list --since 30d` (a table page),
#     `orders list --status processing` and `--status completed` (a table page, and the
#     count of the rest: from a partial index, or for `completed` all orders less the others),
#     `orders show ID` (the order of the newest refund: lines, payment, shipment, refund,
#     history), `refunds list`, `payouts list`, `payouts reconcile --since 30d` (every payout's
#     verdict kept from the run before);
#   - `payouts reconcile --since 30d` after a day's new payout: the newest payout's kept
#     verdict and marks forgotten with the sqlite3 CLI (as a sync that pulled it leaves it),
#     then the run that checks it, beside its physical reference: the sqlite3 CLI joining each
#     of that payout's transactions to the payment or refund it names;
#   - the first run's physical reference: the sqlite3 CLI joining each transaction of the
#     month's payouts to the payment or refund it names (the lookups no check of those
#     transactions can skip);
#   - exports, beside the sqlite3 CLI's `-csv` of the same query (the reference):
#     `orders list --since 30d` and `refunds list --all` as CSV;
#   - `db backup` beside `sqlite3 .backup` of the same file (each copy removed at once; skipped
#     when the disk has not room for one);
#   - the file's size and the machine's load average (other work shares its cores).
# SHOPCTL=path overrides the binary.
set -euo pipefail

DIR=${1:?usage: bench-big.sh DIR (holding shop.sqlite from gen-big-shop.sh)}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
source "$ROOT/scripts/bench-lib.sh"
export SHOPCTL_DB=$DIR/shop.sqlite
[[ -s $SHOPCTL_DB ]] || fail "no shop at $SHOPCTL_DB: make one with scripts/gen-big-shop.sh"
OUT=$DIR/bench
mkdir -p "$OUT"
# bench-lib's `run` keeps each run's output in $DIR.
DIR_SHOP=$DIR
DIR=$OUT

run migrate "$SHOPCTL" --no-progress db migrate
run reconcile_first "$SHOPCTL" --no-progress --format json payouts reconcile --since 30d
PHONE=$(sqlite3 "$SHOPCTL_DB" "SELECT customer_phone FROM orders ORDER BY id DESC LIMIT 1")
ORDER=$(sqlite3 "$SHOPCTL_DB" "SELECT order_id FROM refunds ORDER BY id DESC LIMIT 1")
SINCE=$(date -u -d '30 days ago' +%Y-%m-%dT%H:%M:%SZ)

# twice LABEL CMD...: runs CMD once to warm the cache, then times it.
twice() {
    local label=$1
    shift
    "$@" >/dev/null 2>&1 || true
    run "$label" "$@"
}
twice status "$SHOPCTL" --no-progress status
twice customer "$SHOPCTL" --no-progress orders list --customer "$PHONE"
twice since "$SHOPCTL" --no-progress orders list --since 30d
twice open "$SHOPCTL" --no-progress orders list --status processing
twice completed "$SHOPCTL" --no-progress orders list --status completed
twice show "$SHOPCTL" --no-progress orders show "$ORDER"
twice refunds "$SHOPCTL" --no-progress refunds list
twice payouts "$SHOPCTL" --no-progress payouts list
twice reconcile "$SHOPCTL" --no-progress --format json payouts reconcile --since 30d

# The query `orders list --since` runs (src/orders/store.rs, `each`), and `refunds list`'s
# (src/refunds/store.rs).
ORDERS_QUERY="SELECT o.id, o.provider_ref, o.source, o.source_ref, o.customer_phone,
  o.customer_name, o.status, o.payment_status, o.currency, o.total, o.created_at, o.updated_at,
  l.sku, l.title, l.quantity, l.fulfilled_quantity, l.refunded_quantity, l.unit_price
  FROM orders o LEFT JOIN order_lines l ON l.order_id = o.id
  WHERE 1 = 1 AND o.created_at >= '$SINCE' ORDER BY o.created_at DESC, o.id DESC, l.rowid"
REFUNDS_QUERY="SELECT r.*, l.sku, l.quantity FROM
  (SELECT r.id, r.order_id, p.provider_ref AS payment_ref, r.provider_ref, r.idempotency_key,
          r.amount, r.currency, r.status, r.reason, r.last_error, r.created_at, r.updated_at
   FROM refunds r LEFT JOIN payments p ON p.id = r.payment_id
   WHERE 1 = 1 ORDER BY r.created_at DESC, r.id DESC LIMIT -1) r
  LEFT JOIN refund_lines l ON l.refund_id = r.id ORDER BY r.created_at DESC, r.id DESC, l.rowid"
# What a check of the month's payouts cannot do less than: find each transaction's payment or
# refund by its reference. (The window's money no payout took is read from a partial index of
# that money alone, a few rows: nothing to compare.)
RECONCILE_QUERY="SELECT count(*), sum(t.net), sum(p.amount <> t.gross), sum(r.amount <> -t.gross)
  FROM balance_transactions t
  LEFT JOIN payments p ON t.kind = 'charge' AND p.provider_ref = t.source_ref
  LEFT JOIN refunds r ON t.kind = 'refund' AND r.provider_ref = t.source_ref
  WHERE t.payout_id IN (SELECT id FROM payouts WHERE created_at >= '$SINCE');"
twice reconcile_ref sqlite3 "$SHOPCTL_DB" "$RECONCILE_QUERY"
# A day's new payout: what a sync that pulled it leaves (no verdict, its money unmarked).
NEWEST="(SELECT id FROM payouts ORDER BY created_at DESC, id DESC LIMIT 1)"
FORGET="DELETE FROM payout_checks WHERE payout_id = $NEWEST;
  UPDATE payments SET paid_out_txn = NULL
   WHERE paid_out_txn IN (SELECT id FROM balance_transactions WHERE payout_id = $NEWEST);
  UPDATE refunds SET paid_out_txn = NULL
   WHERE paid_out_txn IN (SELECT id FROM balance_transactions WHERE payout_id = $NEWEST);"
DAY_QUERY="SELECT count(*), sum(t.net), sum(p.amount <> t.gross), sum(r.amount <> -t.gross)
  FROM balance_transactions t
  LEFT JOIN payments p ON t.kind = 'charge' AND p.provider_ref = t.source_ref
  LEFT JOIN refunds r ON t.kind = 'refund' AND r.provider_ref = t.source_ref
  WHERE t.payout_id = $NEWEST;"
sqlite3 "$SHOPCTL_DB" "$FORGET"
"$SHOPCTL" --no-progress payouts reconcile --since 30d >/dev/null 2>&1 || true
sqlite3 "$SHOPCTL_DB" "$FORGET"
run reconcile_day "$SHOPCTL" --no-progress --format json payouts reconcile --since 30d
twice reconcile_day_ref sqlite3 "$SHOPCTL_DB" "$DAY_QUERY"
grep -q '"result":"ok"' "$OUT/reconcile_day.out" || fail "reconcile after a day's payout: $(head -c 300 "$OUT/reconcile_day.out")"
twice since_ref sqlite3 -csv "$SHOPCTL_DB" "$ORDERS_QUERY"
twice since_csv "$SHOPCTL" --no-progress --format csv orders list --since 30d
twice refunds_ref sqlite3 -csv "$SHOPCTL_DB" "$REFUNDS_QUERY"
twice refunds_csv "$SHOPCTL" --no-progress --format csv refunds list --all

# A backup needs room for a whole copy.
size=$(stat -c %s "$SHOPCTL_DB")
free=$(($(df --output=avail -B1 "$DIR_SHOP" | tail -1)))
backup=no
if ((free > size * 11 / 10)); then
    backup=yes
    rm -f "$DIR_SHOP/backup.sqlite" "$DIR_SHOP/backup-ref.sqlite"
    run backup "$SHOPCTL" --no-progress db backup "$DIR_SHOP/backup.sqlite"
    rm -f "$DIR_SHOP/backup.sqlite"
    run backup_ref sqlite3 "$SHOPCTL_DB" ".backup '$DIR_SHOP/backup-ref.sqlite'"
    rm -f "$DIR_SHOP/backup-ref.sqlite"
else
    echo "no room for a backup of $(mb "$SHOPCTL_DB") MB beside the shop: db backup not timed" >&2
fi

orders=$(sqlite3 "$SHOPCTL_DB" "SELECT n FROM row_counts WHERE name = 'orders'")
echo
echo "shopctl $("$SHOPCTL" --version | awk '{print $2}'), $orders orders, file $(mb "$SHOPCTL_DB") MB, $(machine)"
echo "$(head -1 "$OUT/migrate.out") ($(cut -d' ' -f1 "$OUT/migrate.time") s)"
# alone TITLE LABEL: a row with no reference to compare with.
alone() {
    local s kb u k
    read -r s kb u k <"$DIR/$2.time"
    awk -v t="$1" -v s="$s" -v kb="$kb" -v c="$u $k" 'BEGIN {
        split(c, a, " ")
        printf "%-36s %8.2f %7s %8.2f %12.1f\n", t, s, "-", a[1] + a[2], kb / 1024
    }'
}
table_header
alone "status" status
alone "orders list --customer (page)" customer
alone "orders list --since 30d (page)" since
alone "orders list --status (page)" open
alone "orders list --status completed" completed
alone "orders show" show
alone "refunds list (page)" refunds
alone "payouts list (page)" payouts
alone "payouts reconcile --since 30d (kept)" reconcile
table_row "sqlite3, a day's payout's lookups (ref)" reconcile_day_ref reconcile_day_ref
table_row "reconcile --since 30d, a new payout" reconcile_day reconcile_day_ref
table_row "sqlite3, reconcile's lookups (ref)" reconcile_ref reconcile_ref
table_row "reconcile --since 30d, first (upgrade)" reconcile_first reconcile_ref
table_row "sqlite3 -csv, orders of 30 days (ref)" since_ref since_ref
table_row "orders list --since 30d --format csv" since_csv since_ref
table_row "sqlite3 -csv, every refund (ref)" refunds_ref refunds_ref
table_row "refunds list --all --format csv" refunds_csv refunds_ref
if [[ $backup == yes ]]; then
    table_row "sqlite3 .backup (ref)" backup_ref backup_ref
    table_row "shopctl db backup" backup backup_ref
fi
echo "rows: $(($(wc -l <"$OUT/since_csv.out") - 1)) orders of 30 days, $(($(wc -l <"$OUT/refunds_csv.out") - 1)) refunds"
