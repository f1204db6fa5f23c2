//! The Stripe adapter: the shop's changes and questions in Stripe's REST API, and Stripe's
//! objects back in the shop's types. Stripe's JSON never leaves this module.
//!
//! Decisions (the README's "Using Stripe" section says the same for users):
//! - A product's Stripe id is derived from its SKU (`sku_<SKU>` when the SKU is made of
//!   letters, digits, `-` and `_` and at most 40 long, else `skuh_<sha256 prefix>`), and the SKU
//!   is also in `metadata[sku]`. So an upsert is a GET by id, then a create or an update: no
//!   search index (eventually consistent at Stripe, absent in localstripe) is needed.
//! - Prices are immutable at Stripe: a changed price (the sale price when there is one, else
//!   the price) creates a new Price, makes it the product's `default_price`, and deactivates the
//!   product's other active Prices.
//! - Every POST carries an `Idempotency-Key` derived from the outbox entry's key (or the
//!   refund's key) plus the step, so a retried push or refund reuses the same keys.
//! - Orders come from PaymentIntents that name their order in metadata (`order_ref`, or
//!   `lines` = `SKU:QTY[@UNIT],...`) and from complete Checkout Sessions (their line items).
//!   Other PaymentIntents on the account are not the shop's and are skipped.
//! - Pull cursors are the newest `created` (Unix seconds) seen; each pull re-reads a day before
//!   it (`created[gte]`) so that a payment that settles late (PayNow) is seen again; the shop
//!   upserts by reference, so re-reading changes nothing.

pub mod client;
pub mod form;

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use jiff::Timestamp;
use secrecy::SecretString;
use serde_json::Value;
use sha2::{Digest, Sha256};

use self::client::{Client, RetryPolicy};
use self::form::Form;
use super::*;
use crate::model::*;
use crate::money::{Currency, Money};

/// How far back each pull re-reads, so late state changes are seen.
const LOOKBACK_SECS: i64 = 24 * 3600;

/// Everything the adapter needs; `from_settings` builds it from the shop's settings.
pub struct StripeConfig {
    pub api_base: String,
    pub key: SecretString,
    pub retry: RetryPolicy,
    /// Whole-request timeout.
    pub timeout: Duration,
}

pub struct Stripe {
    client: Client,
}

impl Stripe {
    pub fn new(config: StripeConfig) -> Stripe {
        Stripe {
            client: Client::new(&config.api_base, config.key, config.retry, config.timeout),
        }
    }

    /// Builds the adapter from the shop's settings (api base, where the key comes from). A
    /// missing key is an error here, before any call, naming where it was looked for.
    pub fn from_settings(conn: &rusqlite::Connection) -> anyhow::Result<Stripe> {
        let settings = super::config::ProviderSettings::load(conn)?;
        let key = settings.stripe_key_source().load()?;
        let mut retry = RetryPolicy::default();
        if let Some(ms) = settings.retry_base_ms {
            retry.base = Duration::from_millis(ms);
        }
        if let Ok(v) = std::env::var(client::MAX_RETRY_MS_ENV) {
            let ms: u64 = v.trim().parse().map_err(|_| {
                anyhow::anyhow!(
                    "{} is \"{v}\", not a number of milliseconds",
                    client::MAX_RETRY_MS_ENV
                )
            })?;
            retry = retry.with_budget(Duration::from_millis(ms));
        }
        let source = settings.stripe_key_source();
        let mut stripe = Stripe::new(StripeConfig {
            api_base: settings.stripe_api_base().to_owned(),
            key,
            retry,
            timeout: Duration::from_secs(30),
        });
        stripe.client.set_key_from(source.describe());
        Ok(stripe)
    }
}

/// The Stripe product id for a SKU (see the module doc).
pub fn product_id(sku: &str) -> String {
    let plain = !sku.is_empty()
        && sku.len() <= 40
        && sku
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if plain {
        format!("sku_{sku}")
    } else {
        let digest = Sha256::digest(sku.as_bytes());
        format!("skuh_{}", &hex::encode(digest)[..32])
    }
}

// ---- amounts ------------------------------------------------------------------------------

