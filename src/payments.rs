//! Payment methods: the registry of what each method is, the markets it may be enabled in and
//! its refund rule, and the shop's choice of methods (stored in `payment_methods`, told to the
//! provider through the outbox).
//!
//! The rules are data, not code scattered over commands: `payments enable` checks the market,
//! the refund limit rule asks each payment's `RefundRule`, and `payments list` prints the table.

use anyhow::{Result, bail};
use jiff::Timestamp;
use rusqlite::{Connection, OptionalExtension, params};

use crate::clock;
use crate::model::Change;
use crate::money::Currency;
use crate::provider::markets::{self, Switch};
use crate::store::outbox;

/// Who may refund a payment, and for how long.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RefundRule {
    /// Refunds to the original method, with no deadline the shop must enforce.
    Allowed,
    /// Refunds accepted for this many days after the payment.
    WithinDays(i64),
    /// The method has no way to send money back.
    Never,
}

impl RefundRule {
    pub fn describe(self) -> String {
        match self {
            RefundRule::Allowed => "refundable".into(),
            RefundRule::WithinDays(d) => format!("refundable for {d} days"),
            RefundRule::Never => "no refunds".into(),
        }
    }

    /// The rule of the method a payment was made with (a method the registry does not know is
    /// left to the provider to refuse).
    pub fn of(method: &str) -> RefundRule {
        find(method).map_or(RefundRule::Allowed, |m| m.refunds)
    }

    /// Refuses a refund of a payment by `method` taken at `paid_at` (RFC 3339) that this rule
    /// does not allow at `now`.
    pub fn check(self, method: &str, paid_at: &str, now: Timestamp) -> Result<()> {
        match self {
            RefundRule::Allowed => Ok(()),
            RefundRule::Never => bail!(
                "{method} payments cannot be refunded through the provider (a boleto is paid in cash or by \
                 bank transfer against a slip); pay the customer back another way"
            ),
            RefundRule::WithinDays(limit) => {
                let paid = clock::parse(paid_at)?;
                let seconds = now.as_second() - paid.as_second();
                let days = seconds / 86_400;
                if seconds > limit * 86_400 {
                    bail!(
                        "{method} payments can be refunded for {limit} days; this one was taken on {} \
                         ({days} days ago). Pay the customer back another way",
                        &paid_at[..10.min(paid_at.len())]
                    );
                }
                Ok(())
            }
        }
    }
}

/// A market a method may be enabled in: a country and its currency. `None` means any.
#[derive(Clone, Copy, Debug)]
pub struct Market {
    pub country: Option<&'static str>,
    pub currency: Option<&'static str>,
}

#[derive(Clone, Copy, Debug)]
pub struct Method {
    pub name: &'static str,
    pub label: &'static str,
    pub markets: &'static [Market],
    pub refunds: RefundRule,
}

const ANY: Market = Market {
    country: None,
    currency: None,
};

