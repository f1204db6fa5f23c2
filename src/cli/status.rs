//! `shopctl status`: what is in the shop, what waits to sync, and the last reconciliation.

use anyhow::Result;
use serde_json::json;

use super::Ctx;
use crate::error::Outcome;
use crate::store::stats;

pub fn run(ctx: &Ctx) -> Result<Outcome> {
    let store = ctx.open()?;
    let shop = store.shop()?;
    let c = stats::counts(store.conn())?;
    let last = c.last_reconcile.as_ref().map(|r| {
        json!({
            "at": r.at,
            "scope": r.scope,
            "payouts": r.payouts,
            "matched": r.matched,
            "discrepancies": r.discrepancies,
            "result": if r.discrepancies == 0 { "ok" } else { "discrepancies" },
        })
    });
    ctx.out.object(&json!({
        "path": store.path().display().to_string(),
        "name": shop.name,
        "country": shop.country,
        "currency": shop.currency.code(),
        "provider": shop.provider,
        "products": {
            "active": c.products_active,
            "draft": c.products_draft,
            "archived": c.products_archived,
        },
        "images": c.images,
        "payment_methods": c.methods_enabled,
        "orders": c.orders,
        "orders_unfulfilled": c.orders_unfulfilled,
        "payments": c.payments,
        "refunds": c.refunds,
        "refunds_pending": c.refunds_pending,
        "payouts": c.payouts,
        "sync": {
            "pending": c.outbox_pending,
            "failing": c.outbox_failing,
        },
        "last_reconcile": last,
    }))?;
    Ok(Outcome::Done)
}
