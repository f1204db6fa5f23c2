//! Razorpay's webhook signatures and events (razorpay.com/docs/webhooks/validate-test):
//! `X-Razorpay-Signature` is the hex HMAC-SHA256 of the raw body keyed with the webhook secret
//! set in the Dashboard. Razorpay signs no timestamp, so a replayed body cannot be told from a
//! retry by its signature: each delivery carries `x-razorpay-event-id`, the same on Razorpay's
//! retries, which `serve` keeps once; and an event only triggers a pull of Razorpay's API,
//! which changes nothing when nothing changed there.

use secrecy::SecretString;

use crate::provider::webhooks::{self, BadSignature, Event, Resource};

pub const SIGNATURE_HEADER: &str = "x-razorpay-signature";
/// The delivery's id, the same on every retry of one event.
pub const EVENT_ID_HEADER: &str = "x-razorpay-event-id";

/// Checks a delivery's signature header (`None`: none was sent) against its raw body.
pub fn verify(
    secret: &SecretString,
    header: Option<&str>,
    body: &[u8],
) -> Result<(), BadSignature> {
    let Some(sig) = header else {
        return Err(BadSignature("no X-Razorpay-Signature header".into()));
    };
    if webhooks::matches(secret, &[body], sig) {
        Ok(())
    } else {
        Err(BadSignature(
            "X-Razorpay-Signature does not match the body (wrong webhook secret, or the body \
             was changed)"
                .into(),
        ))
    }
}

/// The header Razorpay would send for `body` (tests and the docs sign with it).
pub fn sign(secret: &SecretString, body: &[u8]) -> String {
    webhooks::hex_mac(secret, &[body])
}

/// What a Razorpay event asks the shop to pull again
/// (razorpay.com/docs/webhooks/payloads/payments, /refunds, /settlements).
pub fn event(body: &[u8]) -> Result<Event, String> {
    let v = webhooks::read_json(body)?;
    let Some(kind) = v.get("event").and_then(|t| t.as_str()) else {
        return Err("the Razorpay event has no `event`".into());
    };
    let resource = if kind.starts_with("payment.") || kind.starts_with("order.") {
        Some(Resource::Orders)
    } else if kind.starts_with("refund.") {
        Some(Resource::Refunds)
    } else if kind.starts_with("settlement.") {
        Some(Resource::Payouts)
    } else {
        None
    };
    Ok(Event {
        id: None,
        kind: kind.to_owned(),
        resource,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Razorpay's own SDK test vector (tests/fixtures/webhooks/PROVENANCE.md).
    const BODY: &[u8] =
        include_bytes!("../../../tests/fixtures/webhooks/razorpay_payment_authorized.json");
    const KNOWN: &str = "d60e67fd884556c045e9be7dad57903e33efc7172c17c6e3ef77db42d2b366e9";

    fn secret(s: &str) -> SecretString {
        SecretString::from(s.to_owned())
    }

    #[test]
    fn razorpays_own_example_holds_and_anything_else_does_not() {
        let s = secret("key_secret");
        assert_eq!(sign(&s, BODY), KNOWN);
        assert_eq!(verify(&s, Some(KNOWN), BODY), Ok(()));
        let mut tampered = BODY.to_vec();
        let at = tampered.windows(7).position(|w| w == b"1000000").unwrap();
        tampered[at] = b'9';
        for (who, secret, header, body) in [
            ("tampered body", s.clone(), Some(KNOWN), &tampered[..]),
            ("wrong secret", secret("other_secret"), Some(KNOWN), BODY),
            ("not hex", s.clone(), Some("zz"), BODY),
            (
                "trailing newline dropped",
                s.clone(),
                Some(KNOWN),
                &BODY[..BODY.len() - 1],
            ),
        ] {
            let e = verify(&secret, header, body).unwrap_err().0;
            assert!(e.contains("does not match"), "{who}: {e}");
        }
        assert!(
            verify(&s, None, BODY)
                .unwrap_err()
                .0
                .contains("no X-Razorpay-Signature")
        );
    }

    #[test]
    fn events_name_what_to_pull() {
        assert_eq!(event(BODY).unwrap().kind, "payment.authorized");
        assert_eq!(event(BODY).unwrap().resource, Some(Resource::Orders));
        let ev = |kind: &str| {
            event(format!(r#"{{"entity":"event","event":"{kind}","payload":{{}}}}"#).as_bytes())
                .unwrap()
                .resource
        };
        assert_eq!(ev("payment.captured"), Some(Resource::Orders));
        assert_eq!(ev("payment.failed"), Some(Resource::Orders));
        assert_eq!(ev("order.paid"), Some(Resource::Orders));
        assert_eq!(ev("refund.processed"), Some(Resource::Refunds));
        assert_eq!(ev("settlement.processed"), Some(Resource::Payouts));
        assert_eq!(ev("invoice.paid"), None);
        assert!(
            event(br#"{"entity":"event"}"#)
                .unwrap_err()
                .contains("no `event`")
        );
    }
}