/// Stripe treats ISK as two-decimal for backwards compatibility (amounts in hundredths that
/// must be whole krónur), while ISO 4217 gives it no decimals.
fn stripe_scale(currency: Currency) -> i64 {
    if currency.code() == "ISK" { 100 } else { 1 }
}

/// `Money` to Stripe's `amount` and lowercase `currency`. Stripe's three-decimal currencies
/// (BHD, JOD, KWD, OMR, TND) must have 0 as the last digit (stripe.com/docs/currencies,
/// "Three-decimal currencies"): anything else is refused here rather than rounded.
pub fn to_stripe_amount(m: &Money) -> ProviderResult<(i64, String)> {
    let code = m.currency.code();
    if matches!(code, "BHD" | "JOD" | "KWD" | "OMR" | "TND") && m.minor % 10 != 0 {
        return Err(ProviderError::Rejected(format!(
            "{} {code} cannot be charged through Stripe: for {code} the last of the three \
             decimals must be 0 (e.g. {}); change the price",
            m.to_major_string(),
            Money::new(m.minor - m.minor % 10, m.currency).to_major_string()
        )));
    }
    let amount = m
        .minor
        .checked_mul(stripe_scale(m.currency))
        .ok_or_else(|| ProviderError::Rejected(format!("{m} is too large for Stripe")))?;
    Ok((amount, code.to_ascii_lowercase()))
}

/// Stripe's `amount` + `currency` back to `Money`.
pub fn from_stripe_amount(amount: i64, currency: &str) -> ProviderResult<Money> {
    let cur = Currency::from_code(&currency.to_ascii_uppercase())
        .map_err(|e| ProviderError::Other(anyhow::anyhow!("Stripe sent a currency: {e}")))?;
    let scale = stripe_scale(cur);
    if amount % scale != 0 {
        return Err(ProviderError::Other(anyhow::anyhow!(
            "Stripe sent {amount} {currency}, not a whole number of minor units"
        )));
    }
    Ok(Money::new(amount / scale, cur))
}

// ---- reading Stripe objects ----------------------------------------------------------------

fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

fn i(v: &Value, key: &str) -> i64 {
    v.get(key).and_then(Value::as_i64).unwrap_or(0)
}

fn meta<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get("metadata")
        .and_then(|m| m.get(key))
        .and_then(Value::as_str)
        .unwrap_or("")
}

/// An id whether the field holds the id or the expanded object.
fn id_of(v: &Value, key: &str) -> String {
    match v.get(key) {
        Some(Value::String(id)) => id.clone(),
        Some(obj @ Value::Object(_)) => s(obj, "id").to_owned(),
        _ => String::new(),
    }
}

fn ts(v: &Value, key: &str) -> ProviderResult<Timestamp> {
    Timestamp::from_second(i(v, key))
        .map_err(|e| ProviderError::Other(anyhow::anyhow!("Stripe sent a bad `{key}`: {e}")))
}

fn money(v: &Value, amount_key: &str) -> ProviderResult<Money> {
    from_stripe_amount(i(v, amount_key), s(v, "currency"))
}

fn cursor_query(cursor: Option<&str>) -> ProviderResult<Form> {
    let mut q = Form::new();
    if let Some(c) = cursor {
        let since: i64 = c.parse().map_err(|_| {
            ProviderError::Other(anyhow::anyhow!(
                "the stored Stripe cursor \"{c}\" is not a Unix time; was the shop synced with \
                 another provider? Clear it by switching providers with `shopctl provider set`"
            ))
        })?;
        q.push("created[gte]", (since - LOOKBACK_SECS).max(0).to_string());
    }
    Ok(q)
}

fn next_cursor(objects: &[Value], old: Option<&str>) -> Option<String> {
    let newest = objects.iter().map(|o| i(o, "created")).max()?;
    let old: i64 = old.and_then(|c| c.parse().ok()).unwrap_or(0);
    Some(newest.max(old).to_string())
}

/// Stripe payment method types for the shop's registry names; `None` means Stripe has no
/// such method (the README lists them).
fn stripe_method_type(method: &str) -> Option<&'static str> {
    match method {
        "card" => Some("card"),
        "paynow" => Some("paynow"),
        "pix" => Some("pix"),
        "boleto" => Some("boleto"),
        _ => None,
    }
}