/// Every method shopctl knows, in the order `payments list` shows them.
///
/// Sources for the markets and refund rules:
/// - card: credit and debit cards work in every market Stripe serves
///   (https://docs.stripe.com/payments/cards/overview); refunds go back to the card.
/// - paynow: Singapore only, SGD only; refunds up to 90 days after the payment
///   (https://docs.stripe.com/payments/paynow, "Refunds").
/// - upi: India only, INR only (NPCI, https://www.npci.org.in/what-we-do/upi/product-overview);
///   refunds go back to the payer's UPI account.
/// - pix: Brazil only, BRL only; refunds up to 90 days after the payment, as Banco Central do
///   Brasil's Pix rules allow "devoluções" for 90 days (https://docs.stripe.com/payments/pix).
/// - boleto: Brazil only, BRL only; a boleto is paid in cash or by bank transfer against a slip
///   and cannot be refunded through the provider (https://docs.stripe.com/payments/boleto).
/// - meta_pay: Meta's wallet, offered inside WhatsApp where WhatsApp runs payments with Meta
///   Pay (Brazil, BRL: https://business.whatsapp.com/products/whatsapp-payments); a card
///   underneath, so refunds follow the card.
pub const METHODS: &[Method] = &[
    Method {
        name: "card",
        label: "Credit and debit cards",
        markets: &[ANY],
        refunds: RefundRule::Allowed,
    },
    Method {
        name: "paynow",
        label: "PayNow (Singapore)",
        markets: &[Market {
            country: Some("SG"),
            currency: Some("SGD"),
        }],
        refunds: RefundRule::WithinDays(90),
    },
    Method {
        name: "upi",
        label: "UPI (India)",
        markets: &[Market {
            country: Some("IN"),
            currency: Some("INR"),
        }],
        refunds: RefundRule::Allowed,
    },
    Method {
        name: "pix",
        label: "Pix (Brazil)",
        markets: &[Market {
            country: Some("BR"),
            currency: Some("BRL"),
        }],
        refunds: RefundRule::WithinDays(90),
    },
    Method {
        name: "boleto",
        label: "Boleto bancário (Brazil)",
        markets: &[Market {
            country: Some("BR"),
            currency: Some("BRL"),
        }],
        refunds: RefundRule::Never,
    },
    Method {
        name: "meta_pay",
        label: "Meta Pay wallet in WhatsApp",
        markets: &[Market {
            country: Some("BR"),
            currency: Some("BRL"),
        }],
        refunds: RefundRule::Allowed,
    },
];

pub fn find(name: &str) -> Option<&'static Method> {
    METHODS.iter().find(|m| m.name == name)
}

impl Method {
    pub fn fits(&self, country: &str, currency: Currency) -> bool {
        self.markets.iter().any(|m| {
            m.country.is_none_or(|c| c == country)
                && m.currency.is_none_or(|c| c == currency.code())
        })
    }

