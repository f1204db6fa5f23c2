#!/usr/bin/env bash
# Makes a real shop file with many orders (issue 18's 10-million-order shop), for
# scripts/bench-big.sh. Not a test.
#
#   cargo build --release            # first: this script builds nothing
#   scripts/gen-big-shop.sh [N] DIR  # N orders, default 10000000
#
# Writes DIR/shop.sqlite (refused when it exists) and DIR/catalog.csv:
#   1. `shopctl init` (Singapore, SGD, the sandbox provider), `catalog import` of SKUS (default
#      1000) products and `payments enable card paynow`: the schema, the catalog and the
#      methods come from shopctl itself; the catalog's outbox entries are marked as pushed.
#   2. Then, with the sqlite3 CLI, in one transaction of INSERT ... SELECT over a recursive
#      count (no row goes through a shell loop), the orders and everything that hangs off them:
#      - N orders over DAYS (default 730) days ending now (END=unix seconds pins it), evenly
#        spaced, from CUSTOMERS (default 3000) customers (phone 65 8/9xxxxxxx, 100 names),
#        each a WhatsApp cart of 1 to 3 catalog products at their catalog prices;
#      - statuses by age and chance: the last 2 hours pending and unpaid; then 4% whose
#        payment failed, 2% canceled before paying; under 2 days processing, under 7 days
#        shipped, older completed; of the completed, 2% refunded in full and 2% in part (one
#        unit of the first line, five days after the order);
#      - one payment per order that got one (card 60%, PayNow 40%, the sandbox's fees), one
#        fulfilment per shipped order, the order's history as shopctl writes it, refunds with
#        their lines and the units they took back;
#      - a payout for every finished day (created at the next midnight, paid two days later)
#        with a balance transaction per captured payment and per refund of that day; a
#        payout's amount is the sum of its transactions' net, so `payouts reconcile` finds
#        everything matched.
#   Every row meets the schema's CHECKs and foreign keys as it is inserted (foreign_keys on);
#   CHECK=1 runs `shopctl db check` over the whole file at the end.
# References are zero-padded (sbx_pay_000000042) so that the unique indexes fill in order.
# Deterministic for the same N, END and sizes. Takes minutes (10M orders: 38 min on a
# loaded 2-core machine) and about 1.35 GB per million orders; DIR needs room for that, and as
# much again for the `db backup` of bench-big.sh.
# SHOPCTL=path overrides the binary.
set -euo pipefail

