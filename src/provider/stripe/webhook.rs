//! Stripe's webhook signatures and events (docs.stripe.com/webhooks, "Verify webhook
//! signatures manually"): `Stripe-Signature: t=TIMESTAMP,v1=SIG[,v1=SIG...][,v0=...]`, where
//! each `v1` is the hex HMAC-SHA256, keyed with the endpoint's secret (`whsec_...`), of
//! `TIMESTAMP.` followed by the raw body. The delivery holds when any `v1` matches (Stripe
//! sends several while a secret is being rolled) and the timestamp is no older than the
//! tolerance (300 s, as Stripe's libraries), which stops a captured delivery from being
//! replayed later; a replay within the window carries the same event id, which `serve` keeps
//! once.

use secrecy::SecretString;

use crate::provider::webhooks::{self, BadSignature, Event, Resource};

pub const SIGNATURE_HEADER: &str = "stripe-signature";
/// How old a signed delivery may be, in seconds.
pub const TOLERANCE_SECS: i64 = 300;

/// The parts of a `Stripe-Signature` header shopctl reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Header {
    pub t: i64,
    pub v1: Vec<String>,
}

/// Reads `t=...,v1=...`; other schemes (`v0`, test-mode extras) are ignored.
pub fn parse_header(header: &str) -> Result<Header, BadSignature> {
    let mut t = None;
    let mut v1 = Vec::new();
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", v)) => t = v.trim().parse::<i64>().ok(),
            Some(("v1", v)) => v1.push(v.trim().to_owned()),
            _ => {}
        }
    }
    let Some(t) = t else {
        return Err(BadSignature(
            "Stripe-Signature has no timestamp (t=)".into(),
        ));
    };
    if v1.is_empty() {
        return Err(BadSignature("Stripe-Signature has no v1 signature".into()));
    }
    Ok(Header { t, v1 })
}

/// Checks a delivery: its header (`None`: none was sent), its raw body, at Unix time `now`.
pub fn verify(
    secret: &SecretString,
    header: Option<&str>,
    body: &[u8],
    now: i64,
) -> Result<(), BadSignature> {
    let Some(header) = header else {
        return Err(BadSignature("no Stripe-Signature header".into()));
    };
    let h = parse_header(header)?;
    let t = h.t.to_string();
    let signed: [&[u8]; 3] = [t.as_bytes(), b".", body];
    if !h
        .v1
        .iter()
        .any(|sig| webhooks::matches(secret, &signed, sig))
    {
        return Err(BadSignature(
            "Stripe-Signature does not match the body (wrong endpoint secret, or the body was \
             changed)"
                .into(),
        ));
    }
    // Saturating: a signed `t` at the edge of i64 must read as very old, not wrap round to
    // "fresh" (found by the fuzz harness, issue 16).
    let age = now.saturating_sub(h.t);
    if age > TOLERANCE_SECS {
        return Err(BadSignature(format!(
            "Stripe-Signature is {age} s old, more than the {TOLERANCE_SECS} s allowed (a \
             replay, or this machine's clock is wrong)"
        )));
    }
    Ok(())
}

/// The header Stripe would send for `body` at `t` (tests and the docs sign with it).
pub fn sign(secret: &SecretString, t: i64, body: &[u8]) -> String {
    let ts = t.to_string();
    format!(
        "t={t},v1={}",
        webhooks::hex_mac(secret, &[ts.as_bytes(), b".", body])
    )
}

