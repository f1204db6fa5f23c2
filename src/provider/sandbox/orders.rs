//! The sandbox's orders (`orders`, `order_lines`, `payments`, `fulfilments`): a checkout
//! recorded with its payment and, once captured, its charge less the method's fee; a customer
//! paying for an order the shop already holds (`pay_shop_order`); what a push may do to an
//! order (ship lines, cancel); and orders read back with their lines and payments for a pull.

use anyhow::bail;
use jiff::Timestamp;
use rusqlite::{Connection, OptionalExtension, Row, Transaction, params};

use super::Sandbox;
use super::fees::{self, Schedule};
use super::file::{Sequenced, bump, money, next_id, time};
use super::{catalog, ledger};
use crate::clock;
use crate::model::{LineQty, PaymentState, RemoteLine, RemoteOrder, RemotePayment, TxnKind};
use crate::money::Money;
use crate::provider::{ProviderError, ProviderResult};

/// An order of the shop's own, as `pay_shop_order` needs it.
#[derive(Clone, Debug)]
pub struct ShopOrder {
    pub order_ref: String,
    pub customer_phone: String,
    pub customer_name: String,
    pub lines: Vec<RemoteLine>,
    pub total: Money,
}

/// One checkout to record: an order, its lines, and one payment of its total.
pub(super) struct Checkout<'a> {
    /// The shop's order this settles (`pay_shop_order`); `None` for the sandbox's own.
    pub order_ref: Option<&'a str>,
    pub customer_name: &'a str,
    pub customer_phone: &'a str,
    pub lines: &'a [RemoteLine],
    pub total: Money,
    pub method: &'a str,
    pub state: PaymentState,
    pub at: Timestamp,
}

/// What recording a checkout made.
pub(super) struct Recorded {
    /// The sandbox order's row id.
    pub order_id: i64,
    pub payment_ref: String,
    /// The fee taken from the charge (zero when the payment was not captured).
    pub fee: Money,
}

/// Records a checkout; a captured payment becomes a charge less its fee under `fees`.
pub(super) fn record(tx: &Transaction, c: &Checkout, fees: &Schedule) -> anyhow::Result<Recorded> {
    let id = next_id(tx, "orders")?;
    let order = OrderRow {
        id,
        seq: bump(tx)?,
        provider_ref: format!("sbx_ord_{id}"),
        customer_name: c.customer_name.to_string(),
        customer_phone: c.customer_phone.to_string(),
        total: c.total,
        created_at: c.at,
        order_ref: c.order_ref.map(str::to_string),
    };
    order.insert(tx)?;
    for (n, line) in c.lines.iter().enumerate() {
        tx.execute(
            &format!("INSERT INTO order_lines ({LINE_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5)"),
            params![
                id,
                n as i64 + 1,
                line.sku,
                line.quantity,
                line.unit_price.minor
            ],
        )?;
    }
    let payment_id = next_id(tx, "payments")?;
    let payment = PaymentRow {
        id: payment_id,
        provider_ref: format!("sbx_pay_{payment_id}"),
        order_id: id,
        method: c.method.to_string(),
        amount: c.total,
        state: c.state,
        created_at: c.at,
    };
    payment.insert(tx)?;
    let mut fee = Money::zero(c.total.currency);
    if c.state == PaymentState::Captured {
        fee = fees::fee_for(fees, c.method, c.total)?;
        let paid_for = match c.order_ref {
            Some(r) => format!("order {r}"),
            None => order.provider_ref,
        };
        ledger::insert(
            tx,
            TxnKind::Charge,
            &payment.provider_ref,
            c.total,
            fee,
            &format!("{} payment for {paid_for}", c.method),
            c.at,
        )?;
    }
    Ok(Recorded {
        order_id: id,
        payment_ref: payment.provider_ref,
        fee,
    })
}