fn payment_state(pi: &Value) -> PaymentState {
    match s(pi, "status") {
        "succeeded" => PaymentState::Captured,
        "canceled" => PaymentState::Failed,
        // Back to "needs a method" after an attempt: that attempt failed.
        "requires_payment_method" if pi.get("last_payment_error").is_some_and(|e| !e.is_null()) => {
            PaymentState::Failed
        }
        _ => PaymentState::Pending,
    }
}

fn payment_method_name(pi: &Value) -> String {
    if let Some(pm) = pi.get("payment_method").filter(|p| p.is_object())
        && !s(pm, "type").is_empty()
    {
        return s(pm, "type").to_owned();
    }
    if let Some(types) = pi.get("payment_method_types").and_then(Value::as_array)
        && types.len() == 1
        && let Some(t) = types[0].as_str()
    {
        return t.to_owned();
    }
    "card".to_owned()
}

fn remote_payment(pi: &Value) -> ProviderResult<RemotePayment> {
    Ok(RemotePayment {
        provider_ref: s(pi, "id").to_owned(),
        method: payment_method_name(pi),
        amount: money(pi, "amount")?,
        state: payment_state(pi),
        created_at: ts(pi, "created")?,
    })
}

/// Parses `lines` metadata: `SKU:QTY` or `SKU:QTY@UNIT` (UNIT in major units, e.g. 12.50),
/// comma-separated. A line without a unit price takes what the PaymentIntent's amount leaves
/// after the priced lines; at most one line may leave it out.
pub fn parse_lines(text: &str, total: Money) -> Result<Vec<RemoteLine>, String> {
    let mut priced: Vec<(String, i64, Option<Money>)> = Vec::new();
    for (n, part) in text.split(',').map(str::trim).enumerate() {
        if part.is_empty() {
            continue;
        }
        let (sku, rest) = part
            .rsplit_once(':')
            .ok_or_else(|| format!("line {} \"{part}\" is not SKU:QTY", n + 1))?;
        let (qty, unit) = match rest.split_once('@') {
            Some((q, u)) => (q, Some(u)),
            None => (rest, None),
        };
        let qty: i64 = qty.trim().parse().ok().filter(|q| *q > 0).ok_or_else(|| {
            format!(
                "line {} \"{part}\": quantity \"{qty}\" is not a whole number above 0",
                n + 1
            )
        })?;
        let unit = match unit {
            Some(u) => Some(
                Money::parse(u.trim(), total.currency, Default::default())
                    .map_err(|e| format!("line {} \"{part}\": {e}", n + 1))?,
            ),
            None => None,
        };
        if sku.trim().is_empty() {
            return Err(format!("line {} \"{part}\" has no SKU", n + 1));
        }
        priced.push((sku.trim().to_owned(), qty, unit));
    }
    if priced.is_empty() {
        return Err("`lines` names no line".into());
    }
    let unpriced = priced.iter().filter(|(_, _, u)| u.is_none()).count();
    if unpriced > 1 {
        return Err(format!(
            "{unpriced} lines have no unit price; give each line as SKU:QTY@UNIT (at most one may leave it out)"
        ));
    }
    let mut known = 0i64;
    for (_, q, u) in &priced {
        if let Some(u) = u {
            known += u.minor * q;
        }
    }
    let mut lines = Vec::new();
    for (sku, qty, unit) in priced {
        let unit_price = match unit {
            Some(u) => u,
            None => {
                let left = total.minor - known;
                if left <= 0 || left % qty != 0 {
                    return Err(format!(
                        "the amount {} left for {sku} does not divide into {qty} equal unit prices; give it as {sku}:{qty}@UNIT",
                        Money::new(left, total.currency).to_major_string()
                    ));
                }
                Money::new(left / qty, total.currency)
            }
        };
        lines.push(RemoteLine {
            sku,
            quantity: qty,
            unit_price,
        });
    }
    let sum: i64 = lines.iter().map(|l| l.unit_price.minor * l.quantity).sum();
    if sum != total.minor {
        return Err(format!(
            "the lines add up to {} but the payment is {}",
            Money::new(sum, total.currency).to_major_string(),
            total.to_major_string()
        ));
    }
    Ok(lines)
}

