//! Meta's Cloud API, for messages out: `POST {graph base}/{version}/{phone-number-id}/messages`
//! with a bearer token (the version is pinned in `channel::config::GRAPH_VERSION`), answered
//! with `{"messages": [{"id": "wamid..."}]}`, or a Graph error `{"error": {"code", "message",
//! "error_data": {"details"}}}` that says whether to try again.
//!
//! Error codes, from Meta's "Cloud API Error Codes" page: 131047 (Re-engagement message: more
//! than 24 hours since the customer last wrote; final for this message); 190 and HTTP 401 (the
//! token); 4, 80007, 130429, 131048, 131056 (rate limits) and HTTP 429 / 5xx (try again later).
//! Anything else the API refuses (a malformed message, a number not on WhatsApp) is final for
//! that message.

use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};
use serde_json::Value;

use super::catalog::{MetaCatalog, PollPolicy};
use super::graph::{Graph, RetryPolicy};
use super::{build, signature, webhook};
use crate::channel::config::{GRAPH_VERSION, WhatsAppSettings};
use crate::channel::{
    Channel, ChannelError, ChannelResult, Delivery, Inbound, Parsed, WebhookRefusal,
};
use crate::model::{BatchOutcome, CatalogRequest, MessageBody, OutgoingMessage, Pulled};

pub struct WhatsApp {
    settings: WhatsAppSettings,
    agent: ureq::Agent,
    token: Option<SecretString>,
    /// Meta's catalog (issue 13), opened when the first batch goes.
    catalog: Option<MetaCatalog>,
}

impl WhatsApp {
    pub fn new(settings: WhatsAppSettings) -> WhatsApp {
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(30)))
            .build()
            .into();
        WhatsApp {
            settings,
            agent,
            token: None,
            catalog: None,
        }
    }

    /// Meta's catalog, with the token and the retry and polling policies.
    fn catalog(&mut self) -> ChannelResult<&mut MetaCatalog> {
        if self.catalog.is_none() {
            let token = self.token()?;
            let graph = Graph::new(
                &self.settings.graph_base,
                token,
                self.settings.token.source.describe(),
                RetryPolicy::from_env()?,
            );
            self.catalog = Some(MetaCatalog::new(
                graph,
                &self.settings.catalog_id,
                PollPolicy::from_env()?,
            ));
        }
        Ok(self.catalog.as_mut().expect("set above"))
    }

    /// The token, read when the first message goes (a shop that sends nothing needs none).
    fn token(&mut self) -> ChannelResult<SecretString> {
        if let Some(t) = &self.token {
            return Ok(t.clone());
        }
        let t = self
            .settings
            .token
            .load()
            .map_err(|e| ChannelError::Auth(e.to_string()))?;
        self.token = Some(t.clone());
        Ok(t)
    }

    fn messages_url(&self) -> String {
        format!(
            "{}/{GRAPH_VERSION}/{}/messages",
            self.settings.graph_base, self.settings.phone_number_id
        )
    }
}

impl Channel for WhatsApp {
    fn name(&self) -> &'static str {
        "whatsapp"
    }

    fn source(&self) -> &'static str {
        "whatsapp"
    }

    fn send(&mut self, _key: &str, message: &OutgoingMessage) -> ChannelResult<String> {
        if let MessageBody::PaymentRequest(r) = &message.body
            && r.payment_configuration.is_none()
        {
            return Err(ChannelError::Transient(
                "a payment request needs the name of the shop's payment configuration in \
                 WhatsApp Manager: `shopctl config set channel.payment_configuration NAME`; the \
                 request waits"
                    .into(),
            ));
        }
        let token = self.token()?;
        let body = build::message_request(message);
        let sent = self
            .agent
            .post(self.messages_url())
            .header(
                "Authorization",
                &format!("Bearer {}", token.expose_secret()),
            )
            .header("Content-Type", "application/json")
            .send(body.to_json());
        let mut response = match sent {
            Ok(r) => r,
            Err(e) => {
                return Err(ChannelError::Transient(format!(
                    "{}: {e}",
                    self.settings.graph_base
                )));
            }
        };
        let status = response.status().as_u16();
        let text = response.body_mut().read_to_string().unwrap_or_default();
        let json: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        if (200..300).contains(&status) {
            return json["messages"][0]["id"]
                .as_str()
                .map(str::to_string)
                .ok_or_else(|| {
                    ChannelError::Transient(format!(
                        "the Cloud API answered {status} without a message id"
                    ))
                });
        }
        Err(classify(status, &json, &text))
    }

    fn pull_inbound(&mut self, _cursor: Option<&str>) -> ChannelResult<Pulled<Inbound>> {
        // Meta pushes its webhooks to `shopctl serve`; it keeps nothing to pull.
        Ok(Pulled {
            items: Vec::new(),
            next_cursor: None,
        })
    }

    fn verify(&self, delivery: &Delivery) -> Result<(), WebhookRefusal> {
        let secret = self
            .settings
            .app_secret
            .load()
            .map_err(|e| WebhookRefusal::Unavailable(e.to_string()))?;
        signature::verify(&secret, delivery)
    }

    fn handshake(&self, query: &[(String, String)]) -> Result<String, WebhookRefusal> {
        let token = self
            .settings
            .verify_token
            .load()
            .map_err(|e| WebhookRefusal::Unavailable(e.to_string()))?;
        signature::handshake(&token, query)
    }

    fn publish(&mut self, requests: &[CatalogRequest]) -> ChannelResult<BatchOutcome> {
        self.catalog()?.publish(requests)
    }

    fn account(&mut self) -> ChannelResult<crate::model::Account> {
        Ok(crate::model::Account {
            service: "whatsapp".into(),
            base: self.settings.graph_base.clone(),
            id: Some(self.settings.catalog_id.clone()),
        })
    }

    fn requests_made(&self) -> u64 {
        self.catalog.as_ref().map_or(0, |c| c.graph.requests)
    }

    fn parse(&self, body: &[u8]) -> Parsed {
        webhook::parse(
            body,
            crate::clock::now().unwrap_or_else(|_| jiff::Timestamp::now()),
        )
    }
}

