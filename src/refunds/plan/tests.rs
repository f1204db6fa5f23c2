//! The limit rule's table of cases: what each scope refunds, to the minor unit, and every
//! refusal with its whole message.

use super::*;

fn sgd(minor: i64) -> Money {
    Money::new(minor, Currency::from_code("SGD").unwrap())
}

fn now() -> Timestamp {
    "2026-11-20T09:00:00Z".parse().unwrap()
}

fn paid(id: i64, method: &str, paid_at: &str, amount: i64, refunded: i64) -> Paid {
    Paid {
        id,
        method: method.into(),
        rule: RefundRule::of(method),
        paid_at: paid_at.into(),
        amount: sgd(amount),
        refunded: sgd(refunded),
    }
}

fn line(sku: &str, ordered: i64, refunded: i64, unit_price: i64) -> LineFacts {
    LineFacts {
        sku: sku.into(),
        ordered,
        refunded,
        unit_price: sgd(unit_price),
    }
}

/// Order 1001: 2 × TEE at 25.00 and 1 × MUG at 10.50 (its sale price), 60.50 paid by card
/// the day before.
fn order() -> Facts {
    Facts {
        order_id: 1001,
        currency: sgd(0).currency,
        payment_status: PaymentStatus::Captured,
        payments: vec![paid(1, "card", "2026-11-19T00:00:00Z", 6050, 0)],
        refunded: sgd(0),
        lines: vec![line("TEE", 2, 0, 2500), line("MUG", 1, 0, 1050)],
        now: now(),
    }
}

fn lines(asked: &[(&str, Option<i64>)]) -> Scope {
    Scope::Lines(asked.iter().map(|(s, q)| (s.to_string(), *q)).collect())
}

fn amount(text: &str) -> Scope {
    Scope::Amount(text.into())
}

/// The order after `refunded` minor units went back (or are pending) against payment 1,
/// `tee` of them as TEE units.
fn after(refunded: i64, tee: i64) -> Facts {
    let mut f = order();
    f.refunded = sgd(refunded);
    f.payments[0].refunded = sgd(refunded);
    f.lines[0].refunded = tee;
    f
}

#[test]
fn what_each_scope_refunds_to_the_minor_unit() {
    let two_payments = || {
        let mut f = order();
        f.payments = vec![
            paid(1, "card", "2026-11-19T00:00:00Z", 3000, 2500),
            paid(2, "card", "2026-11-19T01:00:00Z", 3050, 0),
        ];
        f.refunded = sgd(2500);
        f
    };
    for (name, facts, scope, minor, payment, want_lines) in [
        ("an amount", order(), amount("10.00"), 1000, 1, vec![]),
        ("the smallest unit", order(), amount("0.01"), 1, 1, vec![]),
        ("all of it", order(), amount("60.50"), 6050, 1, vec![]),
        (
            "one unit",
            order(),
            lines(&[("TEE", Some(1))]),
            2500,
            1,
            vec![("TEE", 1)],
        ),
        (
            "a whole line",
            order(),
            lines(&[("TEE", None)]),
            5000,
            1,
            vec![("TEE", 2)],
        ),
        (
            "the price paid, not the list price",
            order(),
            lines(&[("MUG", None)]),
            1050,
            1,
            vec![("MUG", 1)],
        ),
        (
            "one SKU asked twice",
            order(),
            lines(&[("TEE", Some(1)), ("TEE", Some(1))]),
            5000,
            1,
            vec![("TEE", 2)],
        ),
        (
            "two lines",
            order(),
            lines(&[("MUG", None), ("TEE", Some(1))]),
            3550,
            1,
            vec![("MUG", 1), ("TEE", 1)],
        ),
        (
            "a line after an earlier unit",
            after(2500, 1),
            lines(&[("TEE", None)]),
            2500,
            1,
            vec![("TEE", 1)],
        ),
        (
            "everything",
            order(),
            Scope::All,
            6050,
            1,
            vec![("TEE", 2), ("MUG", 1)],
        ),
        (
            "what is left after an amount",
            after(1000, 0),
            Scope::All,
            5050,
            1,
            vec![("TEE", 2), ("MUG", 1)],
        ),
        (
            "what is left after a unit",
            after(2500, 1),
            Scope::All,
            3550,
            1,
            vec![("TEE", 1), ("MUG", 1)],
        ),
        (
            "what is left after a whole line: that line is not named again",
            after(5000, 2),
            Scope::All,
            1050,
            1,
            vec![("MUG", 1)],
        ),
        (
            "against the first payment with enough left",
            two_payments(),
            amount("10.00"),
            1000,
            2,
            vec![],
        ),
        (
            "the first payment while it has enough",
            two_payments(),
            amount("5.00"),
            500,
            1,
            vec![],
        ),
    ] {
        let p = plan(&facts, &scope).unwrap_or_else(|e| panic!("{name}: {e:#}"));
        assert_eq!(p.amount, sgd(minor), "{name}");
        assert_eq!(p.payment_id, payment, "{name}");
        let want: Vec<(String, i64)> = want_lines
            .iter()
            .map(|(s, q)| (s.to_string(), *q))
            .collect();
        assert_eq!(p.lines, want, "{name}");
    }
}