fn customer(v: &Value) -> (String, String) {
    let details = v
        .get("customer_details")
        .or_else(|| v.get("shipping"))
        .cloned()
        .unwrap_or(Value::Null);
    let phone = [meta(v, "customer_phone"), s(&details, "phone")]
        .into_iter()
        .find(|p| !p.is_empty())
        .unwrap_or("")
        .to_owned();
    let name = [meta(v, "customer_name"), s(&details, "name")]
        .into_iter()
        .find(|p| !p.is_empty())
        .unwrap_or("")
        .to_owned();
    (phone, name)
}

/// A PaymentIntent that names its order, as a `RemoteOrder`; `None` for intents that are not
/// the shop's (no `order_ref` nor `lines`).
fn order_from_intent(pi: &Value) -> ProviderResult<Option<RemoteOrder>> {
    let order_ref = meta(pi, "order_ref");
    let lines_text = meta(pi, "lines");
    if order_ref.is_empty() && lines_text.is_empty() {
        return Ok(None);
    }
    let total = money(pi, "amount")?;
    let lines = if lines_text.is_empty() {
        Vec::new()
    } else {
        parse_lines(lines_text, total).map_err(|e| {
            ProviderError::Rejected(format!(
                "PaymentIntent {} has metadata lines \"{lines_text}\" that shopctl cannot read: {e}; fix its metadata in Stripe",
                s(pi, "id")
            ))
        })?
    };
    let (customer_phone, customer_name) = customer(pi);
    Ok(Some(RemoteOrder {
        provider_ref: s(pi, "id").to_owned(),
        order_ref: (!order_ref.is_empty()).then(|| order_ref.to_owned()),
        customer_phone,
        customer_name,
        lines,
        total,
        payments: vec![remote_payment(pi)?],
        created_at: ts(pi, "created")?,
    }))
}

impl Stripe {
    fn push_product(&self, key: &str, p: &ProductState) -> ProviderResult<PushOutcome> {
        let id = product_id(&p.sku);
        let mut fields = Form::new()
            .with("name", p.title.clone())
            .with("active", (p.status == ProductStatus::Active).to_string())
            .with("metadata[sku]", p.sku.clone())
            .with("metadata[group]", p.group.clone())
            .with("metadata[stock]", p.stock.to_string());
        if !p.description.is_empty() {
            fields.push("description", p.description.clone());
        }
        if !p.images.is_empty() {
            fields = fields.nested("images", &serde_json::json!(p.images));
        }
        let product = match self.client.get(&format!("/v1/products/{id}"), &Form::new()) {
            Ok(existing) => {
                let _ = existing;
                self.client.post(
                    &format!("/v1/products/{id}"),
                    &fields,
                    &format!("{key}:product-update"),
                )?
            }
            Err(e) if client::is_not_found(&e) => self.client.post(
                "/v1/products",
                &fields.clone().with("id", id.clone()),
                &format!("{key}:product-create"),
            )?,
            Err(e) => return Err(e),
        };

        // The price a checkout charges: the sale price when there is one.
        let charged = p.sale_price.unwrap_or(p.price);
        let (amount, currency) = to_stripe_amount(&charged)?;
        let active = self.client.list_all(
            "/v1/prices",
            &Form::new()
                .with("product", id.clone())
                .with("active", "true"),
        )?;
        let current = active
            .iter()
            .find(|pr| i(pr, "unit_amount") == amount && s(pr, "currency") == currency)
            .map(|pr| s(pr, "id").to_owned());
        let price_id = match current {
            Some(pid) => pid,
            None => {
                let created = self.client.post(
                    "/v1/prices",
                    &Form::new()
                        .with("product", id.clone())
                        .with("currency", currency.clone())
                        .with("unit_amount", amount.to_string())
                        .with("metadata[sku]", p.sku.clone()),
                    &format!("{key}:price"),
                )?;
                s(&created, "id").to_owned()
            }
        };
        if id_of(&product, "default_price") != price_id {
            self.client.post(
                &format!("/v1/products/{id}"),
                &Form::new().with("default_price", price_id.clone()),
                &format!("{key}:default-price"),
            )?;
        }
        for old in active.iter().map(|pr| s(pr, "id")) {
            if old != price_id && !old.is_empty() {
                self.client.post(
                    &format!("/v1/prices/{old}"),
                    &Form::new().with("active", "false"),
                    &format!("{key}:retire:{old}"),
                )?;
            }
        }
        Ok(PushOutcome {
            provider_ref: Some(id),
        })
    }

