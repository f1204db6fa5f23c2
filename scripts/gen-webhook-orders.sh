#!/usr/bin/env bash
# Writes the inputs of the order benchmarks (scripts/bench-orders-import.sh, bench-lists.sh):
#
#   scripts/gen-webhook-orders.sh ORDERS DIR [SKUS]
#
# into DIR:
#   catalog.csv      SKUS (default 1000) products in shopctl's native CSV dialect, SGD;
#   orders.jsonl     ORDERS WhatsApp Cloud API `order` webhook payloads, one per line (what a
#                    webhook log holds), each a cart of 1 to 3 catalog items at their prices;
#   orders.csv       the same orders as CSV rows (id, source_ref, phone, name, status,
#   lines.csv        payment status, currency, total, created_at) and their lines (order id,
#                    sku, title, quantity, unit price), for the `sqlite3 .import` reference.
# Deterministic: the same arguments give the same bytes. Order i gets id 1000 + i, as
# shopctl numbers them in a new shop.
set -euo pipefail
ORDERS=${1:?usage: gen-webhook-orders.sh ORDERS DIR [SKUS]}
DIR=${2:?usage: gen-webhook-orders.sh ORDERS DIR [SKUS]}
SKUS=${3:-1000}
mkdir -p "$DIR"

awk -v skus="$SKUS" 'BEGIN {
    print "sku,group,title,description,status,price,sale_price,currency,stock,category,brand,condition,options,images,link"
    for (s = 1; s <= skus; s++) {
        cents = 500 + (s * 37) % 20000
        printf "SKU-%05d,G-%05d,Tee %d,Soft tee %d,active,%d.%02d,,SGD,1000000,Apparel,Acme,new,,,\n", \
            s, s, s, s, cents / 100, cents % 100
    }
}' >"$DIR/catalog.csv"

# Orders two minutes apart, ending 2025-11-20; names and phones from 100,000 customers.
awk -v orders="$ORDERS" -v skus="$SKUS" -v dir="$DIR" 'BEGIN {
    split("Mei Ling,Arjun,Siti,Wei Jie,Priya,Ahmad,Hui Min,Ravi,Nurul,Jun Hao", first, ",")
    split("Tan,Nair,Rahman,Lim,Kumar,Ismail,Wong,Pillai,Hassan,Goh", last, ",")
    end = 1763596800
    jsonl = dir "/orders.jsonl"; ocsv = dir "/orders.csv"; lcsv = dir "/lines.csv"
    print "id,source_ref,customer_phone,customer_name,status,payment_status,currency,total,created_at" > ocsv
    print "order_id,sku,title,quantity,unit_price" > lcsv
    for (i = 1; i <= orders; i++) {
        c = (i * 7919) % 100000
        phone = sprintf("659%07d", c)
        name = first[c % 10 + 1] " " last[int(c / 10) % 10 + 1]
        ts = end - (orders - i) * 120
        id = sprintf("wamid.bench.%09d", i)
        n = i % 3 + 1
        items = ""; total = 0; prev = -1
        for (k = 0; k < n; k++) {
            s = (i * 31 + k * 977) % skus + 1
            if (s == prev) continue
            prev = s
            q = (i + k) % 4 + 1
            cents = 500 + (s * 37) % 20000
            price = sprintf("%d.%02d", cents / 100, cents % 100)
            total += q * cents
            items = items (items == "" ? "" : ",") sprintf("{\"product_retailer_id\":\"SKU-%05d\",\"quantity\":%d,\"item_price\":%s,\"currency\":\"SGD\"}", s, q, price)
            printf "%d,SKU-%05d,Tee %d,%d,%d\n", 1000 + i, s, s, q, cents > lcsv
        }
        printf "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"102290129340398\",\"changes\":[{\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":\"6531591234\",\"phone_number_id\":\"106540352242922\"},\"contacts\":[{\"profile\":{\"name\":\"%s\"},\"wa_id\":\"%s\"}],\"messages\":[{\"from\":\"%s\",\"id\":\"%s\",\"timestamp\":\"%d\",\"type\":\"order\",\"order\":{\"catalog_id\":\"1394017164617036\",\"text\":\"\",\"product_items\":[%s]}}]},\"field\":\"messages\"}]}]}\n", \
            name, phone, phone, id, ts, items > jsonl
        printf "%d,%s,%s,%s,pending,pending,SGD,%d,%s\n", 1000 + i, id, phone, name, total, strftime("%Y-%m-%dT%H:%M:%SZ", ts, 1) > ocsv
    }
}'