#[test]
fn every_refusal_says_why_and_what_is_possible() {
    let unpaid = |status| {
        let mut f = order();
        f.payments.clear();
        f.payment_status = status;
        f
    };
    let paid_by = |method: &str, at: &str| {
        let mut f = order();
        f.payments = vec![paid(1, method, at, 6050, 0)];
        f
    };
    let split = || {
        let mut f = order();
        f.payments = vec![
            paid(1, "card", "2026-11-19T00:00:00Z", 3000, 0),
            paid(2, "card", "2026-11-19T01:00:00Z", 3050, 0),
        ];
        f
    };
    for (facts, scope, message) in [
        (
            unpaid(PaymentStatus::Pending),
            Scope::All,
            "order 1001 has no captured payment (payment pending); there is nothing to refund. \
             Run `shopctl sync` if the customer has paid",
        ),
        (
            unpaid(PaymentStatus::Failed),
            amount("1.00"),
            "order 1001 has no captured payment (payment failed); there is nothing to refund",
        ),
        (
            order(),
            amount("0"),
            "--amount 0: a refund must be more than zero",
        ),
        (
            order(),
            amount("-1.00"),
            "--amount -1.00: a refund must be more than zero",
        ),
        (
            order(),
            amount("1.005"),
            "--amount 1.005: \"1.005\": SGD has 2 decimal places",
        ),
        (
            order(),
            amount("ten"),
            "--amount ten: \"ten\" is not an amount (expected digits with an optional decimal point, like 12.50)",
        ),
        (
            order(),
            amount("60.51"),
            "order 1001: cannot refund 60.51 SGD: 60.50 SGD was captured and 0.00 SGD is already \
             refunded or pending, so at most 60.50 SGD can be refunded",
        ),
        (
            after(6000, 0),
            amount("0.51"),
            "order 1001: cannot refund 0.51 SGD: 60.50 SGD was captured and 60.00 SGD is already \
             refunded or pending, so at most 0.50 SGD can be refunded",
        ),
        (
            order(),
            lines(&[("CAP", None)]),
            "order 1001 has no line CAP (its lines: TEE, MUG)",
        ),
        (
            order(),
            lines(&[("TEE", Some(3))]),
            "order 1001: cannot refund 3 of TEE: 2 ordered, 0 already refunded, so at most 2",
        ),
        (
            after(2500, 1),
            lines(&[("TEE", Some(2))]),
            "order 1001: cannot refund 2 of TEE: 2 ordered, 1 already refunded, so at most 1",
        ),
        (
            order(),
            lines(&[("TEE", Some(2)), ("TEE", None)]),
            "order 1001: every unit of TEE (2) has already been refunded",
        ),
        (
            after(5000, 2),
            lines(&[("TEE", Some(1))]),
            "order 1001: every unit of TEE (2) has already been refunded",
        ),
        (
            after(6050, 0),
            Scope::All,
            "order 1001: everything captured (60.50 SGD) has already been refunded or is being refunded",
        ),
        (
            split(),
            amount("40.00"),
            "order 1001: no single payment has 40.00 SGD left to refund; refund it in smaller parts",
        ),
        (
            paid_by("boleto", "2026-11-19T00:00:00Z"),
            Scope::All,
            "order 1001 was paid by boleto: boleto payments cannot be refunded through the \
             provider (a boleto is paid in cash or by bank transfer against a slip); pay the \
             customer back another way",
        ),
        (
            paid_by("paynow", "2026-08-21T09:00:00Z"),
            amount("1.00"),
            "order 1001 was paid by paynow: paynow payments can be refunded for 90 days; this \
             one was taken on 2026-08-21 (91 days ago). Pay the customer back another way",
        ),
        (
            paid_by("pix", "2026-08-01T00:00:00Z"),
            lines(&[("MUG", None)]),
            "order 1001 was paid by pix: pix payments can be refunded for 90 days; this one \
             was taken on 2026-08-01 (111 days ago). Pay the customer back another way",
        ),
    ] {
        let e = plan(&facts, &scope).expect_err(message);
        assert_eq!(format!("{e:#}"), message);
    }
}

