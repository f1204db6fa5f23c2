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

    /// Every move, written out by hand as a grid (rows: from; columns: to, in the order
    /// pending, processing, partially_shipped, shipped, completed, canceled).
    #[test]
    fn every_move_is_allowed_or_refused_as_the_grid_says() {
        const O: bool = true;
        const X: bool = false;
        let order = [
            Pending,
            Processing,
            PartiallyShipped,
            Shipped,
            Completed,
            Canceled,
        ];
        let grid = [
            // pending: paid, canceled, or shipped by force before payment
            [O, O, O, O, X, O],
            // processing: paid, nothing shipped
            [X, O, O, O, X, O],
            // partially_shipped: more shipping; no cancel (refund instead)
            [X, X, O, O, X, X],
            // shipped: only completed (and shipped again, a no-op)
            [X, X, X, O, O, X],
            // completed: final but for itself
            [X, X, X, X, O, X],
            // canceled: final, not even to itself
            [X, X, X, X, X, X],
        ];
        assert_eq!(
            order.len(),
            OrderStatus::ALL.len(),
            "a status the grid lacks"
        );
        for (from, row) in order.iter().zip(grid) {
            for (to, ok) in order.iter().zip(row) {
                assert_eq!(
                    from.check_transition(*to, "1042").is_ok(),
                    ok,
                    "{from} -> {to}"
                );
            }
        }
    }

    #[test]
    fn each_refusal_gives_its_reason() {
        let says = |from: OrderStatus, to: OrderStatus| {
            from.check_transition(to, "7").unwrap_err().to_string()
        };
        let refund = "cannot be canceled: refund it instead (`shopctl refunds create 7 --all`)";
        for from in [PartiallyShipped, Shipped, Completed] {
            assert_eq!(
                says(from, Canceled),
                format!("order 7 is {from}; it {refund}")
            );
        }
        for to in [Pending, Processing, Shipped, Canceled] {
            assert_eq!(
                says(Canceled, to),
                "order 7 is canceled; it cannot change any more"
            );
        }
        for (from, to) in [
            (Shipped, PartiallyShipped),
            (Completed, PartiallyShipped),
            (Completed, Shipped),
        ] {
            assert_eq!(
                says(from, to),
                format!("order 7 is {from}; everything in it has already shipped")
            );
        }
        for (from, to) in [
            (Pending, Completed),
            (Processing, Pending),
            (Shipped, Processing),
        ] {
            assert_eq!(
                says(from, to),
                format!("order 7 is {from}; it cannot become {to}")
            );
        }
    }

    #[test]
    fn paid_means_money_was_taken() {
        use PaymentStatus as P;
        for (status, paid) in [
            (P::Pending, false),
            (P::Failed, false),
            (P::Captured, true),
            (P::PartiallyRefunded, true),
            (P::Refunded, true),
        ] {
            assert_eq!(status.is_paid(), paid, "{status}");
        }
        assert_eq!(P::ALL.len(), 5, "a payment status this table lacks");
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
