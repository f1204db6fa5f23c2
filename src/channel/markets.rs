//! Where customers can pay inside WhatsApp, and with what: a payment request is sent only for
//! a method the shop's market can pay in the chat.
//!
//! Sources: WhatsApp Business, "WhatsApp Payments" (business.whatsapp.com/products/whatsapp-
//! payments) and Meta's Cloud API "Payments API" pages: India (UPI, cards and other methods
//! through a payment gateway such as Razorpay or PayU), Singapore (cards and PayNow through
//! Stripe), Brazil (Pix, and cards through Meta Pay).

/// (country, methods payable in the chat there).
const MARKETS: &[(&str, &[&str])] = &[
    ("IN", &["upi", "card"]),
    ("SG", &["card", "paynow"]),
    ("BR", &["pix", "card", "meta_pay"]),
];

/// True when a customer in `country` can pay with `method` inside WhatsApp.
pub fn pays_in_chat(country: &str, method: &str) -> bool {
    MARKETS
        .iter()
        .any(|(c, methods)| c.eq_ignore_ascii_case(country) && methods.contains(&method))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markets() {
        assert!(pays_in_chat("SG", "paynow"));
        assert!(pays_in_chat("in", "upi"));
        assert!(!pays_in_chat("SG", "upi"));
        assert!(!pays_in_chat("DE", "card"));
        assert!(!pays_in_chat("BR", "boleto"));
    }
}
