//! The refund protocol and cancel-and-refund against a fake provider that, like a real one,
//! answers a repeated key with the refund it already made, on real shop files.

use std::collections::HashMap;

use jiff::Timestamp;

use super::*;
use crate::model::*;
use crate::money::{Currency, Money};
use crate::orders::{self, OrderStatus, PaymentStatus};
use crate::provider::*;
use crate::store::Store;

#[derive(Default)]
struct Fake {
    made: HashMap<String, RemoteRefund>,
    calls: usize,
    fail_next: Option<ProviderError>,
}

impl Provider for Fake {
    fn name(&self) -> &'static str {
        "fake"
    }
    fn account(&mut self) -> ProviderResult<Account> {
        unreachable!()
    }
    fn push(&mut self, _: &OutboxEntry) -> ProviderResult<PushOutcome> {
        unreachable!()
    }
    fn pull_orders(&mut self, _: Option<&str>) -> ProviderResult<Pulled<RemoteOrder>> {
        unreachable!()
    }
    fn create_refund(&mut self, r: &RefundRequest) -> ProviderResult<RemoteRefund> {
        self.calls += 1;
        if let Some(e) = self.fail_next.take() {
            return Err(e);
        }
        let n = self.made.len() + 1;
        Ok(self
            .made
            .entry(r.idempotency_key.clone())
            .or_insert_with(|| RemoteRefund {
                provider_ref: format!("re_{n}"),
                payment_ref: r.payment_ref.clone(),
                amount: r.amount,
                state: RefundState::Succeeded,
                idempotency_key: Some(r.idempotency_key.clone()),
                created_at: Timestamp::UNIX_EPOCH,
            })
            .clone())
    }
    fn pull_refunds(&mut self, _: Option<&str>) -> ProviderResult<Pulled<RemoteRefund>> {
        unreachable!()
    }
    fn pull_payouts(&mut self, _: Option<&str>) -> ProviderResult<Pulled<RemotePayout>> {
        unreachable!()
    }
    fn payout_transactions(&mut self, _: &str) -> ProviderResult<Vec<BalanceTransaction>> {
        unreachable!()
    }
}

fn shop(dir: &tempfile::TempDir, method: &str) -> (Store, Timestamp) {
    let now: Timestamp = "2026-11-20T09:00:00Z".parse().unwrap();
    let mut store = crate::store::testing::shop(dir);
    store
        .write(|tx| {
            tx.execute_batch(&format!(
                "INSERT INTO orders (id, provider_ref, source, status, payment_status, currency, total, created_at, updated_at)
                   VALUES (1001, 'ord_1', 'provider', 'processing', 'captured', 'SGD', 6050, '2026-11-19T00:00:00Z', '2026-11-19T00:00:00Z');
                 INSERT INTO order_lines (order_id, sku, quantity, unit_price) VALUES (1001, 'TEE', 2, 2500), (1001, 'MUG', 1, 1050);
                 INSERT INTO payments (order_id, provider_ref, method, amount, currency, status, created_at, updated_at)
                   VALUES (1001, 'pay_1', '{method}', 6050, 'SGD', 'captured', '2026-11-19T00:00:00Z', '2026-11-19T00:00:00Z');"
            ))?;
            Ok(())
        })
        .unwrap();
    (store, now)
}

#[test]
fn a_crash_after_the_provider_call_is_completed_with_the_same_key() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, now) = shop(&dir, "card");
    let mut fake = Fake::default();
    let what = Scope::Lines(vec![("TEE".into(), Some(1))]);
    let prepared = store
        .write(|tx| prepare(tx, 1001, &what, "damaged", None, now))
        .unwrap();
    // The provider refunds; the process dies before recording it.
    let _lost = fake
        .create_refund(prepared.request.as_ref().unwrap())
        .unwrap();
    assert_eq!(
        load(store.conn(), prepared.refund.id).unwrap().status,
        RefundState::Pending
    );
    let done = resume_pending(&mut store, &mut fake, now).unwrap();
    assert_eq!(done.len(), 1);
    assert_eq!(done[0].status, RefundState::Succeeded);
    assert_eq!(done[0].provider_ref.as_deref(), Some("re_1"));
    assert_eq!(fake.made.len(), 1, "one refund at the provider");
    let order = orders::load(store.conn(), 1001).unwrap();
    assert_eq!(order.payment_status, PaymentStatus::PartiallyRefunded);
    assert_eq!(order.line("TEE").unwrap().refunded_quantity, 1);
    // Nothing left pending: a second resume calls nobody.
    let calls = fake.calls;
    assert!(
        resume_pending(&mut store, &mut fake, now)
            .unwrap()
            .is_empty()
    );
    assert_eq!(fake.calls, calls);
}

