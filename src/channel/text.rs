//! The words a customer reads in each message: the body text of an interactive message and a
//! one-line summary (what `orders show` and `sandbox messages` print). One place, so that the
//! sandbox chat shows what WhatsApp would.

use crate::model::{MessageBody, OrderStatus, PaymentRequest};

/// The body text above an interactive message's button, or a text message's text.
pub fn body_text(body: &MessageBody) -> String {
    match body {
        MessageBody::PaymentRequest(r) => format!(
            "Thank you for your order {}! Please review it and pay {}.",
            r.order_ref, r.total
        ),
        MessageBody::OrderStatus {
            order_ref,
            status,
            description,
        } => {
            let mut text = format!("Order {order_ref}: {}.", status_words(*status));
            if !description.is_empty() {
                text.push(' ');
                text.push_str(description);
            }
            text
        }
        MessageBody::Text { body } => body.clone(),
    }
}

/// What the customer sees, in one line: the body text, and a payment request's items.
pub fn summary(body: &MessageBody) -> String {
    match body {
        MessageBody::PaymentRequest(r) => format!("{} [{}]", body_text(body), items(r)),
        _ => body_text(body),
    }
}

fn items(r: &PaymentRequest) -> String {
    use std::fmt::Write;
    // Written into one string (twice a message a sync: queued and sent).
    let mut out = String::new();
    for (n, i) in r.items.iter().enumerate() {
        if n > 0 {
            out.push_str(", ");
        }
        let _ = write!(
            out,
            "{} × {} at {}",
            i.quantity,
            i.name,
            i.unit_price.to_major_string()
        );
    }
    out
}

/// A status in the words WhatsApp shows a customer.
pub fn status_words(status: OrderStatus) -> &'static str {
    match status {
        OrderStatus::Pending => "waiting for payment",
        OrderStatus::Processing => "paid, being prepared",
        OrderStatus::PartiallyShipped => "partly shipped",
        OrderStatus::Shipped => "shipped",
        OrderStatus::Completed => "completed",
        OrderStatus::Canceled => "canceled",
    }
}
