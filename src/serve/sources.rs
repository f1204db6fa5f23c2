//! The webhook sources `serve` answers for, each one verifier: where it is posted, how its
//! signature is checked on the raw bytes, and the key that recognises a repeated delivery.
//! What a stored delivery then means is its processor's business (`sync::inbox`).
//!
//! Adding a source (issue 14: Stripe, Razorpay): implement `Source` here (its secret loaded
//! once at start), add it to `configured`, and add its processor arm in `sync::inbox`.

use anyhow::Result;
use secrecy::SecretString;
use sha2::{Digest, Sha256};

use crate::channel::config::{ChannelSettings, WhatsAppSettings};
use crate::channel::whatsapp::signature;
use crate::channel::{Delivery, WebhookRefusal};

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

/// The sources the shop's settings call for.
pub fn configured(channel: &ChannelSettings) -> Result<Vec<Box<dyn Source>>> {
    let mut sources: Vec<Box<dyn Source>> = Vec::new();
    if let ChannelSettings::WhatsApp(w) = channel {
        sources.push(Box::new(WhatsAppSource::new(w)?));
    }
    Ok(sources)
}
