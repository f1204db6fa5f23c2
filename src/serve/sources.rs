//! The webhook sources `serve` answers for, each one verifier: where it is posted, how its
//! signature is checked on the raw bytes, and the key that recognises a repeated delivery.
//! What a stored delivery then means is its processor's business (`sync::inbox`).
//!
//! Adding a source: implement `Source` here (its secret loaded once at start), add it to
//! `configured`, and give it a processor (`sync::inbox` for chat deliveries, `sync::webhooks`
//! for the provider's).

use anyhow::Result;
use secrecy::SecretString;
use sha2::{Digest, Sha256};

use crate::channel::config::{ChannelSettings, WhatsAppSettings};
use crate::channel::whatsapp::signature;
use crate::channel::{Delivery, WebhookRefusal};
use crate::provider::config::ProviderSettings;
use crate::provider::razorpay::webhook as razorpay;
use crate::provider::stripe::webhook as stripe;

/// One webhook source.
pub trait Source: Send + Sync {
    /// The inbox `source` its deliveries are kept under.
    fn name(&self) -> &'static str;
    /// The path it is posted to, e.g. `/webhooks/whatsapp`.
    fn path(&self) -> &'static str;
    /// Checks a delivery's signature; its dedupe key when it is good.
    fn verify(&self, delivery: &Delivery) -> Result<String, WebhookRefusal>;
    /// A GET on the path: the source's subscription handshake (`None`: GET is not served).
    fn handshake(&self, _query: &[(String, String)]) -> Option<Result<String, WebhookRefusal>> {
        None
    }
}

/// Meta's WhatsApp webhooks (`POST /webhooks/whatsapp` with `X-Hub-Signature-256`, and the
/// `GET` verify-token handshake). Meta sends no delivery id and retries with the same bytes,
/// so the key is the body's sha256; an order or payment inside is also recorded once by its
/// own id, whatever the bytes.
pub struct WhatsAppSource {
    app_secret: SecretString,
    verify_token: SecretString,
}

impl WhatsAppSource {
    /// Reads both secrets now: a missing one stops `serve` before it listens.
    pub fn new(settings: &WhatsAppSettings) -> Result<WhatsAppSource> {
        Ok(WhatsAppSource {
            app_secret: settings.app_secret.load()?,
            verify_token: settings.verify_token.load()?,
        })
    }
}

impl Source for WhatsAppSource {
    fn name(&self) -> &'static str {
        "whatsapp"
    }

    fn path(&self) -> &'static str {
        "/webhooks/whatsapp"
    }

    fn verify(&self, delivery: &Delivery) -> Result<String, WebhookRefusal> {
        signature::verify(&self.app_secret, delivery)?;
        Ok(hex::encode(Sha256::digest(delivery.body)))
    }

    fn handshake(&self, query: &[(String, String)]) -> Option<Result<String, WebhookRefusal>> {
        Some(signature::handshake(&self.verify_token, query))
    }
}

/// Stripe's webhooks (`POST /webhooks/stripe` with `Stripe-Signature`, 300 s tolerance,
/// against the clock `SHOPCTL_NOW` may pin). A delivery is known by its event id (`evt_...`,
/// the same on Stripe's retries), else by its body's sha256.
pub struct StripeSource {
    secret: SecretString,
}

impl Source for StripeSource {
    fn name(&self) -> &'static str {
        "stripe"
    }

    fn path(&self) -> &'static str {
        "/webhooks/stripe"
    }

    fn verify(&self, delivery: &Delivery) -> Result<String, WebhookRefusal> {
        let now = crate::clock::now()
            .map_err(|e| WebhookRefusal::Unavailable(format!("{e:#}")))?
            .as_second();
        let header = delivery.header(stripe::SIGNATURE_HEADER);
        stripe::verify(&self.secret, header, delivery.body, now)
            .map_err(|e| WebhookRefusal::BadSignature(e.0))?;
        Ok(stripe::event(delivery.body)
            .ok()
            .and_then(|e| e.id)
            .unwrap_or_else(|| hex::encode(Sha256::digest(delivery.body))))
    }
}

/// Razorpay's webhooks (`POST /webhooks/razorpay` with `X-Razorpay-Signature`). A delivery is
/// known by its `x-razorpay-event-id` (the same on Razorpay's retries), else by its body's
/// sha256.
pub struct RazorpaySource {
    secret: SecretString,
}

impl Source for RazorpaySource {
    fn name(&self) -> &'static str {
        "razorpay"
    }

    fn path(&self) -> &'static str {
        "/webhooks/razorpay"
    }

    fn verify(&self, delivery: &Delivery) -> Result<String, WebhookRefusal> {
        let header = delivery.header(razorpay::SIGNATURE_HEADER);
        razorpay::verify(&self.secret, header, delivery.body)
            .map_err(|e| WebhookRefusal::BadSignature(e.0))?;
        Ok(delivery
            .header(razorpay::EVENT_ID_HEADER)
            .map(|id| id.trim().to_owned())
            .filter(|id| !id.is_empty())
            .unwrap_or_else(|| hex::encode(Sha256::digest(delivery.body))))
    }
}

/// The sources the shop's settings call for: the chat channel's, and the provider's when a
/// webhook secret is named for it (`provider set ... --webhook-secret-env VAR`). A secret that
/// cannot be read stops `serve` before it listens.
pub fn configured(
    channel: &ChannelSettings,
    provider: &str,
    settings: &ProviderSettings,
) -> Result<Vec<Box<dyn Source>>> {
    let mut sources: Vec<Box<dyn Source>> = Vec::new();
    if let ChannelSettings::WhatsApp(w) = channel {
        sources.push(Box::new(WhatsAppSource::new(w)?));
    }
    let named = match provider {
        "stripe" => settings.webhook_secret_env.is_some(),
        "razorpay" => settings.razorpay.webhook_secret_env.is_some(),
        _ => false,
    };
    if named {
        let secret = settings.webhook_secret(provider)?;
        sources.push(match provider {
            "stripe" => Box::new(StripeSource { secret }),
            _ => Box::new(RazorpaySource { secret }),
        });
    }
    Ok(sources)
}
