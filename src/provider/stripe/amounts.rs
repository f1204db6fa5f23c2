//! Money to and from Stripe's `amount` + `currency`: Stripe's scale rules where they differ
//! from ISO 4217 (stripe.com/docs/currencies), checked rather than rounded.

use crate::money::{Currency, Money};
use crate::provider::{ProviderError, ProviderResult};

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
}
