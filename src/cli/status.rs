//! `shopctl status`: what is in the shop, what waits to sync, and the last reconciliation.

use anyhow::Result;
use serde_json::json;

use super::Ctx;
use crate::error::Outcome;
use crate::store::{Shop, stats};

/// The `status` command's arguments (none; the examples for `--help`).
#[derive(Debug, clap::Args)]
#[command(after_help = super::examples!(
    "shopctl status",
    "shopctl --format json status",
))]
pub struct StatusArgs {}

pub fn run(ctx: &Ctx) -> Result<Outcome> {
    let store = ctx.open()?;
    let shop = store.shop()?;
    let c = stats::counts(store.conn())?;
    let path = store.path().display().to_string();
    let last = c.last_reconcile.as_ref().map(|r| {
        json!({
            "checked_at": r.at,
            "scope": r.scope,
            "payouts_checked": r.payouts,
            "matched": r.matched,
            "discrepancy_count": r.discrepancies,
            "result": if r.discrepancies == 0 { "ok" } else { "discrepancies" },
        })
    });
    let doc = json!({
        "path": path,
        "name": shop.name,
        "country": shop.country,
        "currency": shop.currency.code(),
        "provider": shop.provider,
        "products": {
            "active": c.products_active,
            "draft": c.products_draft,
            "archived": c.products_archived,
        },
        "image_count": c.images,
        "payment_methods": c.methods_enabled,
        "order_count": c.orders,
        "unfulfilled_order_count": c.orders_unfulfilled,
        "payment_count": c.payments,
        "refund_count": c.refunds,
        "pending_refund_count": c.refunds_pending,
        "payout_count": c.payouts,
        "sync": {
            "pending": c.outbox_pending,
            "failing": c.outbox_failing,
        },
        "chat": {
            "failed_delivery_count": c.inbox_failed,
            "failed_message_count": c.messages_failed,
            // Ids are strings, as everywhere in the JSON.
            "failed_message_orders": c.messages_failed_orders.iter().map(i64::to_string).collect::<Vec<_>>(),
        },
        "last_reconcile": last,
    });
    ctx.out.document(&doc, &text(&shop, &path, &c))?;
    Ok(Outcome::Done)
}

fn plural(n: i64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The chat's failures, each with where to look: a customer's cart that became no order, a
/// message that never reached its customer.
fn chat(c: &stats::Counts) -> String {
    let mut parts = Vec::new();
    if c.inbox_failed > 0 {
        parts.push(format!(
            "{} (`shopctl inbox list --failed`)",
            plural(c.inbox_failed, "delivery failed", "deliveries failed")
        ));
    }
    if c.messages_failed > 0 {
        let orders: Vec<String> = c
            .messages_failed_orders
            .iter()
            .map(i64::to_string)
            .collect();
        let mut line = plural(
            c.messages_failed,
            "message not delivered",
            "messages not delivered",
        );
        if let Some(newest) = orders.first() {
            line += &format!(
                ", the newest for {} {} (`shopctl orders show {newest}` says why)",
                if orders.len() == 1 { "order" } else { "orders" },
                orders.join(", ")
            );
        }
        parts.push(line);
    }
    if parts.is_empty() {
        "nothing failed".to_string()
    } else {
        parts.join("; ")
    }
}

/// The status for people: a line per area under a heading, with the next step where one
/// waits.
fn text(shop: &Shop, path: &str, c: &stats::Counts) -> String {
    let methods = if c.methods_enabled.is_empty() {
        "none enabled (`shopctl payments enable card`)".to_string()
    } else {
        c.methods_enabled.join(", ")
    };
    let sync = match (c.outbox_pending, c.outbox_failing) {
        (0, _) => "up to date".to_string(),
        (n, 0) => format!(
            "{} to push (`shopctl sync`)",
            plural(n, "change waits", "changes wait")
        ),
        (n, f) => format!(
            "{} to push, {f} failing (`shopctl sync --dry-run` shows the errors)",
            plural(n, "change waits", "changes wait")
        ),
    };
    let reconcile = match &c.last_reconcile {
        None => "never run (`shopctl payouts reconcile`)".to_string(),
        Some(r) if r.discrepancies == 0 => format!(
            "{}: {} checked, all add up",
            crate::output::local_time(&r.at),
            plural(r.payouts, "payout", "payouts")
        ),
        Some(r) => format!(
            "{}: {} checked, {} (`shopctl payouts reconcile`)",
            crate::output::local_time(&r.at),
            plural(r.payouts, "payout", "payouts"),
            plural(r.discrepancies, "discrepancy", "discrepancies")
        ),
    };
    let rows = [
        (
            "shop",
            format!(
                "{} ({}, {}), provider {}, file {path}",
                shop.name, shop.country, shop.currency, shop.provider
            ),
        ),
        (
            "catalog",
            format!(
                "{} active, {} draft, {} archived {}; {}",
                c.products_active,
                c.products_draft,
                c.products_archived,
                if c.products_active + c.products_draft + c.products_archived == 1 {
                    "product"
                } else {
                    "products"
                },
                plural(c.images, "image", "images")
            ),
        ),
        ("payments", methods),
        (
            "orders",
            format!(
                "{} ({} to ship), {}",
                c.orders,
                c.orders_unfulfilled,
                plural(c.payments, "payment", "payments")
            ),
        ),
        (
            "refunds",
            format!("{} ({} pending)", c.refunds, c.refunds_pending),
        ),
        ("payouts", c.payouts.to_string()),
        ("chat", chat(c)),
        ("sync", sync),
        ("reconcile", reconcile),
    ];
    rows.iter()
        .map(|(head, line)| format!("{head:<10} {line}\n"))
        .collect()
}