    fn push_archive(&self, key: &str, sku: &str) -> ProviderResult<PushOutcome> {
        let id = product_id(sku);
        match self.client.post(
            &format!("/v1/products/{id}"),
            &Form::new().with("active", "false"),
            &format!("{key}:archive"),
        ) {
            Ok(_) => Ok(PushOutcome {
                provider_ref: Some(id),
            }),
            // Never pushed: there is nothing at Stripe to stop selling.
            Err(e) if client::is_not_found(&e) => Ok(PushOutcome::default()),
            Err(e) => Err(e),
        }
    }

    /// Turns a method on or off in the account's default payment method configuration (what
    /// Checkout and the Payment Element offer). Activating a method for the account (e.g.
    /// PayNow's capability) is done in the Dashboard, not here: see the README.
    fn push_method(&self, key: &str, method: &str, enabled: bool) -> ProviderResult<PushOutcome> {
        let Some(kind) = stripe_method_type(method) else {
            return Err(ProviderError::Rejected(format!(
                "Stripe has no payment method \"{method}\"; disable it with `shopctl payments disable {method}` or use the sandbox provider"
            )));
        };
        let configs = self
            .client
            .list_all("/v1/payment_method_configurations", &Form::new())?;
        let config = configs
            .iter()
            .find(|c| c.get("is_default").and_then(Value::as_bool) == Some(true))
            .ok_or_else(|| {
                ProviderError::Rejected(
                    "the Stripe account has no default payment method configuration; open \
                     Settings > Payment methods in the Stripe Dashboard once to create it"
                        .into(),
                )
            })?;
        let cid = s(config, "id").to_owned();
        self.client.post(
            &format!("/v1/payment_method_configurations/{cid}"),
            &Form::new().with(
                format!("{kind}[display_preference][preference]"),
                if enabled { "on" } else { "off" },
            ),
            &format!("{key}:method"),
        )?;
        Ok(PushOutcome {
            provider_ref: Some(cid),
        })
    }

    /// Fulfilment and cancellation are recorded on the PaymentIntent's metadata (Stripe has no
    /// shipping object for PaymentIntents); a cancel also cancels an intent not yet paid, so it
    /// can no longer be paid. Orders that never went through Stripe are a no-op.
    fn push_order_change(&self, key: &str, change: &Change) -> ProviderResult<PushOutcome> {
        let (order_ref, form, cancel) = match change {
            Change::Fulfilment {
                order_ref,
                lines,
                carrier,
                tracking,
            } => {
                let shipped = lines
                    .iter()
                    .map(|l| format!("{}:{}", l.sku, l.quantity))
                    .collect::<Vec<_>>()
                    .join(",");
                (
                    order_ref,
                    Form::new()
                        .with("metadata[shopctl_status]", "fulfilled")
                        .with("metadata[shipped_lines]", shipped)
                        .with("metadata[carrier]", carrier.clone())
                        .with("metadata[tracking]", tracking.clone()),
                    false,
                )
            }
            Change::OrderCancel { order_ref, reason } => (
                order_ref,
                Form::new()
                    .with("metadata[shopctl_status]", "canceled")
                    .with("metadata[cancel_reason]", reason.clone()),
                true,
            ),
            _ => unreachable!("only order changes come here"),
        };
        if !order_ref.starts_with("pi_") {
            return Ok(PushOutcome::default());
        }
        let path = format!("/v1/payment_intents/{order_ref}");
        let pi = self.client.post(&path, &form, &format!("{key}:metadata"))?;
        if cancel
            && matches!(
                s(&pi, "status"),
                "requires_payment_method"
                    | "requires_confirmation"
                    | "requires_action"
                    | "requires_capture"
            )
        {
            self.client.post(
                &format!("{path}/cancel"),
                &Form::new(),
                &format!("{key}:cancel"),
            )?;
        }
        Ok(PushOutcome {
            provider_ref: Some(order_ref.clone()),
        })
    }
}

