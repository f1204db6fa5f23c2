//! The market map, in one place: which provider serves a market (the one `init --country`
//! suggests), which payment methods each provider takes, and how a method is turned on there
//! (through its API at the next sync, or in its Dashboard). `payments enable` reads it to
//! refuse a method the shop's provider does not take, saying which provider does; the adapters
//! name the same methods in their own terms (Stripe's payment method types).
//!
//! Sources: Stripe's payment methods by country (https://docs.stripe.com/payments/payment-methods/overview;
//! PayNow for Singapore accounts, Pix and boleto for Brazilian ones); Razorpay's payment
//! methods (https://razorpay.com/docs/payments/payment-methods/, UPI and cards on Indian
//! accounts, turned on and off in the Dashboard: Account & Settings → Payment methods, with no
//! API to switch them); Meta's WhatsApp payments (https://business.whatsapp.com/products/whatsapp-payments:
//! India through payment gateways such as Razorpay, Singapore and Brazil through Stripe).

/// How a provider turns one of its payment methods on or off.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Switch {
    /// Through its API: the outbox tells it at the next sync.
    Api,
    /// Only in the provider's Dashboard: shopctl records the choice and says so.
    Dashboard,
}

/// A provider and the methods it takes (`None`: every method shopctl knows, the sandbox).
#[derive(Clone, Copy, Debug)]
pub struct Offer {
    pub provider: &'static str,
    /// As people read it: "Stripe".
    pub label: &'static str,
    pub methods: Option<&'static [&'static str]>,
    pub switch: Switch,
    /// What `provider set` needs for it, for messages that send people there.
    pub setup: &'static str,
}

pub const OFFERS: &[Offer] = &[
    Offer {
        provider: "sandbox",
        label: "the sandbox",
        methods: None,
        switch: Switch::Api,
        setup: "shopctl provider set sandbox",
    },
    Offer {
        provider: "stripe",
        label: "Stripe",
        methods: Some(&["card", "paynow", "pix", "boleto"]),
        switch: Switch::Api,
        setup: "shopctl provider set stripe --api-key-env VAR",
    },
    Offer {
        provider: "razorpay",
        label: "Razorpay",
        methods: Some(&["upi", "card"]),
        switch: Switch::Dashboard,
        setup: "shopctl provider set razorpay --key-id-env VAR --key-secret-env VAR",
    },
];

/// A market and the provider that serves it, with the methods customers there pay by.
#[derive(Clone, Copy, Debug)]
pub struct Market {
    pub country: &'static str,
    pub provider: &'static str,
    pub methods: &'static [&'static str],
}

pub const MARKETS: &[Market] = &[
    Market {
        country: "SG",
        provider: "stripe",
        methods: &["card", "paynow"],
    },
    Market {
        country: "IN",
        provider: "razorpay",
        methods: &["upi", "card"],
    },
    Market {
        country: "BR",
        provider: "stripe",
        methods: &["card", "pix", "boleto"],
    },
];

pub fn offer(provider: &str) -> Option<&'static Offer> {
    OFFERS.iter().find(|o| o.provider == provider)
}

pub fn market(country: &str) -> Option<&'static Market> {
    MARKETS.iter().find(|m| m.country == country)
}

/// How `provider` turns `method` on; `None` when it does not take it.
pub fn switch(provider: &str, method: &str) -> Option<Switch> {
    let o = offer(provider)?;
    o.methods
        .is_none_or(|m| m.contains(&method))
        .then_some(o.switch)
}

/// Why `provider` cannot take `method`, and which provider can: for `payments enable` in a
/// shop in `country`.
pub fn needs_another(provider: &str, method: &str, country: &str) -> String {
    let label = offer(provider).map_or(provider, |o| o.label);
    let takers: Vec<&Offer> = OFFERS
        .iter()
        .filter(|o| o.methods.is_some_and(|m| m.contains(&method)))
        .collect();
    let best = market(country)
        .filter(|m| m.methods.contains(&method))
        .and_then(|m| takers.iter().find(|o| o.provider == m.provider))
        .or(takers.first());
    match best {
        Some(o) => format!(
            "{label} does not take {method}; {} does (in {country}: `{}`), and the sandbox \
             simulates it",
            o.label, o.setup
        ),
        None => format!(
            "{label} does not take {method}, nor does any other provider shopctl has an \
             adapter for; only the sandbox simulates it"
        ),
    }
}

/// The hint `init --country` gives: the provider that serves the market and its methods.
pub fn suggestion(country: &str) -> Option<String> {
    let m = market(country)?;
    let o = offer(m.provider)?;
    let (last, rest) = m.methods.split_last()?;
    let methods = if rest.is_empty() {
        last.to_string()
    } else {
        format!("{} and {last}", rest.join(", "))
    };
    Some(format!(
        "shops in {country} take {methods} through {}: `{}`, then `shopctl payments enable {}`",
        o.label,
        o.setup,
        m.methods.join(" ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_market_is_served_by_a_provider_that_takes_its_methods() {
        for m in MARKETS {
            for method in m.methods {
                assert!(
                    switch(m.provider, method).is_some(),
                    "{} in {}",
                    method,
                    m.country
                );
            }
        }
    }

    #[test]
    fn what_each_provider_takes_and_how() {
        assert_eq!(switch("sandbox", "meta_pay"), Some(Switch::Api));
        assert_eq!(switch("stripe", "paynow"), Some(Switch::Api));
        assert_eq!(switch("stripe", "upi"), None);
        assert_eq!(switch("razorpay", "upi"), Some(Switch::Dashboard));
        assert_eq!(switch("razorpay", "paynow"), None);
        assert_eq!(switch("paypal", "card"), None);
    }

    #[test]
    fn a_method_elsewhere_names_the_provider_that_takes_it() {
        assert_eq!(
            needs_another("stripe", "upi", "IN"),
            "Stripe does not take upi; Razorpay does (in IN: `shopctl provider set razorpay \
             --key-id-env VAR --key-secret-env VAR`), and the sandbox simulates it"
        );
        assert!(needs_another("razorpay", "pix", "BR").contains("Stripe does"));
        assert!(needs_another("stripe", "meta_pay", "BR").contains("only the sandbox"));
        assert_eq!(
            suggestion("IN").unwrap(),
            "shops in IN take upi and card through Razorpay: `shopctl provider set razorpay \
             --key-id-env VAR --key-secret-env VAR`, then `shopctl payments enable upi card`"
        );
        assert_eq!(suggestion("DE"), None);
    }
}
