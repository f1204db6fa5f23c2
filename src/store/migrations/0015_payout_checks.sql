-- 0015: reconciliation kept: each synced payout checked once and its verdict kept until its
-- money changes, and the shop's money a payout took marked on the money itself.
-- Why: `payouts reconcile --since 30d` on a shop of ten million orders read a month of
-- transactions (400,000) and the payments and refunds they name on every run: 1.2 to 1.7 s,
-- three times what the sqlite3 tool takes for those lookups alone (issue 18). Now a run checks
-- only the payouts not checked before (or whose money changed since), and finds the money in
-- no payout from a partial index of that money alone.
-- - `paid_out_txn`: the transaction that first paid out a captured payment (a charge) or took
--   a succeeded refund, set by `payouts reconcile` (`payouts::kept`), never by sync: pulling
--   orders and payouts writes nothing more for a payment than before (its index entry moves
--   from `payments_created` to `payments_unpaid`), and one index entry more for a refund.
-- - `payout_checks`: a payout whose check found nothing wrong and that has no fee of its own,
--   with its counts and totals. A payout with any discrepancy is checked again on every run.
-- - `payments_unpaid` replaces `payments_created`, which only reconciliation read: captured
--   payments that no checked payout took, by time (a month's are the few still unpaid, not
--   the 400,000 paid). `refunds_untaken` is its twin for refunds.
-- - The triggers drop a kept check when the money it matched changes (its state, amount,
--   currency or reference) or goes, so that the next run checks that payout again (the mark
--   stays: that transaction still paid the money out first; a new reference is another
--   money's, so it forgets the mark); `payouts::rows::record_pulled` drops it when the
--   payout's amount or transactions change. The WHEN clauses keep them from doing anything
--   for money no payout took yet, which is all that sync moves.
-- - A change to reconcile's rules clears `payout_checks` in a migration of its own: a kept
--   verdict is the rules' of the day it was made.
-- The marks name a balance transaction's id without a foreign key: only `payouts::kept` writes
-- them, after reading that transaction, and no transaction is ever deleted.
ALTER TABLE payments ADD COLUMN paid_out_txn INTEGER;
ALTER TABLE refunds ADD COLUMN paid_out_txn INTEGER;

CREATE TABLE payout_checks (
    payout_id    INTEGER PRIMARY KEY REFERENCES payouts (id),
    transactions INTEGER NOT NULL,
    totals       TEXT NOT NULL,   -- JSON: [[currency, gross, fees, refunds, adjustments, net], ...]
    checked_at   TEXT NOT NULL
);

-- The new indexes are built before the old one is dropped: built after, they would reuse its
-- freed pages, which the statement journal must then hold (a ten-million-order shop: more
-- than the 16 MB `store::sqlite` lets it keep in memory), and SQLite 3.54.1 failed that
-- statement with "database or disk is full" on a disk with 48 GB free.
CREATE INDEX payments_unpaid ON payments (created_at)
    WHERE status = 'captured' AND paid_out_txn IS NULL;
CREATE INDEX refunds_untaken ON refunds (created_at)
    WHERE status = 'succeeded' AND provider_ref IS NOT NULL AND paid_out_txn IS NULL;
DROP INDEX payments_created;

CREATE TRIGGER payments_paid_out_changed
AFTER UPDATE OF status, amount, currency, provider_ref ON payments
WHEN old.paid_out_txn IS NOT NULL
 AND (new.status IS NOT old.status OR new.amount IS NOT old.amount
      OR new.currency IS NOT old.currency OR new.provider_ref IS NOT old.provider_ref)
BEGIN
    DELETE FROM payout_checks
     WHERE payout_id = (SELECT payout_id FROM balance_transactions WHERE id = old.paid_out_txn);
    UPDATE payments SET paid_out_txn = NULL
     WHERE id = new.id AND new.provider_ref IS NOT old.provider_ref;
END;
CREATE TRIGGER payments_paid_out_removed AFTER DELETE ON payments
WHEN old.paid_out_txn IS NOT NULL
BEGIN
    DELETE FROM payout_checks
     WHERE payout_id = (SELECT payout_id FROM balance_transactions WHERE id = old.paid_out_txn);
END;
CREATE TRIGGER refunds_paid_out_changed
AFTER UPDATE OF status, amount, currency, provider_ref ON refunds
WHEN old.paid_out_txn IS NOT NULL
 AND (new.status IS NOT old.status OR new.amount IS NOT old.amount
      OR new.currency IS NOT old.currency OR new.provider_ref IS NOT old.provider_ref)
BEGIN
    DELETE FROM payout_checks
     WHERE payout_id = (SELECT payout_id FROM balance_transactions WHERE id = old.paid_out_txn);
    UPDATE refunds SET paid_out_txn = NULL
     WHERE id = new.id AND new.provider_ref IS NOT old.provider_ref;
END;
CREATE TRIGGER refunds_paid_out_removed AFTER DELETE ON refunds
WHEN old.paid_out_txn IS NOT NULL
BEGIN
    DELETE FROM payout_checks
     WHERE payout_id = (SELECT payout_id FROM balance_transactions WHERE id = old.paid_out_txn);
END;