impl Sandbox {
    /// A customer pays in the chat for an order the shop already holds (imported from a
    /// WhatsApp webhook): the sandbox records an order that names the shop's order in
    /// `order_ref`, with one payment (failed when `fail`), and a charge less the method's fee
    /// for the next payout. The shop learns it at the next sync, as from a Stripe
    /// PaymentIntent with `metadata[order_ref]`.
    pub fn pay_shop_order(
        &mut self,
        order: &ShopOrder,
        method: &str,
        fail: bool,
    ) -> anyhow::Result<String> {
        let now = self.now()?;
        self.write(|tx| {
            let enabled = catalog::enabled_methods(tx)?;
            if !enabled.iter().any(|m| m == method) {
                bail!(
                    "{method} is not enabled at the sandbox (enabled there: {}); `shopctl payments enable {method}` then `shopctl sync`",
                    if enabled.is_empty() { "none".to_string() } else { enabled.join(", ") }
                );
            }
            let paid: i64 = tx.query_row(
                "SELECT count(*) FROM payments p JOIN orders o ON o.id = p.order_id
                 WHERE o.order_ref = ?1 AND p.state = ?2",
                params![order.order_ref, PaymentState::Captured],
                |r| r.get(0),
            )?;
            if paid > 0 {
                bail!("order {} is already paid at the sandbox", order.order_ref);
            }
            let checkout = Checkout {
                order_ref: Some(&order.order_ref),
                customer_name: &order.customer_name,
                customer_phone: &order.customer_phone,
                lines: &order.lines,
                total: order.total,
                method,
                state: if fail {
                    PaymentState::Failed
                } else {
                    PaymentState::Captured
                },
                at: now,
            };
            Ok(record(tx, &checkout, &fees::schedule(tx)?)?.payment_ref)
        })
    }
}

/// The `orders` columns this code reads and writes (`canceled_at` and `cancel_reason` are
/// written by `cancel` only).
const ORDER_COLUMNS: &str =
    "id, seq, provider_ref, customer_name, customer_phone, currency, total, created_at, order_ref";

struct OrderRow {
    id: i64,
    seq: i64,
    provider_ref: String,
    customer_name: String,
    customer_phone: String,
    total: Money,
    created_at: Timestamp,
    order_ref: Option<String>,
}

impl OrderRow {
    fn insert(&self, tx: &Transaction) -> anyhow::Result<()> {
        tx.execute(
            &format!(
                "INSERT INTO orders ({ORDER_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
            ),
            params![
                self.id,
                self.seq,
                self.provider_ref,
                self.customer_name,
                self.customer_phone,
                self.total.currency.code(),
                self.total.minor,
                clock::format(self.created_at),
                self.order_ref
            ],
        )?;
        Ok(())
    }

    /// A row selected as `ORDER_COLUMNS`, read by position.
    fn read(r: &Row) -> rusqlite::Result<OrderRow> {
        Ok(OrderRow {
            id: r.get(0)?,
            seq: r.get(1)?,
            provider_ref: r.get(2)?,
            customer_name: r.get(3)?,
            customer_phone: r.get(4)?,
            total: money(r, 6, 5)?,
            created_at: time(r, 7)?,
            order_ref: r.get(8)?,
        })
    }
}

const LINE_COLUMNS: &str = "order_id, line_no, sku, quantity, unit_price";

const PAYMENT_COLUMNS: &str =
    "id, provider_ref, order_id, method, amount, currency, state, created_at";

pub(super) struct PaymentRow {
    pub id: i64,
    pub provider_ref: String,
    pub order_id: i64,
    pub method: String,
    pub amount: Money,
    pub state: PaymentState,
    pub created_at: Timestamp,
}

impl PaymentRow {
    fn insert(&self, tx: &Transaction) -> anyhow::Result<()> {
        tx.execute(
            &format!(
                "INSERT INTO payments ({PAYMENT_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
            ),
            params![
                self.id,
                self.provider_ref,
                self.order_id,
                self.method,
                self.amount.minor,
                self.amount.currency.code(),
                self.state,
                clock::format(self.created_at)
            ],
        )?;
        Ok(())
    }

    /// A row selected as `PAYMENT_COLUMNS`, read by position.
    fn read(r: &Row) -> rusqlite::Result<PaymentRow> {
        Ok(PaymentRow {
            id: r.get(0)?,
            provider_ref: r.get(1)?,
            order_id: r.get(2)?,
            method: r.get(3)?,
            amount: money(r, 4, 5)?,
            state: r.get(6)?,
            created_at: time(r, 7)?,
        })
    }

    /// The payment with this reference, if the sandbox made one.
    pub(super) fn by_ref(conn: &Connection, provider_ref: &str) -> anyhow::Result<Option<Self>> {
        Ok(conn
            .query_row(
                &format!("SELECT {PAYMENT_COLUMNS} FROM payments WHERE provider_ref = ?1"),
                [provider_ref],
                PaymentRow::read,
            )
            .optional()?)
    }

    fn into_remote(self) -> RemotePayment {
        RemotePayment {
            provider_ref: self.provider_ref,
            method: self.method,
            amount: self.amount,
            state: self.state,
            created_at: self.created_at,
        }
    }
}