/// What a Stripe event asks the shop to pull again (docs.stripe.com/api/events/types).
pub fn event(body: &[u8]) -> Result<Event, String> {
    let v = webhooks::read_json(body)?;
    let Some(kind) = v.get("type").and_then(|t| t.as_str()) else {
        return Err("the Stripe event has no `type`".into());
    };
    let resource = if kind.starts_with("payment_intent.")
        || kind.starts_with("checkout.session.")
        || matches!(
            kind,
            "charge.succeeded" | "charge.failed" | "charge.captured"
        ) {
        Some(Resource::Orders)
    } else if kind.starts_with("refund.") || kind.starts_with("charge.refund") {
        Some(Resource::Refunds)
    } else if kind.starts_with("payout.") {
        Some(Resource::Payouts)
    } else {
        None
    };
    Ok(Event {
        id: v.get("id").and_then(|i| i.as_str()).map(str::to_owned),
        kind: kind.to_owned(),
        resource,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secret(s: &str) -> SecretString {
        SecretString::from(s.to_owned())
    }

    /// Issue 16, fuzz finding: a signed timestamp at the edge of i64 overflowed the age (a
    /// panic in a debug build; in a release build it wrapped round and read as fresh).
    #[test]
    fn a_timestamp_at_the_edge_of_time_is_old_not_fresh() {
        let s = secret("secret");
        let now = 1_763_542_800;
        for t in [i64::MIN, i64::MIN + 1, -1] {
            let header = sign(&s, t, b"{}");
            let e = verify(&s, Some(&header), b"{}", now).unwrap_err();
            assert!(e.0.contains("s old"), "{t}: {}", e.0);
        }
        let fresh = sign(&s, now, b"{}");
        assert!(verify(&s, Some(&fresh), b"{}", now).is_ok());
    }

    /// The example header of Stripe's "Verify webhook signatures manually".
    #[test]
    fn the_documented_header_reads() {
        let h = parse_header(
            "t=1492774577,v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd,v0=6ffbb59b2300aae63f272406069a9788598b792a944a07aba816edb039989a39",
        )
        .unwrap();
        assert_eq!(h.t, 1492774577);
        assert_eq!(
            h.v1,
            ["5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd"]
        );
        assert!(parse_header("v1=abc").is_err());
        assert!(parse_header("t=1,v0=abc").is_err());
    }

    /// A known answer: `printf %s '123.hello' | openssl dgst -sha256 -hmac secret` (also the
    /// vector of the typeclasses/stripe-signature library's tests).
    const KNOWN: &str = "f89c0a0e96fa6304a7ebd5ecaf13bc1beb859577cd7cafb7bdbc43c3bc2f6afa";

    #[test]
    fn a_known_signature_holds_and_anything_else_does_not() {
        let s = secret("secret");
        assert_eq!(sign(&s, 123, b"hello"), format!("t=123,v1={KNOWN}"));
        let header = format!("t=123,v1={KNOWN}");
        assert_eq!(verify(&s, Some(&header), b"hello", 123 + 300), Ok(()));
        // Any of several v1 (a secret being rolled), in any order.
        let several = format!("t=123,v1={},v1={KNOWN}", "00".repeat(32));
        assert_eq!(verify(&s, Some(&several), b"hello", 123), Ok(()));

        let refused = |secret: &SecretString, header: Option<&str>, body: &[u8], now| {
            verify(secret, header, body, now).unwrap_err().0
        };
        // A tampered body, a wrong secret, a changed timestamp: no match.
        for (who, got) in [
            ("tampered", refused(&s, Some(&header), b"hello!", 123)),
            (
                "wrong secret",
                refused(&secret("whsec_other"), Some(&header), b"hello", 123),
            ),
            (
                "moved timestamp",
                refused(&s, Some(&format!("t=124,v1={KNOWN}")), b"hello", 124),
            ),
        ] {
            assert!(got.contains("does not match"), "{who}: {got}");
        }
        // An old delivery (a replay after the tolerance): refused though the signature holds.
        let old = refused(&s, Some(&header), b"hello", 123 + 301);
        assert!(
            old.contains("301 s old, more than the 300 s allowed"),
            "{old}"
        );
        assert!(refused(&s, None, b"hello", 123).contains("no Stripe-Signature"));
        assert!(refused(&s, Some("t=123,v1=zz"), b"hello", 123).contains("does not match"));
    }

    #[test]
    fn events_name_what_to_pull() {
        let ev = |kind: &str| {
            event(format!(r#"{{"id":"evt_1","object":"event","type":"{kind}"}}"#).as_bytes())
                .unwrap()
        };
        assert_eq!(
            ev("payment_intent.succeeded").resource,
            Some(Resource::Orders)
        );
        assert_eq!(
            ev("payment_intent.payment_failed").resource,
            Some(Resource::Orders)
        );
        assert_eq!(
            ev("checkout.session.completed").resource,
            Some(Resource::Orders)
        );
        assert_eq!(
            ev("charge.refund.updated").resource,
            Some(Resource::Refunds)
        );
        assert_eq!(ev("refund.updated").resource, Some(Resource::Refunds));
        assert_eq!(ev("charge.refunded").resource, Some(Resource::Refunds));
        assert_eq!(ev("payout.paid").resource, Some(Resource::Payouts));
        assert_eq!(ev("customer.created").resource, None);
        assert_eq!(ev("payout.paid").id.as_deref(), Some("evt_1"));
        assert!(event(b"{}").unwrap_err().contains("no `type`"));
        assert!(event(b"not json").is_err());
    }
}