if [[ $# -eq 1 ]]; then
    N=10000000
    DIR=$1
else
    N=${1:?usage: gen-big-shop.sh [N] DIR}
    DIR=${2:?usage: gen-big-shop.sh [N] DIR}
fi
[[ $N =~ ^[0-9]+$ && $N -gt 0 ]] || {
    echo "gen-big-shop.sh: N must be a whole number above 0, not \"$N\"" >&2
    exit 1
}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHOPCTL=${SHOPCTL:-$ROOT/target/release/shopctl}
DAYS=${DAYS:-730}
CUSTOMERS=${CUSTOMERS:-3000}
SKUS=${SKUS:-1000}
END=${END:-$(($(date -u +%s) / 60 * 60))}
source "$ROOT/scripts/bench-lib.sh"
need "$SHOPCTL" "run 'cargo build --release' first (or set SHOPCTL=path)"
need sqlite3 "install it: apt-get install -y sqlite3"

mkdir -p "$DIR"
DB=$DIR/shop.sqlite
[[ ! -e $DB ]] || fail "$DB exists; remove it or choose another DIR"
export SHOPCTL_DB=$DB
# The catalog and the shop's own rows carry the generation's time.
SHOPCTL_NOW=$(date -u -d "@$END" +%Y-%m-%dT%H:%M:%SZ)
export SHOPCTL_NOW

awk -v skus="$SKUS" 'BEGIN {
    print "sku,group,title,description,status,price,sale_price,currency,stock,category,brand,condition,options,images,link"
    for (s = 1; s <= skus; s++) {
        cents = 500 + (s * 37) % 20000
        printf "SKU-%05d,G-%05d,Tee %d,Soft tee %d,active,%d.%02d,,SGD,1000000,Apparel,Acme,new,,,\n", \
            s, s, s, s, cents / 100, cents % 100
    }
}' >"$DIR/catalog.csv"
"$SHOPCTL" --no-progress -q init --name "Big Shop" --country SG --currency SGD >/dev/null
"$SHOPCTL" --no-progress -q catalog import "$DIR/catalog.csv" >/dev/null
"$SHOPCTL" --no-progress -q payments enable card paynow >/dev/null

SPAN=$((DAYS * 86400))
DAY0=$(((END - SPAN) / 86400 * 86400))
# Complete days before END: each has its payout, created at the midnight after it.
PAID_DAYS=$(((END - DAY0) / 86400))

# A line k (0..2) of order i: its product, quantity and unit price in cents.
sku() { echo "((i * 31 + $1 * 977) % $SKUS + 1)"; }
qty() { echo "((i + $1) % 4 + 1)"; }
cents() { echo "(500 + ($(sku "$1") * 37) % 20000)"; }
# Unix seconds as RFC 3339 UTC.
ts() { echo "strftime('%Y-%m-%dT%H:%M:%SZ', $1, 'unixepoch')"; }

# Every order, as a CTE that each INSERT starts from (a recursive CTE yields its rows in the
# order it makes them, so the INSERTs need no ORDER BY: a sort of ten million rows would
# cost more than the insert): its number i (id 1000 + i), time t,
# customer c, kind, method and total.
ORDERS="WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $N),
g AS (
  SELECT i, 1000 + i AS id, $END - (($N - i) * $SPAN) / $N AS t, (i * 7919) % $CUSTOMERS AS c,
         (i * 2654435761) % 1000 AS h, i % 3 + 1 AS nl,
         CASE WHEN (i * 40503) % 10 < 6 THEN 'card' ELSE 'paynow' END AS method,
         $(qty 0) * $(cents 0)
           + (i % 3 >= 1) * $(qty 1) * $(cents 1)
           + (i % 3 >= 2) * $(qty 2) * $(cents 2) AS total
  FROM n),
o AS (
  SELECT g.*,
    CASE WHEN $END - t < 7200 THEN 'unpaid'
         WHEN h < 40 THEN 'failed'
         WHEN h < 60 THEN 'canceled'
         WHEN $END - t < 2 * 86400 THEN 'processing'
         WHEN $END - t < 7 * 86400 THEN 'shipped'
         WHEN h < 80 THEN 'refunded'
         WHEN h < 100 THEN 'partial'
         ELSE 'completed' END AS kind,
    printf('65%08d', 80000000 + (c * 6007) % 20000000) AS phone,
    json_extract('[\"Mei Ling\",\"Arjun\",\"Siti\",\"Wei Jie\",\"Priya\",\"Ahmad\",\"Hui Min\",\"Ravi\",\"Nurul\",\"Jun Hao\"]', '\$[' || (c % 10) || ']')
      || ' ' ||
    json_extract('[\"Tan\",\"Nair\",\"Rahman\",\"Lim\",\"Kumar\",\"Ismail\",\"Wong\",\"Pillai\",\"Hassan\",\"Goh\"]', '\$[' || (c / 10 % 10) || ']') AS name
  FROM g)"
PAID="kind IN ('processing', 'shipped', 'completed', 'refunded', 'partial')"
SHIPPED="kind IN ('shipped', 'completed', 'refunded', 'partial')"
FEE="CASE WHEN method = 'card' THEN (total * 34 + 500) / 1000 + 50 ELSE (total * 13 + 500) / 1000 END"
# The payout of the day of unix time $1 (NULL for today, not paid out yet).
payout_of() { echo "CASE WHEN ($1 - $DAY0) / 86400 < $PAID_DAYS THEN ($1 - $DAY0) / 86400 + 1 END"; }

echo "writing $N orders into $DB ..." >&2
start=$(date +%s)
sqlite3 "$DB" <<SQL
.bail on
-- A rollback journal holds only the pages the transaction changes that were there before
-- (the empty tables): cheap here, and a failed run still leaves the file as init made it.
PRAGMA journal_mode = DELETE;
PRAGMA synchronous = OFF;
PRAGMA cache_size = -1000000;
PRAGMA foreign_keys = ON;
BEGIN;
UPDATE outbox SET status = 'done', attempts = 1, pushed_at = created_at WHERE status = 'pending';

$ORDERS
INSERT INTO orders (id, provider_ref, source, source_ref, customer_phone, customer_name, status,
                    payment_status, currency, total, created_at, updated_at)
SELECT id, printf('sbx_ord_%09d', i), 'whatsapp', printf('wamid.big.%09d', i), phone, name,
       CASE kind WHEN 'unpaid' THEN 'pending' WHEN 'failed' THEN 'pending'
                 WHEN 'processing' THEN 'processing' WHEN 'shipped' THEN 'shipped'
                 WHEN 'canceled' THEN 'canceled' ELSE 'completed' END,
       CASE kind WHEN 'unpaid' THEN 'pending' WHEN 'canceled' THEN 'pending'
                 WHEN 'failed' THEN 'failed' WHEN 'refunded' THEN 'refunded'
                 WHEN 'partial' THEN 'partially_refunded' ELSE 'captured' END,
       'SGD', total, $(ts t),
       $(ts "CASE WHEN $SHIPPED THEN min(t + 4 * 86400, $END) WHEN kind = 'unpaid' THEN t ELSE t + 60 END")
FROM o;

$ORDERS, k(k) AS (VALUES (0), (1), (2))
INSERT INTO order_lines (order_id, sku, title, quantity, fulfilled_quantity, refunded_quantity, unit_price)
SELECT id, printf('SKU-%05d', s), 'Tee ' || s, q, CASE WHEN $SHIPPED THEN q ELSE 0 END,
       CASE WHEN kind = 'refunded' THEN q WHEN kind = 'partial' AND k = 0 THEN 1 ELSE 0 END, p
FROM (SELECT o.*, k,
        CASE k WHEN 0 THEN $(sku 0) WHEN 1 THEN $(sku 1) ELSE $(sku 2) END AS s,
        CASE k WHEN 0 THEN $(qty 0) WHEN 1 THEN $(qty 1) ELSE $(qty 2) END AS q,
        CASE k WHEN 0 THEN $(cents 0) WHEN 1 THEN $(cents 1) ELSE $(cents 2) END AS p
      FROM o CROSS JOIN k WHERE k < nl);

$ORDERS
INSERT INTO payments (order_id, provider_ref, method, amount, currency, status, created_at, updated_at)
SELECT id, printf('sbx_pay_%09d', i), method, total, 'SGD',
       CASE kind WHEN 'failed' THEN 'failed' ELSE 'captured' END, $(ts "t + 60"), $(ts "t + 60")
FROM o WHERE $PAID OR kind = 'failed';

$ORDERS
INSERT INTO fulfilments (order_id, carrier, tracking, created_at)
SELECT id, 'SingPost', printf('SP%09dSG', i), $(ts "t + 86400") FROM o WHERE $SHIPPED;

INSERT INTO fulfilment_lines (fulfilment_id, sku, quantity)
SELECT f.id, l.sku, l.quantity FROM fulfilments f CROSS JOIN order_lines l ON l.order_id = f.order_id
ORDER BY f.id, l.rowid;

$ORDERS
INSERT INTO refunds (order_id, payment_id, provider_ref, idempotency_key, amount, currency, status,
                     reason, last_error, created_at, updated_at)
SELECT id, (SELECT p.id FROM payments p WHERE p.order_id = o.id), printf('sbx_re_%09d', i),
       printf('shopctl-refund-%d-big', id),
       CASE kind WHEN 'refunded' THEN total ELSE $(cents 0) END, 'SGD', 'succeeded',
       CASE kind WHEN 'refunded' THEN 'returned' ELSE 'one item damaged' END, NULL,
       $(ts "t + 5 * 86400"), $(ts "t + 5 * 86400")
FROM o WHERE kind IN ('refunded', 'partial');

INSERT INTO refund_lines (refund_id, sku, quantity)
SELECT r.id, l.sku, l.refunded_quantity FROM refunds r CROSS JOIN order_lines l ON l.order_id = r.order_id
WHERE l.refunded_quantity > 0 ORDER BY r.id, l.rowid;

-- The history, as shopctl words it: every event of an order comes after the ones before it.
$ORDERS
INSERT INTO order_events (order_id, at, what, note)
SELECT id, $(ts t), 'created: pending (WhatsApp order)',
       'message wamid.big.' || printf('%09d', i) || ' from ' || phone || ', catalog sandbox'
FROM o;

$ORDERS
INSERT INTO order_events (order_id, at, what, note)
SELECT id, $(ts "t + 60"),
       CASE kind WHEN 'failed' THEN 'payment: pending -> failed' ELSE 'payment: pending -> captured' END,
       printf('sbx_pay_%09d', i)
FROM o WHERE $PAID OR kind = 'failed';

$ORDERS
INSERT INTO order_events (order_id, at, what, note)
SELECT id, $(ts "t + 60"),
       CASE kind WHEN 'canceled' THEN 'status: pending -> canceled' ELSE 'status: pending -> processing' END,
       CASE kind WHEN 'canceled' THEN 'not paid' ELSE '' END
FROM o WHERE $PAID OR kind = 'canceled';

$ORDERS
INSERT INTO order_events (order_id, at, what, note)
SELECT id, $(ts "t + 86400"), 'status: processing -> shipped', printf('via SingPost SP%09dSG', i)
FROM o WHERE $SHIPPED;

$ORDERS
INSERT INTO order_events (order_id, at, what, note)
SELECT id, $(ts "t + 4 * 86400"), 'status: shipped -> completed', ''
FROM o WHERE kind IN ('completed', 'refunded', 'partial');

INSERT INTO order_events (order_id, at, what, note)
SELECT r.order_id, r.created_at, 'refund R' || r.id || ' ' || e.what || ': ' || printf('%d.%02d SGD', r.amount / 100, r.amount % 100), ''
FROM refunds r, (SELECT 1 AS n, 'requested' AS what UNION ALL SELECT 2, 'succeeded') e
ORDER BY r.id, e.n;

INSERT INTO order_events (order_id, at, what, note)
SELECT r.order_id, r.created_at,
       'payment: captured -> ' || CASE r.reason WHEN 'returned' THEN 'refunded' ELSE 'partially_refunded' END, ''
FROM refunds r ORDER BY r.id;

-- Payouts: one per finished day, its amount set from its transactions below.
WITH RECURSIVE d(d) AS (SELECT 0 UNION ALL SELECT d + 1 FROM d WHERE d + 1 < $PAID_DAYS)
INSERT INTO payouts (id, provider_ref, amount, currency, status, created_at, arrival_date, updated_at)
SELECT d + 1, printf('sbx_po_%05d', d + 1), 0, 'SGD',
       CASE WHEN $DAY0 + (d + 3) * 86400 <= $END THEN 'paid' ELSE 'in_transit' END,
       $(ts "$DAY0 + (d + 1) * 86400"), $(ts "$DAY0 + (d + 3) * 86400"), $(ts "$DAY0 + (d + 1) * 86400")
FROM d ORDER BY d;

$ORDERS
INSERT INTO balance_transactions (provider_ref, payout_id, kind, source_ref, gross, fee, net, currency,
                                  description, created_at)
SELECT printf('sbx_txn_c%09d', i), $(payout_of "(t + 60)"), 'charge', printf('sbx_pay_%09d', i),
       total, $FEE, total - $FEE, 'SGD',
       method || ' payment for order wamid.big.' || printf('%09d', i), $(ts "t + 60")
FROM o WHERE $PAID AND $(payout_of "(t + 60)") IS NOT NULL;

INSERT INTO balance_transactions (provider_ref, payout_id, kind, source_ref, gross, fee, net, currency,
                                  description, created_at)
SELECT 'sbx_txn_r' || substr(r.provider_ref, 8), $(payout_of "unixepoch(r.created_at)"), 'refund',
       r.provider_ref, -r.amount, 0, -r.amount, 'SGD', 'refund of ' || p.provider_ref, r.created_at
FROM refunds r JOIN payments p ON p.id = r.payment_id
WHERE $(payout_of "unixepoch(r.created_at)") IS NOT NULL ORDER BY r.id;

UPDATE payouts SET amount = (SELECT coalesce(sum(net), 0) FROM balance_transactions t WHERE t.payout_id = payouts.id);
COMMIT;
PRAGMA journal_mode = WAL;
SQL
echo "written in $(($(date +%s) - start)) s" >&2
# Every row was inserted with foreign keys on; CHECK=1 also runs `db check` (SQLite's
# integrity and foreign key checks read the whole file: minutes for ten million orders).
if [[ ${CHECK:-0} == 1 ]]; then
    "$SHOPCTL" --no-progress db check >&2
fi
"$SHOPCTL" --no-progress status >&2
echo "$DB: $(mb "$DB") MB, $N orders" >&2
