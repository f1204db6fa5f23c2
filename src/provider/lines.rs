//! The shop's own way for a payment to name what it pays for: `lines` =
//! `SKU:QTY[@UNIT],...` in a provider's free-form fields (Stripe's metadata, Razorpay's
//! notes), for a checkout that creates its order at the provider.

use crate::model::RemoteLine;
use crate::money::Money;

/// One `SKU:QTY[@UNIT]` of `lines` metadata, the unit price still to be found when absent.
type Priced = (String, i64, Option<Money>);

fn parse_line(n: usize, part: &str, total: Money) -> Result<Priced, String> {
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
    Ok((sku.trim().to_owned(), qty, unit))
}

/// Parses `lines` metadata: `SKU:QTY` or `SKU:QTY@UNIT` (UNIT in major units, e.g. 12.50),
/// comma-separated. A line without a unit price takes what the PaymentIntent's amount leaves
/// after the priced lines; at most one line may leave it out.
pub fn parse_lines(text: &str, total: Money) -> Result<Vec<RemoteLine>, String> {
    let mut priced = Vec::new();
    for (n, part) in text.split(',').map(str::trim).enumerate() {
        if !part.is_empty() {
            priced.push(parse_line(n, part, total)?);
        }
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
    let known: i64 = priced
        .iter()
        .filter_map(|(_, q, u)| u.map(|u| u.minor * q))
        .sum();
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Currency;

    fn cur(c: &str) -> Currency {
        Currency::from_code(c).unwrap()
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