    pub fn markets_text(&self) -> String {
        self.markets
            .iter()
            .map(|m| match (m.country, m.currency) {
                (None, None) => "all".to_string(),
                (Some(c), Some(cur)) => format!("{c} ({cur})"),
                (Some(c), None) => c.to_string(),
                (None, Some(cur)) => cur.to_string(),
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Looks a method up by the name a person typed.
pub fn lookup(name: &str) -> Result<&'static Method> {
    let lower = name.trim().to_ascii_lowercase();
    find(&lower).ok_or_else(|| {
        anyhow::anyhow!(
            "unknown payment method \"{name}\"; shopctl knows {}",
            METHODS
                .iter()
                .map(|m| m.name)
                .collect::<Vec<_>>()
                .join(", ")
        )
    })
}

/// Refuses a refund the method's rules do not allow: never for boleto, only within the window
/// for PayNow and Pix. `paid_at` is the payment's RFC 3339 timestamp.
pub fn check_refund_allowed(method: &str, paid_at: &str, now: Timestamp) -> Result<()> {
    match find(method) {
        Some(m) => m.refunds.check(m.name, paid_at, now),
        // A method the provider reports that the registry does not know: the provider decides.
        None => Ok(()),
    }
}

/// A row of `payments list`.
#[derive(Clone, Debug)]
pub struct MethodState {
    pub method: &'static Method,
    pub enabled: bool,
    /// `in_sync` when the provider has been told, `pending` while the change waits in the
    /// outbox, `dashboard` when the provider switches it only in its Dashboard (Razorpay);
    /// `None` for a method never enabled.
    pub provider_state: Option<String>,
    pub fits: bool,
}

/// The `provider_state` shown for a method a Dashboard provider takes: derived from the
/// market map, not stored, so that it follows the shop's provider.
const DASHBOARD: &str = "dashboard";

pub fn list(
    conn: &Connection,
    country: &str,
    currency: Currency,
    provider: &str,
) -> Result<Vec<MethodState>> {
    let mut stmt = conn
        .prepare_cached("SELECT enabled, provider_state FROM payment_methods WHERE method = ?1")?;
    let mut out = Vec::new();
    for m in METHODS {
        let row: Option<(bool, String)> = stmt
            .query_row([m.name], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let dashboard = markets::switch(provider, m.name) == Some(Switch::Dashboard);
        out.push(MethodState {
            method: m,
            enabled: row.as_ref().is_some_and(|r| r.0),
            provider_state: row.map(|r| if dashboard { DASHBOARD.into() } else { r.1 }),
            fits: m.fits(country, currency),
        });
    }
    Ok(out)
}

/// What `enable`/`disable` did to one method.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Changed {
    pub method: &'static str,
    /// False when the method was already in the asked state (nothing written).
    pub changed: bool,
    /// How the shop's provider switches it: `Dashboard` means the provider is not told (it
    /// has no API for it) and the owner must do it there; `None` for one it does not take
    /// (only when disabling).
    pub switch: Option<Switch>,
}

/// The shop's market and provider, which decide what may be enabled.
#[derive(Clone, Copy, Debug)]
pub struct ShopMarket<'a> {
    pub country: &'a str,
    pub currency: Currency,
    pub provider: &'a str,
}

/// Turns methods on or off. All names are checked before anything is written; a method that
/// does not fit the shop's market is refused with the methods that do, and one the shop's
/// provider does not take with the provider that does (the market map, `provider::markets`).
/// A change the provider can take through its API waits in the outbox for the next sync; one
/// it takes only in its Dashboard is recorded without an outbox entry.
pub fn set_enabled(
    conn: &Connection,
    names: &[String],
    enabled: bool,
    shop: ShopMarket<'_>,
    now: Timestamp,
) -> Result<Vec<Changed>> {
    let provider = shop.provider;
    let methods = checked(names, enabled, shop)?;
    let mut out = Vec::new();
    for m in methods {
        let current: Option<bool> = conn
            .query_row(
                "SELECT enabled FROM payment_methods WHERE method = ?1",
                [m.name],
                |r| r.get(0),
            )
            .optional()?;
        let switch = markets::switch(provider, m.name);
        // A method never enabled is already "off": disabling it tells the provider nothing.
        if current.unwrap_or(false) == enabled {
            out.push(Changed {
                method: m.name,
                changed: false,
                switch,
            });
            continue;
        }
        // Only a provider with an API for it is told; there is nothing to wait for otherwise.
        let told = switch == Some(Switch::Api);
        conn.execute(
            "INSERT INTO payment_methods (method, enabled, provider_state, updated_at)
             VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (method) DO UPDATE SET enabled = excluded.enabled,
                 provider_state = excluded.provider_state, updated_at = excluded.updated_at",
            params![
                m.name,
                enabled,
                if told { "pending" } else { "in_sync" },
                clock::format(now)
            ],
        )?;
        if told {
            outbox::enqueue(
                conn,
                &Change::PaymentMethod {
                    method: m.name.to_string(),
                    enabled,
                },
                m.name,
                now,
            )?;
        }
        out.push(Changed {
            method: m.name,
            changed: true,
            switch,
        });
    }
    Ok(out)
}

/// The methods `names` stand for, each once, checked against the shop's market and provider
/// when they are to be enabled.
fn checked(names: &[String], enabled: bool, shop: ShopMarket<'_>) -> Result<Vec<&'static Method>> {
    let ShopMarket {
        country,
        currency,
        provider,
    } = shop;
    let mut methods: Vec<&'static Method> = Vec::new();
    for name in names {
        let m = lookup(name)?;
        if enabled && !m.fits(country, currency) {
            let fitting: Vec<&str> = METHODS
                .iter()
                .filter(|x| x.fits(country, currency))
                .map(|x| x.name)
                .collect();
            bail!(
                "{} cannot be enabled for this shop: it is for {}, and the shop is in {country} \
                 selling in {}. Methods that fit: {}",
                m.name,
                m.markets_text(),
                currency.code(),
                fitting.join(", ")
            );
        }
        if enabled && markets::switch(provider, m.name).is_none() {
            bail!(
                "{} cannot be enabled for this shop: {}",
                m.name,
                markets::needs_another(provider, m.name, country)
            );
        }
        if !methods.iter().any(|x| x.name == m.name) {
            methods.push(m);
        }
    }
    Ok(methods)
}

/// Queues every enabled method that `provider` switches through its API to be enabled again,
/// and marks them pending: a new provider account has none of them on (`sync` calls this when
/// the account changed). Methods switched in a Dashboard are not told, as when they were
/// enabled. Returns how many were queued.
pub fn requeue_enabled(conn: &Connection, provider: &str, now: Timestamp) -> Result<usize> {
    let mut stmt =
        conn.prepare("SELECT method FROM payment_methods WHERE enabled = 1 ORDER BY method")?;
    let methods = stmt
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?
        .into_iter()
        .filter(|m| markets::switch(provider, m) == Some(Switch::Api))
        .collect::<Vec<_>>();
    for method in &methods {
        conn.execute(
            "UPDATE payment_methods SET provider_state = 'pending', updated_at = ?2 WHERE method = ?1",
            params![method, clock::format(now)],
        )?;
        outbox::enqueue(
            conn,
            &Change::PaymentMethod {
                method: method.clone(),
                enabled: true,
            },
            method,
            now,
        )?;
    }
    Ok(methods.len())
}

/// Records that the provider applied a method change pushed from the outbox. A later change
/// still waiting in the outbox keeps the method `pending`.
pub fn mark_in_sync(conn: &Connection, method: &str, enabled: bool) -> Result<()> {
    conn.execute(
        "UPDATE payment_methods SET provider_state = 'in_sync' WHERE method = ?1 AND enabled = ?2
           AND NOT EXISTS (SELECT 1 FROM outbox WHERE status = 'pending' AND kind = 'payment_method' AND subject = ?1)",
        params![method, enabled],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sgd() -> Currency {
        Currency::from_code("SGD").unwrap()
    }

    #[test]
    fn markets_decide_what_fits() {
        assert!(find("card").unwrap().fits("SG", sgd()));
        assert!(find("paynow").unwrap().fits("SG", sgd()));
        assert!(!find("paynow").unwrap().fits("MY", sgd()));
        assert!(!find("pix").unwrap().fits("SG", sgd()));
        let brl = Currency::from_code("BRL").unwrap();
        assert!(find("boleto").unwrap().fits("BR", brl));
        assert!(!find("upi").unwrap().fits("BR", brl));
    }

    #[test]
    fn refund_windows() {
        let now = clock::parse("2026-11-20T09:00:00Z").unwrap();
        assert!(check_refund_allowed("paynow", "2026-09-01T00:00:00Z", now).is_ok());
        let err = check_refund_allowed("paynow", "2026-07-01T00:00:00Z", now).unwrap_err();
        assert!(err.to_string().contains("90 days"), "{err}");
        assert!(check_refund_allowed("pix", "2026-07-01T00:00:00Z", now).is_err());
        assert!(check_refund_allowed("card", "2020-01-01T00:00:00Z", now).is_ok());
        let err = check_refund_allowed("boleto", "2026-11-19T00:00:00Z", now).unwrap_err();
        assert!(err.to_string().contains("cannot be refunded"), "{err}");
    }

    #[test]
    fn the_market_map_names_only_registered_methods_that_fit_their_market() {
        for m in markets::MARKETS {
            let currency = crate::store::shop::default_currency(m.country).unwrap();
            for method in m.methods {
                let known = find(method).unwrap_or_else(|| panic!("{method} is not registered"));
                assert!(known.fits(m.country, currency), "{method} in {}", m.country);
            }
        }
        for o in markets::OFFERS {
            for method in o.methods.unwrap_or_default() {
                assert!(find(method).is_some(), "{}: {method}", o.provider);
            }
        }
    }

    #[test]
    fn unknown_names_list_the_known_ones() {
        let err = lookup("bitcoin").unwrap_err().to_string();
        assert!(
            err.contains("card, paynow, upi, pix, boleto, meta_pay"),
            "{err}"
        );
        assert_eq!(lookup(" PayNow ").unwrap().name, "paynow");
    }
}
