//! Fees per payment method: the default schedule (with its sources), `--fee` overrides
//! remembered in the sandbox file's `fees` table, and the fee on an amount.

use std::collections::BTreeMap;
use std::str::FromStr;

use anyhow::{anyhow, bail};
use rusqlite::{Connection, Transaction, params};
use rust_decimal::Decimal;

use crate::money::Money;

/// The methods the sandbox knows fees for (the registry's names in `payments.rs`).
pub const KNOWN_METHODS: &[&str] = &["card", "paynow", "upi", "pix", "boleto", "meta_pay"];

/// A fee schedule: a percentage of the amount plus a fixed part in the currency's major units.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FeeRule {
    pub percent: Decimal,
    pub fixed: Decimal,
}

impl FeeRule {
    fn new(percent: &str, fixed: &str) -> FeeRule {
        FeeRule {
            percent: Decimal::from_str_exact(percent).expect("static fee"),
            fixed: Decimal::from_str_exact(fixed).expect("static fee"),
        }
    }

    /// The default schedule per method. Illustrative public list prices (2026-11), not quotes:
    /// - card 3.4% + 0.50: Stripe Singapore's standard rate for domestic cards
    ///   (stripe.com/sg/pricing); meta_pay (a card wallet) is charged as a card.
    /// - paynow 1.3%: Stripe Singapore's PayNow rate (stripe.com/sg/pricing).
    /// - upi 0%: India's zero merchant discount rate on UPI (Payment and Settlement Systems
    ///   Act s.10A, in force since 1 January 2020).
    /// - pix 1.19%: Stripe Brazil's Pix rate (stripe.com/br/pricing).
    /// - boleto 3.49 flat: an illustrative flat fee per paid boleto, in the R$2–4 range that
    ///   Brazilian processors list; not any one processor's price.
    ///
    /// A method the sandbox does not know is charged as a card, the dearest, so that an
    /// unknown method never looks cheaper than it is.
    pub fn default_for(method: &str) -> FeeRule {
        match method {
            "paynow" => FeeRule::new("1.3", "0"),
            "upi" => FeeRule::new("0", "0"),
            "pix" => FeeRule::new("1.19", "0"),
            "boleto" => FeeRule::new("0", "3.49"),
            _ => FeeRule::new("3.4", "0.50"),
        }
    }

    /// The fee on `amount`, rounded half away from zero to the minor unit.
    pub fn fee(&self, amount: Money) -> Result<Money, crate::money::MoneyError> {
        let raw = amount.to_decimal() * self.percent / Decimal::ONE_HUNDRED + self.fixed;
        Money::from_decimal_rounded(raw, amount.currency)
    }

    /// `3.4%+0.50`, `1.3%`, `0%+3.49`.
    pub fn describe(&self) -> String {
        if self.fixed.is_zero() {
            format!("{}%", self.percent.normalize())
        } else {
            format!("{}%+{}", self.percent.normalize(), self.fixed)
        }
    }

    /// Parses a `--fee` value, `METHOD=PCT%[+FIXED]` (e.g. `card=2.9%+0.30`, `upi=0%`).
    pub fn parse_override(text: &str) -> anyhow::Result<(String, FeeRule)> {
        let shape = "expected METHOD=PCT%[+FIXED], e.g. card=3.4%+0.50 or paynow=1.3%";
        let (method, rule) = text
            .split_once('=')
            .ok_or_else(|| anyhow!("--fee \"{text}\": {shape}"))?;
        let method = method.trim();
        if !KNOWN_METHODS.contains(&method) {
            bail!(
                "--fee \"{text}\": unknown payment method \"{method}\" (known: {})",
                KNOWN_METHODS.join(", ")
            );
        }
        let (pct, fixed) = match rule.split_once('+') {
            Some((p, f)) => (p.trim(), f.trim()),
            None => (rule.trim(), "0"),
        };
        let pct = pct
            .strip_suffix('%')
            .ok_or_else(|| anyhow!("--fee \"{text}\": the percentage needs a % sign; {shape}"))?;
        let percent = Decimal::from_str_exact(pct.trim())
            .map_err(|_| anyhow!("--fee \"{text}\": \"{pct}\" is not a number; {shape}"))?;
        if percent.is_sign_negative() || percent > Decimal::ONE_HUNDRED {
            bail!("--fee \"{text}\": the percentage must be between 0% and 100%");
        }
        let fixed = Decimal::from_str_exact(fixed).map_err(|_| {
            anyhow!("--fee \"{text}\": the fixed part \"{fixed}\" is not an amount; {shape}")
        })?;
        if fixed.is_sign_negative() {
            bail!("--fee \"{text}\": the fixed part cannot be negative");
        }
        Ok((method.to_string(), FeeRule { percent, fixed }))
    }
}

const FEE_COLUMNS: &str = "method, percent, fixed";

/// A fee rule per method name.
pub(super) type Schedule = BTreeMap<String, FeeRule>;

