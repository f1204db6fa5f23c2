//! Meta's webhook security: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body,
//! keyed with the app secret>` on every POST, checked in constant time; and the subscription
//! handshake, `GET ?hub.mode=subscribe&hub.verify_token=T&hub.challenge=C`, answered with C
//! when T is the verify token. (Meta, "Webhooks: Getting Started", sections "Verification
//! Requests" and "Event Notifications": developers.facebook.com/docs/graph-api/webhooks/getting-started)

use hmac::{Hmac, Mac};
use secrecy::{ExposeSecret, SecretString};
use sha2::Sha256;

use crate::channel::{Delivery, WebhookRefusal};

pub const SIGNATURE_HEADER: &str = "x-hub-signature-256";

/// Checks the delivery's `X-Hub-Signature-256` against `app_secret`.
pub fn verify(app_secret: &SecretString, delivery: &Delivery) -> Result<(), WebhookRefusal> {
    let Some(header) = delivery.header(SIGNATURE_HEADER) else {
        return Err(WebhookRefusal::BadSignature(
            "no X-Hub-Signature-256 header".into(),
        ));
    };
    let Some(hex_sig) = header.trim().strip_prefix("sha256=") else {
        return Err(WebhookRefusal::BadSignature(
            "X-Hub-Signature-256 does not start with sha256=".into(),
        ));
    };
    let Ok(expected) = hex::decode(hex_sig) else {
        return Err(WebhookRefusal::BadSignature(
            "X-Hub-Signature-256 is not hex".into(),
        ));
    };
    let mut mac = mac(app_secret);
    mac.update(delivery.body);
    // `verify_slice` compares in constant time.
    mac.verify_slice(&expected).map_err(|_| {
        WebhookRefusal::BadSignature(
            "X-Hub-Signature-256 does not match the body (wrong app secret, or the body was changed)"
                .into(),
        )
    })
}

/// `sha256=<hex>` for `body`: what Meta sends (tests and the docs sign with it).
pub fn sign(app_secret: &SecretString, body: &[u8]) -> String {
    let mut mac = mac(app_secret);
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

fn mac(secret: &SecretString) -> Hmac<Sha256> {
    // HMAC takes a key of any length.
    Hmac::<Sha256>::new_from_slice(secret.expose_secret().as_bytes())
        .expect("HMAC accepts keys of any length")
}

/// Answers the subscription handshake: the challenge to echo, or why not.
pub fn handshake(
    verify_token: &SecretString,
    query: &[(String, String)],
) -> Result<String, WebhookRefusal> {
    let get = |k: &str| query.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    if get("hub.mode") != Some("subscribe") {
        return Err(WebhookRefusal::BadHandshake(
            "hub.mode is not subscribe".into(),
        ));
    }
    let Some(token) = get("hub.verify_token") else {
        return Err(WebhookRefusal::BadHandshake("no hub.verify_token".into()));
    };
    // Constant time as well: the verify token is a shared secret.
    let mut a = mac(verify_token);
    a.update(b"verify");
    let mut b = mac(&SecretString::from(token.to_owned()));
    b.update(b"verify");
    if a.finalize().into_bytes() != b.finalize().into_bytes() {
        return Err(WebhookRefusal::BadHandshake(
            "hub.verify_token does not match".into(),
        ));
    }
    Ok(get("hub.challenge").unwrap_or("").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn delivery<'a>(headers: &'a [(String, String)], body: &'a [u8]) -> Delivery<'a> {
        Delivery { headers, body }
    }

    /// A known answer: `printf %s '{"a":1}' | openssl dgst -sha256 -hmac s3cret`.
    #[test]
    fn signatures_are_hmac_sha256_of_the_raw_body() {
        let secret = SecretString::from("s3cret".to_string());
        let body = br#"{"a":1}"#;
        let sig = sign(&secret, body);
        assert_eq!(
            sig,
            "sha256=5910e62016ef5034272c926c27071992a465c2335cecf41851bda071577f4f6d"
        );
        let ok = [(SIGNATURE_HEADER.to_string(), sig.clone())];
        assert!(verify(&secret, &delivery(&ok, body)).is_ok());
        // Upper-case header names are matched too.
        let upper = [("X-Hub-Signature-256".to_string(), sig.clone())];
        assert!(verify(&secret, &delivery(&upper, body)).is_ok());
        for (headers, body, says) in [
            (vec![], &body[..], "no X-Hub"),
            (
                vec![(SIGNATURE_HEADER.into(), "md5=00".into())],
                &body[..],
                "sha256=",
            ),
            (
                vec![(SIGNATURE_HEADER.into(), "sha256=zz".into())],
                &body[..],
                "not hex",
            ),
            (ok.to_vec(), &br#"{"a":2}"#[..], "does not match"),
        ] {
            let e = verify(&secret, &delivery(&headers, body))
                .unwrap_err()
                .to_string();
            assert!(e.contains(says), "{says}: {e}");
        }
        let other = SecretString::from("other".to_string());
        assert!(verify(&other, &delivery(&ok, body)).is_err());
    }

    #[test]
    fn the_handshake_echoes_the_challenge_for_the_right_token() {
        let token = SecretString::from("tok".to_string());
        let q = |m: &str, t: &str| {
            vec![
                ("hub.mode".to_string(), m.to_string()),
                ("hub.verify_token".to_string(), t.to_string()),
                ("hub.challenge".to_string(), "1158201444".to_string()),
            ]
        };
        assert_eq!(
            handshake(&token, &q("subscribe", "tok")).unwrap(),
            "1158201444"
        );
        assert!(handshake(&token, &q("subscribe", "nope")).is_err());
        assert!(handshake(&token, &q("unsubscribe", "tok")).is_err());
        assert!(handshake(&token, &[]).is_err());
    }
}