impl Provider for Stripe {
    fn name(&self) -> &'static str {
        "stripe"
    }

    fn push(&mut self, entry: &OutboxEntry) -> ProviderResult<PushOutcome> {
        let key = &entry.idempotency_key;
        match &entry.change {
            Change::ProductUpsert(p) => self.push_product(key, p),
            Change::ProductArchive { sku } => self.push_archive(key, sku),
            Change::PaymentMethod { method, enabled } => self.push_method(key, method, *enabled),
            c @ (Change::Fulfilment { .. } | Change::OrderCancel { .. }) => {
                self.push_order_change(key, c)
            }
        }
    }

    fn pull_orders(&mut self, cursor: Option<&str>) -> ProviderResult<Pulled<RemoteOrder>> {
        let q = cursor_query(cursor)?;
        let intents = self.client.list_all(
            "/v1/payment_intents",
            &q.clone().with("expand[]", "data.payment_method"),
        )?;
        let sessions = self.client.list_all("/v1/checkout/sessions", &q)?;

        let mut orders = Vec::new();
        let mut seen = HashSet::new();
        for pi in &intents {
            if let Some(order) = order_from_intent(pi)? {
                seen.insert(order.provider_ref.clone());
                orders.push(order);
            }
        }
        let by_id: HashMap<&str, &Value> = intents.iter().map(|pi| (s(pi, "id"), pi)).collect();
        for cs in &sessions {
            if s(cs, "status") != "complete" {
                continue;
            }
            let pi_id = id_of(cs, "payment_intent");
            let reference = if pi_id.is_empty() {
                s(cs, "id").to_owned()
            } else {
                pi_id.clone()
            };
            if seen.contains(&reference) {
                continue;
            }
            if let Some(o) = self.order_from_session(cs, &reference, by_id.get(pi_id.as_str()))? {
                seen.insert(reference);
                orders.push(o);
            }
        }
        let mut all = intents;
        all.extend(sessions);
        Ok(Pulled {
            items: orders,
            next_cursor: next_cursor(&all, cursor),
        })
    }

    fn create_refund(&mut self, request: &RefundRequest) -> ProviderResult<RemoteRefund> {
        let pi = &request.payment_ref;
        // Look before we leap: a refund already made with this key (a retry after a crash, or
        // a server that ignores Idempotency-Key) is returned, never made again.
        let made = || -> ProviderResult<Option<Value>> {
            let existing = self.client.list_all(
                "/v1/refunds",
                &Form::new().with("payment_intent", pi.clone()),
            )?;
            Ok(existing
                .into_iter()
                .find(|r| meta(r, "shopctl_refund_key") == request.idempotency_key))
        };
        if let Some(r) = made()? {
            return remote_refund(&r, pi);
        }
        // Refuse an over-refund before calling (some servers do not check).
        let intent = self.client.get(
            &format!("/v1/payment_intents/{pi}"),
            &Form::new().with("expand[]", "latest_charge"),
        )?;
        let (amount, currency) = to_stripe_amount(&request.amount)?;
        if let Some(charge) = intent.get("latest_charge").filter(|c| c.is_object()) {
            let left = i(charge, "amount") - i(charge, "amount_refunded");
            if amount > left {
                return Err(ProviderError::Rejected(format!(
                    "a refund of {} {} is more than the {} left to refund on {pi}",
                    request.amount.to_major_string(),
                    request.amount.currency.code(),
                    from_stripe_amount(left, &currency)?.to_major_string()
                )));
            }
        }
        // And look again before each retry of the call itself.
        let created = self.client.post_unless_done(
            "/v1/refunds",
            &Form::new()
                .with("payment_intent", pi.clone())
                .with("amount", amount.to_string())
                .with(
                    "metadata[shopctl_refund_key]",
                    request.idempotency_key.clone(),
                )
                .with("metadata[reason]", request.reason.clone()),
            &request.idempotency_key,
            &mut || made(),
        )?;
        remote_refund(&created, pi)
    }

    fn pull_refunds(&mut self, cursor: Option<&str>) -> ProviderResult<Pulled<RemoteRefund>> {
        let refunds = self
            .client
            .list_all("/v1/refunds", &cursor_query(cursor)?)?;
        let mut items = Vec::new();
        for r in &refunds {
            let mut pi = id_of(r, "payment_intent");
            if pi.is_empty() {
                // A refund made against the charge: find the charge's PaymentIntent.
                let charge = id_of(r, "charge");
                if !charge.is_empty() {
                    let ch = self
                        .client
                        .get(&format!("/v1/charges/{charge}"), &Form::new())?;
                    pi = id_of(&ch, "payment_intent");
                }
            }
            items.push(remote_refund(r, &pi)?);
        }
        Ok(Pulled {
            items,
            next_cursor: next_cursor(&refunds, cursor),
        })
    }

    fn pull_payouts(&mut self, cursor: Option<&str>) -> ProviderResult<Pulled<RemotePayout>> {
        let payouts = self
            .client
            .list_all("/v1/payouts", &cursor_query(cursor)?)?;
        let mut items = Vec::new();
        for p in &payouts {
            items.push(RemotePayout {
                provider_ref: s(p, "id").to_owned(),
                amount: money(p, "amount")?,
                state: match s(p, "status") {
                    "paid" => PayoutState::Paid,
                    "in_transit" => PayoutState::InTransit,
                    "failed" => PayoutState::Failed,
                    "canceled" => PayoutState::Canceled,
                    _ => PayoutState::Pending,
                },
                created_at: ts(p, "created")?,
                arrival_date: ts(p, "arrival_date")?,
            });
        }
        Ok(Pulled {
            items,
            next_cursor: next_cursor(&payouts, cursor),
        })
    }

    fn payout_transactions(&mut self, payout_ref: &str) -> ProviderResult<Vec<BalanceTransaction>> {
        let txns = self.client.list_all(
            "/v1/balance_transactions",
            &Form::new()
                .with("payout", payout_ref.to_owned())
                .with("expand[]", "data.source"),
        )?;
        txns.iter().map(balance_transaction).collect()
    }
}