/// The fee rule for each known method: overrides remembered in the file, else defaults.
pub(super) fn schedule(conn: &Connection) -> anyhow::Result<Schedule> {
    let mut out: Schedule = KNOWN_METHODS
        .iter()
        .map(|m| (m.to_string(), FeeRule::default_for(m)))
        .collect();
    let mut stmt = conn.prepare(&format!("SELECT {FEE_COLUMNS} FROM fees"))?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let method: String = r.get("method")?;
        let percent: String = r.get("percent")?;
        let fixed: String = r.get("fixed")?;
        let bad = || anyhow!("the sandbox file has a bad fee for {method}: {percent}% + {fixed}");
        let rule = FeeRule {
            percent: Decimal::from_str(&percent).map_err(|_| bad())?,
            fixed: Decimal::from_str(&fixed).map_err(|_| bad())?,
        };
        out.insert(method, rule);
    }
    Ok(out)
}

/// Remembers `--fee` overrides for this and later runs.
pub(super) fn remember(tx: &Transaction, overrides: &[(String, FeeRule)]) -> anyhow::Result<()> {
    for (method, rule) in overrides {
        tx.execute(
            &format!(
                "INSERT INTO fees ({FEE_COLUMNS}) VALUES (?1, ?2, ?3)
                 ON CONFLICT (method) DO UPDATE SET percent = excluded.percent, fixed = excluded.fixed"
            ),
            params![method, rule.percent.to_string(), rule.fixed.to_string()],
        )?;
    }
    Ok(())
}

/// The fee for a payment of `amount` with `method` under `schedule`.
pub(super) fn fee_for(schedule: &Schedule, method: &str, amount: Money) -> anyhow::Result<Money> {
    let rule = schedule
        .get(method)
        .copied()
        .unwrap_or_else(|| FeeRule::default_for(method));
    Ok(rule.fee(amount)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Currency;

    fn sgd(minor: i64) -> Money {
        Money::new(minor, Currency::from_code("SGD").unwrap())
    }

    #[test]
    fn fees_round_half_away_from_zero_to_the_minor_unit() {
        let card = FeeRule::default_for("card");
        assert_eq!(card.fee(sgd(1000)).unwrap(), sgd(84)); // 0.34 + 0.50
        assert_eq!(card.fee(sgd(1250)).unwrap(), sgd(93)); // 0.425 + 0.50 = 0.925 → 0.93
        assert_eq!(card.fee(sgd(1235)).unwrap(), sgd(92)); // 0.4199 + 0.50
        assert_eq!(FeeRule::default_for("meta_pay"), card);
        let paynow = FeeRule::default_for("paynow");
        assert_eq!(paynow.fee(sgd(1250)).unwrap(), sgd(16)); // 0.1625
        assert_eq!(paynow.fee(sgd(150)).unwrap(), sgd(2)); // 0.0195
        assert_eq!(FeeRule::default_for("upi").fee(sgd(99999)).unwrap(), sgd(0));
        let brl = Currency::from_code("BRL").unwrap();
        assert_eq!(
            FeeRule::default_for("pix")
                .fee(Money::new(10000, brl))
                .unwrap(),
            Money::new(119, brl)
        );
        assert_eq!(
            FeeRule::default_for("boleto")
                .fee(Money::new(10000, brl))
                .unwrap(),
            Money::new(349, brl)
        );
        let jpy = Currency::from_code("JPY").unwrap();
        // 34 + 0.50 = 34.5 yen → 35: the fixed part is in major units, rounded with the rest.
        assert_eq!(
            card.fee(Money::new(1000, jpy)).unwrap(),
            Money::new(35, jpy)
        );
        let kwd = Currency::from_code("KWD").unwrap();
        assert_eq!(
            paynow.fee(Money::new(1250, kwd)).unwrap(),
            Money::new(16, kwd)
        ); // 0.01625 → 0.016
    }

    #[test]
    fn fee_overrides_parse_or_say_what_is_wrong() {
        let (m, r) = FeeRule::parse_override("card=2.9%+0.30").unwrap();
        assert_eq!(
            (m.as_str(), r.describe()),
            ("card", "2.9%+0.30".to_string())
        );
        let (m, r) = FeeRule::parse_override("upi=0%").unwrap();
        assert_eq!((m.as_str(), r.describe()), ("upi", "0%".to_string()));
        for (bad, says) in [
            ("card", "expected METHOD=PCT%"),
            ("bitcoin=1%", "unknown payment method \"bitcoin\""),
            ("card=2.9", "needs a % sign"),
            ("card=abc%", "is not a number"),
            ("card=101%", "between 0% and 100%"),
            ("card=-1%", "between 0% and 100%"),
            ("card=1%+x", "is not an amount"),
            ("card=1%+-2", "cannot be negative"),
        ] {
            let e = FeeRule::parse_override(bad).unwrap_err().to_string();
            assert!(e.contains(says), "{bad}: {e}");
            assert!(e.contains(bad), "{bad}: quotes the input: {e}");
        }
    }
}
