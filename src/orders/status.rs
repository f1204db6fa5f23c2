//! The order and payment status machine: the one place that says which changes are allowed.
//!
//! The vocabulary follows WhatsApp's `order_status` (pending, processing, partially_shipped,
//! shipped, completed, canceled). A refused change says why and what to do instead.

use std::fmt;
use std::str::FromStr;

use anyhow::{Result, bail};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OrderStatus {
    /// Placed, not yet paid.
    Pending,
    /// Paid, nothing shipped yet.
    Processing,
    PartiallyShipped,
    Shipped,
    Completed,
    Canceled,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PaymentStatus {
    Pending,
    Captured,
    Failed,
    PartiallyRefunded,
    Refunded,
}

impl OrderStatus {
    pub const ALL: [OrderStatus; 6] = [
        OrderStatus::Pending,
        OrderStatus::Processing,
        OrderStatus::PartiallyShipped,
        OrderStatus::Shipped,
        OrderStatus::Completed,
        OrderStatus::Canceled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            OrderStatus::Pending => "pending",
            OrderStatus::Processing => "processing",
            OrderStatus::PartiallyShipped => "partially_shipped",
            OrderStatus::Shipped => "shipped",
            OrderStatus::Completed => "completed",
            OrderStatus::Canceled => "canceled",
        }
    }

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

impl PaymentStatus {
    pub const ALL: [PaymentStatus; 5] = [
        PaymentStatus::Pending,
        PaymentStatus::Captured,
        PaymentStatus::Failed,
        PaymentStatus::PartiallyRefunded,
        PaymentStatus::Refunded,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PaymentStatus::Pending => "pending",
            PaymentStatus::Captured => "captured",
            PaymentStatus::Failed => "failed",
            PaymentStatus::PartiallyRefunded => "partially_refunded",
            PaymentStatus::Refunded => "refunded",
        }
    }

    /// True once money has been taken (and some may have gone back).
    pub fn is_paid(self) -> bool {
        matches!(
            self,
            PaymentStatus::Captured | PaymentStatus::PartiallyRefunded | PaymentStatus::Refunded
        )
    }
}

macro_rules! text_enum {
    ($t:ty, $what:literal) => {
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl FromStr for $t {
            type Err = anyhow::Error;
            fn from_str(s: &str) -> Result<Self> {
                let all = <$t>::ALL;
                all.iter()
                    .copied()
                    .find(|v| v.as_str() == s)
                    .ok_or_else(|| {
                        let names: Vec<&str> = all.iter().map(|v| v.as_str()).collect();
                        anyhow::anyhow!(
                            "unknown {} \"{s}\" (expected one of: {})",
                            $what,
                            names.join(", ")
                        )
                    })
            }
        }
    };
}
text_enum!(OrderStatus, "order status");
text_enum!(PaymentStatus, "payment status");

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
