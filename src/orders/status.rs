//! The order and payment status machine: the one place that says which changes are allowed.
//!
//! The vocabulary follows WhatsApp's `order_status` (pending, processing, partially_shipped,
//! shipped, completed, canceled). A refused change says why and what to do instead.

use anyhow::{Result, bail};

pub use crate::model::{OrderStatus, PaymentStatus};

impl OrderStatus {
    /// Checks a change of status; `order` is the id used in the message.
    pub fn check_transition(self, to: OrderStatus, order: &str) -> Result<()> {
        use OrderStatus::*;
        let allowed = matches!(
            (self, to),
            (Pending, Processing)
                | (Pending, Canceled)
                | (Pending, PartiallyShipped) // forced fulfilment of an unpaid order
                | (Pending, Shipped)
                | (Processing, PartiallyShipped)
                | (Processing, Shipped)
                | (Processing, Canceled)
                | (PartiallyShipped, PartiallyShipped)
                | (PartiallyShipped, Shipped)
                | (Shipped, Completed)
        );
        if allowed || self == to && to != Canceled {
            return Ok(());
        }
        let advice = match (self, to) {
            (PartiallyShipped | Shipped | Completed, Canceled) => {
                format!(
                    "it cannot be canceled: refund it instead (`shopctl refunds create {order} --all`)"
                )
            }
            (Canceled, _) => "it cannot change any more".to_string(),
            (Shipped | Completed, PartiallyShipped | Shipped) => {
                "everything in it has already shipped".to_string()
            }
            _ => format!("it cannot become {}", to.as_str()),
        };
        bail!("order {order} is {}; {advice}", self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::OrderStatus::*;
    use super::*;

    #[test]
    fn allowed_and_refused_transitions() {
        for (from, to, ok) in [
            (Pending, Processing, true),
            (Pending, Canceled, true),
            (Processing, Shipped, true),
            (Processing, PartiallyShipped, true),
            (PartiallyShipped, Shipped, true),
            (Shipped, Completed, true),
            (Shipped, Canceled, false),
            (PartiallyShipped, Canceled, false),
            (Canceled, Processing, false),
            (Canceled, Canceled, false),
            (Completed, Pending, false),
        ] {
            assert_eq!(
                from.check_transition(to, "1042").is_ok(),
                ok,
                "{from} -> {to}"
            );
        }
    }

    #[test]
    fn refusal_says_what_to_do() {
        let e = Shipped.check_transition(Canceled, "1042").unwrap_err();
        assert_eq!(
            e.to_string(),
            "order 1042 is shipped; it cannot be canceled: refund it instead (`shopctl refunds create 1042 --all`)"
        );
        assert_eq!(
            "partially_shipped".parse::<OrderStatus>().unwrap(),
            PartiallyShipped
        );
        assert!("bogus".parse::<PaymentStatus>().is_err());
    }
}