/// Issue 16, defect 1: the same request again without a key, after the crash, finishes the
/// refund of unknown outcome instead of making a second; a different one waits for it.
#[test]
fn a_refund_of_unknown_outcome_is_settled_before_any_new_one() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, now) = shop(&dir, "card");
    let mut fake = Fake::default();
    let one = Scope::Amount("1.00".into());
    let prepared = store
        .write(|tx| prepare(tx, 1001, &one, "", None, now))
        .unwrap();
    let _lost = fake
        .create_refund(prepared.request.as_ref().unwrap())
        .unwrap();
    // The provider cannot be asked: refused, nothing written, no new refund.
    fake.fail_next = Some(ProviderError::Transient("timeout".into()));
    let before = load(store.conn(), prepared.refund.id).unwrap();
    let two = Scope::Amount("2.00".into());
    let err = create(&mut store, &mut fake, 1001, &two, "", None, now).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("refund R1 of 1.00 SGD on this order has an unknown outcome"),
        "{err}"
    );
    assert_eq!(load(store.conn(), prepared.refund.id).unwrap(), before);
    assert_eq!(fake.made.len(), 1);
    // The same request, re-run: R1 is finished with its own key and is the answer.
    let (r, made) = create(&mut store, &mut fake, 1001, &one, "", None, now).unwrap();
    assert_eq!(
        (r.id, made, r.status),
        (1, Made::Finished, RefundState::Succeeded)
    );
    assert_eq!(fake.made.len(), 1, "one refund at the provider");
    // A different request is a new refund.
    let (r2, made) = create(&mut store, &mut fake, 1001, &two, "", None, now).unwrap();
    assert_eq!((r2.id, made), (2, Made::New));
    assert_eq!(fake.made.len(), 2);
}

#[test]
fn limits_count_pending_refunds_and_the_same_key_returns_the_first() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, now) = shop(&dir, "card");
    let mut fake = Fake {
        fail_next: Some(ProviderError::Transient("timeout".into())),
        ..Fake::default()
    };
    let (r1, _) = create(
        &mut store,
        &mut fake,
        1001,
        &Scope::Amount("60.00".into()),
        "",
        Some("k1"),
        now,
    )
    .unwrap();
    assert_eq!(r1.status, RefundState::Pending);
    assert!(r1.last_error.as_deref().unwrap().contains("timeout"));
    // The pending 60.00 counts: 0.51 more would pass the 60.50 captured.
    let err = create(
        &mut store,
        &mut fake,
        1001,
        &Scope::Amount("0.51".into()),
        "",
        None,
        now,
    )
    .unwrap_err();
    assert!(err.to_string().contains("at most 0.50 SGD"), "{err}");
    // Re-running with the key completes the first refund rather than making another.
    let (again, existing) = create(
        &mut store,
        &mut fake,
        1001,
        &Scope::Amount("60.00".into()),
        "",
        Some("k1"),
        now,
    )
    .unwrap();
    assert_eq!(existing, Made::ByKey);
    assert_eq!(again.id, r1.id);
    assert_eq!(again.status, RefundState::Succeeded);
    assert_eq!(fake.made.len(), 1);
    let (last, _) = create(&mut store, &mut fake, 1001, &Scope::All, "", None, now).unwrap();
    assert_eq!(last.amount.to_major_string(), "0.50");
    let order = orders::load(store.conn(), 1001).unwrap();
    assert_eq!(order.payment_status, PaymentStatus::Refunded);
    let err = create(&mut store, &mut fake, 1001, &Scope::All, "", None, now).unwrap_err();
    assert!(err.to_string().contains("already been refunded"), "{err}");
}

