-- 0002: payments for orders the shop already holds (imported from a WhatsApp webhook), made
-- with `shopctl sandbox pay`. `order_ref` is the shop's order id that the payment settles, as a
-- Stripe PaymentIntent names it in `metadata[order_ref]`; NULL for the sandbox's own checkouts.
ALTER TABLE orders ADD COLUMN order_ref TEXT;
CREATE INDEX orders_order_ref ON orders (order_ref);
-- Pulls read each order's payments and lines by order: without this, a pull scans every payment
-- for every order.
CREATE INDEX payments_order ON payments (order_id);