#[test]
fn windows_count_to_the_second_and_unknown_methods_are_the_providers_call() {
    let by = |method: &str, at: &str| {
        let mut f = order();
        f.payments = vec![paid(1, method, at, 6050, 0)];
        plan(&f, &Scope::All)
    };
    assert!(by("paynow", "2026-08-22T09:00:00Z").is_ok(), "90 days");
    assert!(
        by("paynow", "2026-08-22T08:59:59Z").is_err(),
        "a second more"
    );
    assert!(by("pix", "2026-08-23T09:00:00Z").is_ok(), "89 days");
    assert!(by("card", "2020-01-01T00:00:00Z").is_ok());
    assert!(by("meta_pay", "2020-01-01T00:00:00Z").is_ok());
    assert!(by("wire_transfer", "2020-01-01T00:00:00Z").is_ok());
}

#[test]
fn currencies_with_zero_and_three_decimals_stay_exact() {
    for (code, unit_price, qty, asked, want_minor, want_text) in [
        ("JPY", 1500, 3, "1500", 1500, "1500"),
        ("KWD", 1250, 3, "3.750", 3750, "3.750"),
    ] {
        let cur = Currency::from_code(code).unwrap();
        let m = |minor| Money::new(minor, cur);
        let facts = Facts {
            order_id: 7,
            currency: cur,
            payment_status: PaymentStatus::Captured,
            payments: vec![Paid {
                id: 1,
                method: "card".into(),
                rule: RefundRule::Allowed,
                paid_at: "2026-11-19T00:00:00Z".into(),
                amount: m(unit_price * qty),
                refunded: m(0),
            }],
            refunded: m(0),
            lines: vec![LineFacts {
                sku: "X".into(),
                ordered: qty,
                refunded: 0,
                unit_price: m(unit_price),
            }],
            now: now(),
        };
        let by_amount = plan(&facts, &amount(asked)).unwrap();
        assert_eq!(by_amount.amount.minor, want_minor, "{code}");
        assert_eq!(by_amount.amount.to_major_string(), want_text, "{code}");
        let by_lines = plan(&facts, &lines(&[("X", None)])).unwrap();
        assert_eq!(by_lines.amount, m(unit_price * qty), "{code}");
        let too_fine = if code == "JPY" { "1500.5" } else { "3.7501" };
        assert!(
            plan(&facts, &amount(too_fine)).is_err(),
            "{code} {too_fine}"
        );
    }
}

#[test]
fn refundable_while_something_is_left() {
    assert!(order().refundable());
    assert!(after(6049, 0).refundable());
    assert!(!after(6050, 0).refundable());
    let mut none = order();
    none.payments.clear();
    assert!(!none.refundable());
}

#[test]
fn a_key_names_one_refund() {
    let done = |minor| (sgd(minor), vec![("TEE".to_string(), 1)]);
    for (scope, recorded, same) in [
        (amount("25.00"), done(2500), true),
        (amount("25"), done(2500), true),
        (amount("25.01"), done(2500), false),
        (amount("nonsense"), done(2500), false),
        (lines(&[("TEE", Some(1))]), done(2500), true),
        (lines(&[("TEE", None)]), done(2500), true),
        (lines(&[("TEE", Some(2))]), done(2500), false),
        (lines(&[("MUG", None)]), done(2500), false),
        (lines(&[("TEE", None), ("MUG", None)]), done(2500), false),
        (Scope::All, done(2500), true),
    ] {
        assert_eq!(asks_for(&scope, recorded.0, &recorded.1), same, "{scope:?}");
    }
}