#[test]
fn a_rejected_refund_is_failed_and_gives_its_units_back() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, now) = shop(&dir, "card");
    let mut fake = Fake {
        fail_next: Some(ProviderError::Rejected("charge disputed".into())),
        ..Fake::default()
    };
    let (r, _) = create(
        &mut store,
        &mut fake,
        1001,
        &Scope::Lines(vec![("MUG".into(), None)]),
        "",
        None,
        now,
    )
    .unwrap();
    assert_eq!(r.status, RefundState::Failed);
    let order = orders::load(store.conn(), 1001).unwrap();
    assert_eq!(order.line("MUG").unwrap().refunded_quantity, 0);
    assert_eq!(order.payment_status, PaymentStatus::Captured);
}

#[test]
fn boleto_is_refused_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, now) = shop(&dir, "boleto");
    let mut fake = Fake::default();
    let err = create(&mut store, &mut fake, 1001, &Scope::All, "", None, now).unwrap_err();
    assert!(
        format!("{err:#}").contains("boleto payments cannot be refunded"),
        "{err:#}"
    );
    assert_eq!(fake.calls, 0);
    let n: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM refunds", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 0);
}

#[test]
fn ids_and_method_rules() {
    assert_eq!(parse_id("R7").unwrap(), 7);
    assert_eq!(parse_id("r7").unwrap(), 7);
    assert_eq!(parse_id("7").unwrap(), 7);
    assert!(parse_id("R").is_err());
    assert!(parse_id("1001x").is_err());
    for bad in ["R0", "0", "R-3"] {
        let e = parse_id(bad).unwrap_err().to_string();
        assert!(e.contains("is not a refund id"), "{bad}: {e}");
    }
    assert_eq!(label(7), "R7");
    assert_eq!(parse_id(&label(12)).unwrap(), 12);
    let now: Timestamp = "2026-11-20T09:00:00Z".parse().unwrap();
    assert!(crate::payments::check_refund_allowed("boleto", "2026-11-19T00:00:00Z", now).is_err());
    assert!(crate::payments::check_refund_allowed("card", "2025-01-01T00:00:00Z", now).is_ok());
    assert!(crate::payments::check_refund_allowed("paynow", "2026-08-23T09:00:00Z", now).is_ok()); // 89 days
    let e = crate::payments::check_refund_allowed("pix", "2026-08-01T00:00:00Z", now).unwrap_err();
    assert!(e.to_string().contains("90 days"), "{e}");
}

/// The refund as the provider reports it in a pull.
fn pulled(provider_ref: &str, key: Option<&str>, state: RefundState) -> RemoteRefund {
    RemoteRefund {
        provider_ref: provider_ref.into(),
        payment_ref: "pay_1".into(),
        amount: Money::new(2500, Currency::from_code("SGD").unwrap()),
        state,
        idempotency_key: key.map(str::to_string),
        created_at: Timestamp::UNIX_EPOCH,
    }
}

#[test]
fn a_pulled_state_finds_its_refund_by_key_and_settles_the_order() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, now) = shop(&dir, "card");
    let what = Scope::Lines(vec![("TEE".into(), Some(1))]);
    let prepared = store
        .write(|tx| prepare(tx, 1001, &what, "", Some("k-pull"), now))
        .unwrap();
    // The provider's answer was lost; the pull brings it, matched by the key it echoes.
    let changed = store
        .write(|tx| {
            record_pulled(
                tx,
                &pulled("re_9", Some("k-pull"), RefundState::Succeeded),
                now,
            )
        })
        .unwrap();
    assert!(changed);
    let r = load(store.conn(), prepared.refund.id).unwrap();
    assert_eq!(r.status, RefundState::Succeeded);
    assert_eq!(r.provider_ref.as_deref(), Some("re_9"));
    let order = orders::load(store.conn(), 1001).unwrap();
    assert_eq!(order.payment_status, PaymentStatus::PartiallyRefunded);
    // The same pull again changes nothing; a refund the shop never made is left alone.
    for again in [
        pulled("re_9", Some("k-pull"), RefundState::Succeeded),
        pulled("re_dashboard", None, RefundState::Succeeded),
    ] {
        assert!(!store.write(|tx| record_pulled(tx, &again, now)).unwrap());
    }
}