/// What a refusal means for the message.
fn classify(status: u16, json: &Value, text: &str) -> ChannelError {
    let error = &json["error"];
    let code = error["code"].as_i64();
    let mut what = error["message"]
        .as_str()
        .or_else(|| json["detail"].as_str())
        .unwrap_or(text)
        .trim()
        .to_string();
    if let Some(details) = error["error_data"]["details"].as_str() {
        what = format!("{what} ({details})");
    }
    if let Some(v) = json["validation"].as_array() {
        // Prism's (and a validating proxy's) list of what did not match the schema.
        let items: Vec<&str> = v.iter().filter_map(|i| i["message"].as_str()).collect();
        what = format!("{what}: {}", items.join("; "));
    }
    let what = match code {
        Some(c) => format!("{what} (code {c}, HTTP {status})"),
        None => format!("{what} (HTTP {status})"),
    };
    match (status, code) {
        (_, Some(131047)) => ChannelError::OutsideWindow(what),
        (401, _) | (_, Some(190)) => ChannelError::Auth(what),
        (_, Some(4 | 80007 | 130429 | 131048 | 131056)) | (429, _) | (500..=599, _) => {
            ChannelError::Transient(what)
        }
        _ => ChannelError::Rejected(what),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::channel::config::{Secret, SecretKind};
    use crate::provider::config::KeySource;
    use serde_json::json;

    /// The adapter's webhook side reads its secrets from where the settings say (0600 files
    /// here) when a delivery comes, and answers as `serve`'s verifier does.
    #[test]
    fn the_adapter_verifies_and_parses_webhooks_with_its_secrets() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let secret = |kind: SecretKind, value: &str| {
            let path = dir.path().join(kind.stem());
            std::fs::write(&path, value).unwrap();
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
            Secret {
                kind,
                source: KeySource::File(path),
            }
        };
        let wa = WhatsApp::new(WhatsAppSettings {
            phone_number_id: "1".into(),
            catalog_id: "2".into(),
            graph_base: "http://127.0.0.1:9".into(),
            token: secret(SecretKind::Token, "EAAt"),
            app_secret: secret(SecretKind::AppSecret, "s3cret"),
            verify_token: secret(SecretKind::VerifyToken, "tok"),
        });
        let body = br#"{"object":"whatsapp_business_account","entry":[]}"#;
        let sig = signature::sign(&SecretString::from("s3cret".to_string()), body);
        let headers = [(signature::SIGNATURE_HEADER.to_string(), sig)];
        assert!(
            wa.verify(&Delivery {
                headers: &headers,
                body
            })
            .is_ok()
        );
        assert!(wa.verify(&Delivery { headers: &[], body }).is_err());
        let q = |t: &str| {
            vec![
                ("hub.mode".to_string(), "subscribe".to_string()),
                ("hub.verify_token".to_string(), t.to_string()),
                ("hub.challenge".to_string(), "42".to_string()),
            ]
        };
        assert_eq!(wa.handshake(&q("tok")).unwrap(), "42");
        assert!(wa.handshake(&q("no")).is_err());
        let parsed = wa.parse(body);
        assert!(parsed.events.is_empty() && parsed.problems.is_empty());
        assert!(!wa.parse(b"{}").problems.is_empty());
    }

    #[test]
    fn graph_errors_say_whether_to_try_again() {
        let e = |status, v: Value| classify(status, &v, "");
        let window = json!({"error": {"message": "(#131047) Re-engagement message", "code": 131047,
            "error_data": {"details": "Message failed to send because more than 24 hours have passed"}}});
        assert!(matches!(e(400, window), ChannelError::OutsideWindow(m) if m.contains("24 hours")));
        assert!(matches!(
            e(401, json!({"error": {"code": 190}})),
            ChannelError::Auth(_)
        ));
        assert!(matches!(
            e(400, json!({"error": {"code": 130429}})),
            ChannelError::Transient(_)
        ));
        assert!(matches!(e(503, Value::Null), ChannelError::Transient(_)));
        assert!(matches!(
            e(400, json!({"error": {"code": 100}})),
            ChannelError::Rejected(_)
        ));
        let prism = json!({"detail": "Your request is not valid", "validation": [{"message": "Request body must have required property 'text'"}]});
        assert!(
            matches!(e(422, prism), ChannelError::Rejected(m) if m.contains("required property 'text'"))
        );
    }
}