impl Stripe {
    fn order_from_session(
        &self,
        cs: &Value,
        reference: &str,
        intent: Option<&&Value>,
    ) -> ProviderResult<Option<RemoteOrder>> {
        let total = money(cs, "amount_total")?;
        let items = self.client.list_all(
            &format!("/v1/checkout/sessions/{}/line_items", s(cs, "id")),
            &Form::new().with("expand[]", "data.price.product"),
        )?;
        let mut lines = Vec::new();
        for li in &items {
            let price = li.get("price").cloned().unwrap_or(Value::Null);
            let product = price.get("product").cloned().unwrap_or(Value::Null);
            let sku = meta(&product, "sku");
            if sku.is_empty() {
                return Err(ProviderError::Rejected(format!(
                    "Checkout Session {} sells product {} which has no metadata sku; push the catalog with `shopctl sync` and sell its products",
                    s(cs, "id"),
                    id_of(&price, "product")
                )));
            }
            let unit = from_stripe_amount(i(&price, "unit_amount"), s(&price, "currency"))?;
            lines.push(RemoteLine {
                sku: sku.to_owned(),
                quantity: i(li, "quantity"),
                unit_price: unit,
            });
        }
        let order_ref = meta(cs, "order_ref");
        let (customer_phone, customer_name) = customer(cs);
        let payments = match intent {
            Some(pi) => vec![remote_payment(pi)?],
            None => vec![RemotePayment {
                provider_ref: reference.to_owned(),
                method: "card".into(),
                amount: total,
                state: if s(cs, "payment_status") == "unpaid" {
                    PaymentState::Pending
                } else {
                    PaymentState::Captured
                },
                created_at: ts(cs, "created")?,
            }],
        };
        Ok(Some(RemoteOrder {
            provider_ref: reference.to_owned(),
            order_ref: (!order_ref.is_empty()).then(|| order_ref.to_owned()),
            customer_phone,
            customer_name,
            lines,
            total,
            payments,
            created_at: ts(cs, "created")?,
        }))
    }
}