#[test]
fn canceling_a_paid_order_refunds_it_in_the_same_breath() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, now) = shop(&dir, "card");
    let done = cancel_order(
        &mut store,
        1001,
        "",
        |_| Ok(Box::new(Fake::default()) as Box<dyn Provider>),
        now,
    )
    .unwrap();
    assert_eq!(done.order.status, OrderStatus::Canceled);
    assert_eq!(done.order.payment_status, PaymentStatus::Refunded);
    let refund = done.refund.expect("a refund");
    assert_eq!(refund.status, RefundState::Succeeded);
    assert_eq!(refund.amount.to_major_string(), "60.50");
    assert_eq!(refund.reason, "order canceled");
    assert_eq!(refund.lines, vec![("TEE".into(), 2), ("MUG".into(), 1)]);
    // Neither line is in this shop's catalog: no stock to give back, and the person is told.
    assert_eq!(done.warnings.len(), 2, "{:?}", done.warnings);
}

#[test]
fn canceling_an_order_already_refunded_in_full_refunds_nothing_more() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, now) = shop(&dir, "card");
    let mut fake = Fake::default();
    create(&mut store, &mut fake, 1001, &Scope::All, "", None, now).unwrap();
    assert_eq!(fake.calls, 1);
    let done = cancel_order(
        &mut store,
        1001,
        "changed their mind",
        |_| Ok(Box::new(Fake::default()) as Box<dyn Provider>),
        now,
    )
    .unwrap();
    assert_eq!(done.order.status, OrderStatus::Canceled);
    assert_eq!(done.order.payment_status, PaymentStatus::Refunded);
    assert!(done.refund.is_none(), "{:?}", done.refund);
    assert_eq!(of_order(store.conn(), 1001).unwrap().len(), 1);
}

#[test]
fn a_provider_that_cannot_be_opened_stops_the_cancel_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, now) = shop(&dir, "card");
    let events = |store: &Store| -> i64 {
        store
            .conn()
            .query_row("SELECT count(*) FROM order_events", [], |r| r.get(0))
            .unwrap()
    };
    let before = events(&store);
    let err = cancel_order(
        &mut store,
        1001,
        "",
        |_| anyhow::bail!("the provider is not set up"),
        now,
    )
    .unwrap_err();
    assert_eq!(err.to_string(), "the provider is not set up");
    let order = orders::load(store.conn(), 1001).unwrap();
    assert_eq!(order.status, OrderStatus::Processing);
    assert_eq!(events(&store), before);
    assert!(of_order(store.conn(), 1001).unwrap().is_empty());
}

#[test]
fn the_preview_is_what_the_refund_would_give_back_and_records_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, now) = shop(&dir, "card");
    let all = preview(store.conn(), 1001, &Scope::All, now)
        .unwrap()
        .unwrap();
    assert_eq!(all.amount.minor, 6050);
    assert_eq!(all.lines, vec![("TEE".into(), 2), ("MUG".into(), 1)]);
    let part = preview(store.conn(), 1001, &Scope::Amount("10.00".into()), now)
        .unwrap()
        .unwrap();
    assert_eq!(part.amount.minor, 1000);
    // The refusal the refund itself would meet.
    let e = preview(store.conn(), 1001, &Scope::Amount("60.51".into()), now)
        .unwrap_err()
        .to_string();
    assert!(e.contains("at most 60.50 SGD can be refunded"), "{e}");
    assert!(of_order(store.conn(), 1001).unwrap().is_empty());
    // Once everything is refunded there is nothing to preview.
    create(
        &mut store,
        &mut Fake::default(),
        1001,
        &Scope::All,
        "",
        None,
        now,
    )
    .unwrap();
    assert!(
        preview(store.conn(), 1001, &Scope::All, now)
            .unwrap()
            .is_none()
    );
}