/// Orders per page of a pull, as a provider's API pages them (Stripe's most is 100): sync
/// records each page in its own transaction, so that neither side holds every order changed
/// since the last sync (issue 18).
pub(super) const PAGE: i64 = 1000;

/// Orders changed after `seq`, in change order, with their lines and payments: a page of at
/// most `PAGE`.
pub(super) fn since(conn: &Connection, seq: i64) -> anyhow::Result<Vec<Sequenced<RemoteOrder>>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {ORDER_COLUMNS} FROM orders WHERE seq > ?1 ORDER BY seq LIMIT {PAGE}"
    ))?;
    let mut lines = conn.prepare(&format!(
        "SELECT {LINE_COLUMNS} FROM order_lines WHERE order_id = ?1 ORDER BY line_no"
    ))?;
    let mut payments = conn.prepare(&format!(
        "SELECT {PAYMENT_COLUMNS} FROM payments WHERE order_id = ?1 ORDER BY id"
    ))?;
    let rows = stmt.query_map([seq], OrderRow::read)?;
    let mut out = Vec::new();
    for row in rows {
        let o = row?;
        let currency = o.total.currency;
        let lines = lines
            .query_map([o.id], |r| {
                // `LINE_COLUMNS`, by position.
                Ok(RemoteLine {
                    sku: r.get(2)?,
                    quantity: r.get(3)?,
                    unit_price: Money::new(r.get(4)?, currency),
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        let payments = payments
            .query_map([o.id], PaymentRow::read)?
            .map(|p| p.map(PaymentRow::into_remote))
            .collect::<Result<Vec<_>, _>>()?;
        out.push(Sequenced {
            seq: o.seq,
            item: RemoteOrder {
                provider_ref: o.provider_ref,
                order_ref: o.order_ref,
                customer_phone: o.customer_phone,
                customer_name: o.customer_name,
                lines,
                total: o.total,
                payments,
                created_at: o.created_at,
            },
        });
    }
    Ok(out)
}

/// The id of the sandbox order `order_ref`; a push naming another order is rejected.
fn order_id(tx: &Transaction, order_ref: &str) -> ProviderResult<i64> {
    tx.query_row(
        "SELECT id FROM orders WHERE provider_ref = ?1",
        [order_ref],
        |r| r.get(0),
    )
    .optional()
    .map_err(|e| ProviderError::Other(e.into()))?
    .ok_or_else(|| {
        ProviderError::Rejected(format!(
            "the sandbox has no order {order_ref} (orders there come from `shopctl sandbox simulate`)"
        ))
    })
}

/// Some lines of an order were shipped; returns the fulfilment's reference.
pub(super) fn fulfil(
    tx: &Transaction,
    order_ref: &str,
    lines: &[LineQty],
    carrier: &str,
    tracking: &str,
    at: Timestamp,
) -> ProviderResult<String> {
    let oid = order_id(tx, order_ref)?;
    for l in lines {
        let ordered: Option<i64> = tx
            .query_row(
                "SELECT quantity FROM order_lines WHERE order_id = ?1 AND sku = ?2",
                params![oid, l.sku],
                |r| r.get(0),
            )
            .optional()
            .map_err(anyhow::Error::from)?;
        match ordered {
            None => {
                return Err(ProviderError::Rejected(format!(
                    "order {order_ref} at the sandbox has no line {}",
                    l.sku
                )));
            }
            Some(q) if l.quantity <= 0 || l.quantity > q => {
                return Err(ProviderError::Rejected(format!(
                    "order {order_ref} at the sandbox has {q} of {}, cannot ship {}",
                    l.sku, l.quantity
                )));
            }
            Some(_) => {}
        }
    }
    let id = next_id(tx, "fulfilments")?;
    let lines = serde_json::to_string(lines).map_err(anyhow::Error::from)?;
    tx.execute(
        "INSERT INTO fulfilments (id, order_id, lines, carrier, tracking, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![id, oid, lines, carrier, tracking, clock::format(at)],
    )
    .map_err(anyhow::Error::from)?;
    Ok(format!("sbx_ful_{id}"))
}

/// An unshipped order was canceled (the first cancel time stays).
pub(super) fn cancel(
    tx: &Transaction,
    order_ref: &str,
    reason: &str,
    at: Timestamp,
) -> ProviderResult<()> {
    let oid = order_id(tx, order_ref)?;
    tx.execute(
        "UPDATE orders SET canceled_at = COALESCE(canceled_at, ?1), cancel_reason = ?2 WHERE id = ?3",
        params![clock::format(at), reason, oid],
    )
    .map_err(anyhow::Error::from)?;
    Ok(())
}
