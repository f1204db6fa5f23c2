//! Money to and from Razorpay's `amount` + `currency`: amounts in the currency's smallest unit
//! (paise for INR), currency codes in upper case
//! (razorpay.com/docs/payments/international-payments/#supported-currencies). For the
//! three-decimal currencies Razorpay takes (KWD, BHD, OMR) the last digit must be 0; anything
//! else is refused here rather than rounded.

use crate::money::{Currency, Money};
use crate::provider::{ProviderError, ProviderResult};

/// `Money` to Razorpay's `amount` and `currency`.
pub fn to_razorpay_amount(m: &Money) -> ProviderResult<(i64, String)> {
    let code = m.currency.code();
    if m.currency.exponent() == 3 && m.minor % 10 != 0 {
        return Err(ProviderError::Rejected(format!(
            "{} {code} cannot be charged through Razorpay: for {code} the last of the three \
             decimals must be 0 (e.g. {}); change the price",
            m.to_major_string(),
            Money::new(m.minor - m.minor % 10, m.currency).to_major_string()
        )));
    }
    Ok((m.minor, code.to_owned()))
}

/// Razorpay's `amount` + `currency` back to `Money`.
pub fn from_razorpay_amount(amount: i64, currency: &str) -> ProviderResult<Money> {
    let cur = Currency::from_code(currency)
        .map_err(|e| ProviderError::Other(anyhow::anyhow!("Razorpay sent a currency: {e}")))?;
    Ok(Money::new(amount, cur))
}

/// Settlements are always in INR and carry no currency.
pub fn inr(paise: i64) -> Money {
    Money::new(
        paise,
        Currency::from_code("INR").expect("INR is an ISO 4217 currency"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paise_and_three_decimal_currencies() {
        let m = |minor, c| Money::new(minor, Currency::from_code(c).unwrap());
        assert_eq!(
            to_razorpay_amount(&m(49900, "INR")).unwrap(),
            (49900, "INR".into())
        );
        assert_eq!(
            to_razorpay_amount(&m(295990, "KWD")).unwrap(),
            (295990, "KWD".into())
        );
        let err = to_razorpay_amount(&m(295991, "KWD"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("295.991") && err.contains("295.990"), "{err}");
        assert_eq!(from_razorpay_amount(49900, "INR").unwrap(), inr(49900));
        assert!(from_razorpay_amount(1, "XYZ").is_err());
    }
}