#[test]
fn a_cancel_settles_a_refund_of_unknown_outcome_first_then_refunds_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, now) = shop(&dir, "card");
    // R1 of 1.00 reached the provider, but the shop never heard back.
    let mut fake = Fake::default();
    let one = Scope::Amount("1.00".into());
    let prepared = store
        .write(|tx| prepare(tx, 1001, &one, "", None, now))
        .unwrap();
    fake.create_refund(prepared.request.as_ref().unwrap())
        .unwrap();
    let done = cancel_order(
        &mut store,
        1001,
        "out of stock",
        |_| Ok(Box::new(fake) as Box<dyn Provider>),
        now,
    )
    .unwrap();
    // Settled with its own key (the provider's first refund), then the cancel went ahead and
    // refunded what was left.
    assert_eq!(done.order.status, OrderStatus::Canceled);
    assert_eq!(done.order.payment_status, PaymentStatus::Refunded);
    let all: Vec<(i64, i64, RefundState, Option<String>)> = of_order(store.conn(), 1001)
        .unwrap()
        .into_iter()
        .map(|r| (r.id, r.amount.minor, r.status, r.provider_ref))
        .collect();
    assert_eq!(
        all,
        vec![
            (1, 100, RefundState::Succeeded, Some("re_1".into())),
            (2, 5950, RefundState::Succeeded, Some("re_2".into())),
        ]
    );
    assert_eq!(done.refund.map(|r| r.id), Some(2));
}

#[test]
fn the_key_of_a_rejected_refund_answers_with_it_and_sends_nothing_again() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, now) = shop(&dir, "card");
    let mut fake = Fake {
        fail_next: Some(ProviderError::Rejected("charge disputed".into())),
        ..Fake::default()
    };
    let mug = Scope::Lines(vec![("MUG".into(), None)]);
    let (r, made) = create(&mut store, &mut fake, 1001, &mug, "", Some("k-1"), now).unwrap();
    assert_eq!(
        (r.status, made, fake.calls),
        (RefundState::Failed, Made::New, 1)
    );
    // The same command again: the refused refund is the answer; the provider is not asked
    // again (a second try could move the money the first was refused).
    let (again, made) = create(&mut store, &mut fake, 1001, &mug, "", Some("k-1"), now).unwrap();
    assert_eq!(
        (again.id, again.status, made, fake.calls),
        (r.id, RefundState::Failed, Made::ByKey, 1)
    );
    assert!(fake.made.is_empty());
    assert_eq!(
        orders::load(store.conn(), 1001).unwrap().payment_status,
        PaymentStatus::Captured
    );
}

/// An order with refund R1 of `scope` that reached the provider, the shop never hearing back.
fn lost_refund(dir: &tempfile::TempDir, scope: &Scope) -> (Store, Fake, Timestamp) {
    let (mut store, now) = shop(dir, "card");
    let mut fake = Fake::default();
    let prepared = store
        .write(|tx| prepare(tx, 1001, scope, "", None, now))
        .unwrap();
    fake.create_refund(prepared.request.as_ref().unwrap())
        .unwrap();
    (store, fake, now)
}

#[test]
fn refund_all_rerun_after_an_unknown_outcome_finishes_it_or_refunds_only_the_rest() {
    // R1 was the whole order: the re-run's answer is R1, finished; nothing new is sent.
    let dir = tempfile::tempdir().unwrap();
    let (mut store, mut fake, now) = lost_refund(&dir, &Scope::All);
    let (r, made) = create(&mut store, &mut fake, 1001, &Scope::All, "", None, now).unwrap();
    assert_eq!(
        (r.id, r.amount.minor, r.status, made),
        (1, 6050, RefundState::Succeeded, Made::Finished)
    );
    assert_eq!(fake.made.len(), 1);

    // R1 was 1.00 of it: R1 is settled and `--all` refunds what is left, as a new refund.
    let dir = tempfile::tempdir().unwrap();
    let (mut store, mut fake, now) = lost_refund(&dir, &Scope::Amount("1.00".into()));
    let (r, made) = create(&mut store, &mut fake, 1001, &Scope::All, "", None, now).unwrap();
    assert_eq!(
        (r.id, r.amount.minor, r.status, made),
        (2, 5950, RefundState::Succeeded, Made::New)
    );
    assert_eq!(fake.made.len(), 2);
    assert_eq!(
        load(store.conn(), 1).unwrap().status,
        RefundState::Succeeded
    );
}

