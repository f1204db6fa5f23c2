#!/usr/bin/env python3
"""Measures `shopctl serve`: signed WhatsApp order deliveries from several concurrent senders,
each answered only after its commit. Prints deliveries/s answered and the time until every
delivery was processed into an order.

Usage: cargo build --release && scripts/bench-serve.py [DELIVERIES] [SENDERS]
(default 5000 deliveries from 8 senders). Needs python3 and openssl-free stdlib only; runs on
127.0.0.1 in a temporary folder, and stops the server it started.
"""
import hashlib, hmac, http.client, json, os, re, sqlite3, subprocess, sys, tempfile, threading, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "shopctl")
SECRET = "bench-app-secret"


def run(env, *args):
    subprocess.run([BIN, *args], env=env, check=True, stdout=subprocess.DEVNULL)


def cart(i):
    return json.dumps({
        "object": "whatsapp_business_account",
        "entry": [{"id": "1", "changes": [{"field": "messages", "value": {
            "messaging_product": "whatsapp",
            "contacts": [{"profile": {"name": f"Customer {i}"}, "wa_id": f"659{i:07d}"}],
            "messages": [{"from": f"659{i:07d}", "id": f"wamid.BENCH{i}", "timestamp": "1763600000",
                          "type": "order", "order": {"catalog_id": "1", "product_items": [
                              {"product_retailer_id": "TEE", "quantity": 1, "item_price": 25.00,
                               "currency": "SGD"}]}}]}}]}]}).encode()


def main():
    total = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    senders = int(sys.argv[2]) if len(sys.argv) > 2 else 8
    work = tempfile.mkdtemp(prefix="shopctl-bench-serve-")
    env = {"PATH": os.environ.get("PATH", ""), "HOME": work, "SHOPCTL_DB": os.path.join(work, "shop.db"),
           "WA_TOKEN": "EAAbench", "WA_APP_SECRET": SECRET, "WA_VERIFY_TOKEN": "bench"}
    run(env, "init", "--country", "SG")
    with open(os.path.join(work, "c.csv"), "w") as f:
        f.write("sku,title,price,currency,stock,status\nTEE,Tee,25.00,SGD,100000000,active\n")
    run(env, "catalog", "import", os.path.join(work, "c.csv"))
    # No payment method: the bench measures receiving and processing, not sending.
    run(env, "channel", "set", "whatsapp", "--phone-number-id", "1", "--catalog-id", "2",
        "--token-env", "WA_TOKEN", "--app-secret-env", "WA_APP_SECRET",
        "--verify-token-env", "WA_VERIFY_TOKEN", "--graph-base", "http://127.0.0.1:9")
    server = subprocess.Popen([BIN, "serve", "--listen", "127.0.0.1:0"], env=env,
                              stderr=subprocess.PIPE, text=True)
    line = server.stderr.readline()
    port = int(re.search(r"127\.0\.0\.1:(\d+)", line).group(1))
    log_lines = []
    threading.Thread(target=lambda: log_lines.extend(server.stderr), daemon=True).start()
    bodies = [cart(i) for i in range(total)]
    sigs = ["sha256=" + hmac.new(SECRET.encode(), b, hashlib.sha256).hexdigest() for b in bodies]
    bad = []

    def send(part):
        conn = http.client.HTTPConnection("127.0.0.1", port)
        for i in part:
            conn.request("POST", "/webhooks/whatsapp", body=bodies[i],
                         headers={"X-Hub-Signature-256": sigs[i], "Content-Type": "application/json"})
            r = conn.getresponse()
            r.read()
            if r.status != 200:
                bad.append(r.status)
        conn.close()

    parts = [range(k, total, senders) for k in range(senders)]
    threads = [threading.Thread(target=send, args=(p,)) for p in parts]
    start = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    answered = time.monotonic() - start
    db = sqlite3.connect(env["SHOPCTL_DB"])
    while db.execute("SELECT count(*) FROM orders").fetchone()[0] < total:
        time.sleep(0.05)
        if time.monotonic() - start > 600:
            break
    processed = time.monotonic() - start
    orders = db.execute("SELECT count(*) FROM orders").fetchone()[0]
    server.terminate()
    server.wait()
    print(f"{total} signed order deliveries from {senders} concurrent senders")
    print(f"answered (each after its commit): {answered:.2f} s = {total / answered:.0f} deliveries/s; non-200: {len(bad)}")
    print(f"all processed into orders:        {processed:.2f} s = {orders / processed:.0f} orders/s ({orders} orders)")


if __name__ == "__main__":
    main()