fn remote_refund(r: &Value, payment_ref: &str) -> ProviderResult<RemoteRefund> {
    let key = meta(r, "shopctl_refund_key");
    Ok(RemoteRefund {
        provider_ref: s(r, "id").to_owned(),
        payment_ref: payment_ref.to_owned(),
        amount: money(r, "amount")?,
        state: match s(r, "status") {
            "succeeded" => RefundState::Succeeded,
            "failed" | "canceled" => RefundState::Failed,
            _ => RefundState::Pending,
        },
        idempotency_key: (!key.is_empty()).then(|| key.to_owned()),
        created_at: ts(r, "created")?,
    })
}

fn balance_transaction(t: &Value) -> ProviderResult<BalanceTransaction> {
    let category = match s(t, "reporting_category") {
        "" => s(t, "type"),
        c => c,
    };
    let kind = match category {
        "charge" | "payment" => TxnKind::Charge,
        "refund" | "payment_refund" => TxnKind::Refund,
        "fee" | "stripe_fee" => TxnKind::Fee,
        "payout" => TxnKind::Payout,
        _ => TxnKind::Adjustment,
    };
    let source = t.get("source").cloned().unwrap_or(Value::Null);
    let source_ref = match kind {
        // A charge's payment is its PaymentIntent (the shop's payment reference).
        TxnKind::Charge => match id_of(&source, "payment_intent") {
            pi if !pi.is_empty() => pi,
            _ => id_of(t, "source"),
        },
        TxnKind::Refund => id_of(t, "source"),
        _ => String::new(),
    };
    let currency = s(t, "currency");
    Ok(BalanceTransaction {
        provider_ref: s(t, "id").to_owned(),
        kind,
        source_ref,
        gross: from_stripe_amount(i(t, "amount"), currency)?,
        fee: from_stripe_amount(i(t, "fee"), currency)?,
        net: from_stripe_amount(i(t, "net"), currency)?,
        description: s(t, "description").to_owned(),
        created_at: ts(t, "created")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cur(c: &str) -> Currency {
        Currency::from_code(c).unwrap()
    }

    #[test]
    fn amounts_follow_stripe_currency_rules() {
        let m = |minor, c| Money::new(minor, cur(c));
        assert_eq!(
            to_stripe_amount(&m(1250, "SGD")).unwrap(),
            (1250, "sgd".into())
        );
        assert_eq!(
            to_stripe_amount(&m(1500, "JPY")).unwrap(),
            (1500, "jpy".into())
        );
        assert_eq!(
            to_stripe_amount(&m(1230, "KWD")).unwrap(),
            (1230, "kwd".into())
        );
        let err = to_stripe_amount(&m(1235, "KWD")).unwrap_err().to_string();
        assert!(err.contains("1.235") && err.contains("1.230"), "{err}");
        assert_eq!(
            to_stripe_amount(&m(500, "ISK")).unwrap(),
            (50000, "isk".into())
        );
        assert_eq!(from_stripe_amount(50000, "isk").unwrap(), m(500, "ISK"));
        assert_eq!(from_stripe_amount(1250, "sgd").unwrap(), m(1250, "SGD"));
    }

    #[test]
    fn product_ids_come_from_skus() {
        assert_eq!(product_id("TEE-BLK_M"), "sku_TEE-BLK_M");
        assert!(product_id("tee/black m").starts_with("skuh_"));
        assert_ne!(product_id("a b"), product_id("a_b"));
    }

    #[test]
    fn metadata_lines() {
        let total = Money::new(3500, cur("SGD"));
        let lines = parse_lines("TEE:2@10.00, CAP:1", total).unwrap();
        assert_eq!(lines[0].unit_price.minor, 1000);
        assert_eq!(lines[1].sku, "CAP");
        assert_eq!(lines[1].unit_price.minor, 1500);
        assert!(
            parse_lines("TEE:2,CAP:1", total)
                .unwrap_err()
                .contains("2 lines")
        );
        assert!(
            parse_lines("TEE:x", total)
                .unwrap_err()
                .contains("quantity")
        );
        assert!(
            parse_lines("TEE:1@10.00", total)
                .unwrap_err()
                .contains("add up to 10.00")
        );
        assert!(
            parse_lines("TEE:3", Money::new(1000, cur("SGD")))
                .unwrap_err()
                .contains("divide")
        );
    }
}