#[test]
fn a_late_refusal_does_not_undo_a_refund_already_made() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, now) = shop(&dir, "card");
    let (r, _) = create(
        &mut store,
        &mut Fake::default(),
        1001,
        &Scope::Amount("5.00".into()),
        "",
        Some("k-1"),
        now,
    )
    .unwrap();
    assert_eq!(r.status, RefundState::Succeeded);
    // The same key sent twice at once: the second answer, a refusal, arrives last.
    store
        .write(|tx| {
            record_result(
                tx,
                r.id,
                &Err(ProviderError::Rejected("duplicate request".into())),
                now,
            )
        })
        .unwrap();
    assert_eq!(load(store.conn(), r.id).unwrap(), r);
}

#[test]
fn a_pulled_state_moves_a_refund_the_provider_had_left_pending() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, now) = shop(&dir, "card");
    let what = Scope::Lines(vec![("TEE".into(), Some(1))]);
    let prepared = store
        .write(|tx| prepare(tx, 1001, &what, "", Some("k-pend"), now))
        .unwrap();
    // The provider answered "pending" with its reference; the pull later says it succeeded.
    store
        .write(|tx| {
            record_result(
                tx,
                prepared.refund.id,
                &Ok(pulled("re_5", Some("k-pend"), RefundState::Pending)),
                now,
            )
        })
        .unwrap();
    let pending = load(store.conn(), prepared.refund.id).unwrap();
    assert_eq!(
        (pending.status, pending.provider_ref.as_deref()),
        (RefundState::Pending, Some("re_5"))
    );
    let done = pulled("re_5", Some("k-pend"), RefundState::Succeeded);
    assert!(store.write(|tx| record_pulled(tx, &done, now)).unwrap());
    assert_eq!(
        load(store.conn(), prepared.refund.id).unwrap().status,
        RefundState::Succeeded
    );
    assert_eq!(
        orders::load(store.conn(), 1001).unwrap().payment_status,
        PaymentStatus::PartiallyRefunded
    );
}

/// `orders show` lists an order's refunds: its own only, oldest first.
#[test]
fn an_orders_refunds_are_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, now) = shop(&dir, "card");
    // A second paid order, of one mug at 10.50.
    store
        .write(|tx| {
            tx.execute_batch(
                "INSERT INTO orders (id, provider_ref, source, status, payment_status, currency, total, created_at, updated_at)
                   VALUES (1002, 'ord_2', 'provider', 'processing', 'captured', 'SGD', 1050, '2026-11-19T00:00:00Z', '2026-11-19T00:00:00Z');
                 INSERT INTO order_lines (order_id, sku, quantity, unit_price) VALUES (1002, 'MUG', 1, 1050);
                 INSERT INTO payments (order_id, provider_ref, method, amount, currency, status, created_at, updated_at)
                   VALUES (1002, 'pay_2', 'card', 1050, 'SGD', 'captured', '2026-11-19T00:00:00Z', '2026-11-19T00:00:00Z');",
            )?;
            Ok(())
        })
        .unwrap();
    let mut fake = Fake::default();
    let one = Scope::Amount("1.00".into());
    create(&mut store, &mut fake, 1001, &one, "", None, now).unwrap();
    create(&mut store, &mut fake, 1002, &Scope::All, "", None, now).unwrap();
    create(&mut store, &mut fake, 1001, &Scope::All, "", None, now).unwrap();
    let amounts = |order: i64| -> Vec<(i64, i64)> {
        of_order(store.conn(), order)
            .unwrap()
            .iter()
            .map(|r| (r.order_id, r.amount.minor))
            .collect()
    };
    // 60.50 paid: 1.00, then the 59.50 left.
    assert_eq!(amounts(1001), [(1001, 100), (1001, 5950)]);
    assert_eq!(amounts(1002), [(1002, 1050)]);
}
