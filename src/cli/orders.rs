//! `shopctl orders list | show | import | fulfil | cancel`.

use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use serde::Serialize;
use serde_json::{Value, json};

use jiff::Timestamp;

use super::{Ctx, args};
use crate::error::Outcome;
use crate::model::{OrderStatus, PaymentStatus};
use crate::orders::{self, Order, fulfil, fulfil_csv, import};
use crate::output::{Page, Pick};
use crate::refunds::{self, Standing};

#[derive(Debug, clap::Subcommand)]
pub enum OrdersCmd {
    /// List orders, newest first
    #[command(after_help = super::examples!(
        "shopctl orders list --unfulfilled --since 7d",
        "shopctl orders list --status processing --payment captured",
        "shopctl --format csv orders list --since 2026-11-01 --columns id,total,currency,lines",
    ))]
    List(ListArgs),
    /// Show one order with its lines, payments, fulfilments, refunds and history
    #[command(after_help = super::examples!(
        "shopctl orders show 1042",
        "shopctl --format json orders show 1042",
    ))]
    Show {
        /// The order's id, e.g. 1042
        id: String,
    },
    /// Import WhatsApp Cloud API `order` webhook payloads (JSON; a file or - for stdin)
    #[command(after_help = super::examples!(
        "shopctl orders import webhook.json",
        "shopctl orders import - < webhook.json",
    ))]
    Import {
        /// A JSON file of webhook payloads, or - to read stdin
        #[arg(value_hint = clap::ValueHint::FilePath)]
        file: PathBuf,
    },
    /// Ship an order, all of it or some lines
    #[command(after_help = super::examples!(
        "shopctl orders fulfil 1042 --carrier SingPost --tracking SP123456789SG",
        "shopctl orders fulfil 1043 --line BATIK-TEE-M:1",
        "shopctl orders fulfil --from shipments.csv",
    ))]
    Fulfil(FulfilArgs),
    /// Cancel an order that has not shipped (a paid one is refunded in full)
    #[command(after_help = super::examples!(
        "shopctl orders cancel 1042 --reason \"out of stock\"",
        "shopctl orders cancel 1042 --yes   # no question, even at a terminal",
    ))]
    Cancel {
        /// The order's id, e.g. 1042
        id: String,
        /// Why, for the customer and the history
        #[arg(long)]
        reason: Option<String>,
        /// Do not ask before refunding a paid order (the question is only asked at a terminal)
        #[arg(long, short = 'y')]
        yes: bool,
    },
    /// Write to a chat order's customer (sent by the next `shopctl sync`)
    #[command(after_help = super::examples!(
        "shopctl orders notify 1042 --text \"Your parcel leaves today\"",
    ))]
    Notify {
        /// The order's id, e.g. 1042 (an order that came from the chat)
        id: String,
        /// What the customer reads (WhatsApp refuses free-form text 24 hours after the
        /// customer last wrote)
        #[arg(long, value_name = "T")]
        text: String,
    },
}

#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// Only orders with this status
    #[arg(long, value_parser = args::vocab::<OrderStatus>())]
    pub status: Option<OrderStatus>,
    /// Only orders with this payment status
    #[arg(long, value_parser = args::vocab::<PaymentStatus>())]
    pub payment: Option<PaymentStatus>,
    /// Only orders created on or after this date: 2026-11-01, today, yesterday, 7d, or RFC 3339
    #[arg(long, value_name = "DATE", value_parser = args::date)]
    pub since: Option<Timestamp>,
    /// Only orders created before this date (same forms as --since)
    #[arg(long, value_name = "DATE", value_parser = args::date)]
    pub until: Option<Timestamp>,
    /// Only orders whose customer's phone or name contains C
    #[arg(long, value_name = "C")]
    pub customer: Option<String>,
    /// Only orders with lines not yet shipped
    #[arg(long)]
    pub unfulfilled: bool,
    /// At most N orders (a table shows 50 unless told)
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
    /// Every order, also in a table
    #[arg(long, conflicts_with = "limit")]
    pub all: bool,
    #[command(flatten)]
    pub pick: Pick,
}

#[derive(Debug, clap::Args)]
pub struct FulfilArgs {
    /// The order to ship
    #[arg(required_unless_present = "from", conflicts_with = "from")]
    pub id: Option<String>,
    /// Ship only this line, or QTY of it (repeatable)
    #[arg(long = "line", value_name = "SKU[:QTY]")]
    pub lines: Vec<String>,
    /// The carrier that takes the parcel, e.g. SingPost (told to the customer)
    #[arg(long)]
    pub carrier: Option<String>,
    /// The carrier's tracking number (told to the customer)
    #[arg(long)]
    pub tracking: Option<String>,
    /// Ship even though the order is not paid
    #[arg(long)]
    pub force: bool,
    /// Many shipments from a CSV of order, sku, quantity, carrier, tracking
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub from: Option<PathBuf>,
}

pub fn run(ctx: &Ctx, cmd: OrdersCmd) -> Result<Outcome> {
    match cmd {
        OrdersCmd::List(args) => list(ctx, args),
        OrdersCmd::Show { id } => show(ctx, &id),
        OrdersCmd::Import { file } => import_file(ctx, &file),
        OrdersCmd::Fulfil(args) => fulfil_cmd(ctx, args),
        OrdersCmd::Cancel { id, reason, yes } => {
            cancel(ctx, &id, reason.as_deref().unwrap_or(""), yes)
        }
        OrdersCmd::Notify { id, text } => notify(ctx, &id, &text),
    }
}

fn notify(ctx: &Ctx, id: &str, text: &str) -> Result<Outcome> {
    let id = orders::parse_id(id)?;
    let mut store = ctx.open()?;
    let message = store.write(|tx| orders::notify::notify(tx, id, text, ctx.now))?;
    ctx.out.summary(
        &json!({
            "order": id.to_string(),
            "message": message.to_string(),
            "status": "queued",
        }),
        &format!("message {message} to the customer of order {id} queued; `shopctl sync` sends it"),
    )?;
    Ok(Outcome::Done)
}

/// One row of `orders list`; its fields, in order of importance, are the JSON keys and the
/// columns (`lines` reads `KOPI-MUG×2, TEE-M×1` in tables and CSV).
#[derive(Default, Serialize)]
struct ListRow {
    id: String,
    created_at: String,
    status: &'static str,
    payment_status: &'static str,
    total: String,
    currency: &'static str,
    customer_name: String,
    lines: Vec<LineRow>,
    customer_phone: String,
    source: String,
    provider_ref: Option<String>,
}

/// An order line, in `orders list` and `orders show`.
#[derive(Serialize)]
struct LineRow {
    sku: String,
    title: String,
    quantity: i64,
    fulfilled_quantity: i64,
    refunded_quantity: i64,
    unit_price: String,
}

impl ListRow {
    fn of(order: &Order) -> ListRow {
        ListRow {
            id: order.label(),
            created_at: order.created_at.clone(),
            status: order.status.as_str(),
            payment_status: order.payment_status.as_str(),
            total: order.total.to_major_string(),
            currency: order.currency.code(),
            customer_name: order.customer_name.clone(),
            lines: LineRow::of(order),
            customer_phone: order.customer_phone.clone(),
            source: order.source.clone(),
            provider_ref: order.provider_ref.clone(),
        }
    }
}

impl LineRow {
    fn of(order: &Order) -> Vec<LineRow> {
        order
            .lines
            .iter()
            .map(|l| LineRow {
                sku: l.sku.clone(),
                title: l.title.clone(),
                quantity: l.quantity,
                fulfilled_quantity: l.fulfilled_quantity,
                refunded_quantity: l.refunded_quantity,
                unit_price: l.unit_price.to_major_string(),
            })
            .collect()
    }
}

fn list(ctx: &Ctx, args: ListArgs) -> Result<Outcome> {
    let page = Page {
        limit: args.limit,
        all: args.all,
    };
    let out = ctx.out.picked(&args.pick);
    let filter = orders::Filter {
        status: args.status,
        payment: args.payment,
        since: args.since,
        until: args.until,
        customer: args.customer,
        unfulfilled: args.unfulfilled,
        limit: out.fetch(page),
    };
    let store = ctx.open()?;
    let conn = store.conn();
    let mut rows = out.writer::<ListRow>(page)?;
    orders::each(conn, &filter, |order| rows.row(ListRow::of(&order)))?;
    rows.finish(|| orders::count(conn, &filter))?;
    Ok(Outcome::Done)
}

fn refund_row(r: &refunds::Refund) -> Value {
    json!({
        "id": r.label(),
        "order": r.order_id.to_string(),
        "amount": r.amount.to_major_string(),
        "currency": r.amount.currency.code(),
        "status": r.status.as_str(),
        "reason": r.reason,
        "provider_ref": r.provider_ref,
        "created_at": r.created_at,
    })
}

fn show(ctx: &Ctx, id: &str) -> Result<Outcome> {
    let id = orders::parse_id(id)?;
    let store = ctx.open()?;
    let conn = store.conn();
    let order = orders::load(conn, id)?;
    let payments: Vec<Value> = orders::payments(conn, &order)?
        .iter()
        .map(|p| {
            json!({
                "provider_ref": p.provider_ref,
                "method": p.method,
                "amount": p.amount.to_major_string(),
                "currency": p.amount.currency.code(),
                "status": p.status.as_str(),
                "created_at": p.created_at,
            })
        })
        .collect();
    let fulfilments: Vec<Value> = orders::fulfilments(conn, id)?
        .iter()
        .map(|f| {
            json!({
                "id": f.id.to_string(),
                "created_at": f.created_at,
                "carrier": f.carrier,
                "tracking": f.tracking,
                "lines": f.lines.iter().map(|(sku, q)| json!({"sku": sku, "quantity": q})).collect::<Vec<_>>(),
            })
        })
        .collect();
    let refund_rows: Vec<Value> = refunds::of_order(conn, id)?
        .iter()
        .map(refund_row)
        .collect();
    let history: Vec<Value> = orders::events(conn, id)?
        .iter()
        .map(|e| json!({"created_at": e.at, "what": e.what, "note": e.note}))
        .collect();
    ctx.out.object(&json!({
        "id": order.label(),
        "status": order.status.as_str(),
        "payment_status": order.payment_status.as_str(),
        "currency": order.currency.code(),
        "total": order.total.to_major_string(),
        "customer_name": order.customer_name,
        "customer_phone": order.customer_phone,
        "source": order.source,
        "source_ref": order.source_ref,
        "provider_ref": order.provider_ref,
        "created_at": order.created_at,
        "updated_at": order.updated_at,
        "lines": LineRow::of(&order),
        "payments": payments,
        "fulfilments": fulfilments,
        "refunds": refund_rows,
        "messages": crate::messages::of_order(conn, id)?,
        "history": history,
    }))?;
    Ok(Outcome::Done)
}

/// The summary of `orders import`. Written as it is serialized: the ids of a million orders as
/// a `Value` took more memory than the whole import (issue 18).
#[derive(Serialize)]
struct ImportSummary<'a> {
    created: usize,
    updated: usize,
    unchanged: usize,
    rejected: usize,
    skipped: usize,
    orders: Ids<'a>,
}

/// Order ids, as strings.
struct Ids<'a>(&'a import::Created);

impl Serialize for Ids<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(|id| id.to_string()))
    }
}

fn import_file(ctx: &Ctx, file: &std::path::Path) -> Result<Outcome> {
    let mut store = ctx.open()?;
    let currency = store.shop()?.currency;
    store.for_bulk_writes(IMPORT_CACHE_MB)?;
    // Read as a stream (issue 18): the file is never held whole.
    let summary = if file.as_os_str() == "-" {
        let stdin = std::io::stdin().lock();
        store.write(|tx| import::import(tx, "stdin", stdin, currency, ctx.now))?
    } else {
        let input =
            std::fs::File::open(file).with_context(|| format!("cannot read {}", file.display()))?;
        let name = file.display().to_string();
        store.write(|tx| import::import(tx, &name, input, currency, ctx.now))?
    };
    for w in &summary.warnings {
        ctx.out.warn(w);
    }
    ctx.out.summary_of(
        &ImportSummary {
            created: summary.created.len(),
            updated: 0,
            unchanged: summary.unchanged,
            rejected: 0,
            skipped: summary.skipped,
            orders: Ids(&summary.created),
        },
        &format!(
            "{} order{} imported, {} already imported, {} other message{} skipped",
            summary.created.len(),
            if summary.created.len() == 1 { "" } else { "s" },
            summary.unchanged,
            summary.skipped,
            if summary.skipped == 1 { "" } else { "s" },
        ),
    )?;
    if !summary.created.is_empty() {
        ctx.out
            .hint("next: the customer pays in the chat; `shopctl sync` brings the payment in");
    }
    Ok(Outcome::Done)
}

fn shipped_json(s: &fulfil::Shipped, carrier: &str, tracking: &str) -> Value {
    json!({
        "order": s.order.to_string(),
        "fulfilment": s.fulfilment.to_string(),
        "status": s.status.as_str(),
        "carrier": carrier,
        "tracking": tracking,
        "lines": s.lines.iter().map(|(sku, q)| json!({"sku": sku, "quantity": q})).collect::<Vec<_>>(),
    })
}

fn shipped_text(s: &fulfil::Shipped) -> String {
    let what: Vec<String> = s
        .lines
        .iter()
        .map(|(sku, q)| format!("{q} × {sku}"))
        .collect();
    format!(
        "order {}: shipped {} (now {})",
        s.order,
        what.join(", "),
        s.status
    )
}

fn fulfil_cmd(ctx: &Ctx, args: FulfilArgs) -> Result<Outcome> {
    let mut store = ctx.open()?;
    if let Some(path) = &args.from {
        let file =
            std::fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
        let name = path.display().to_string();
        let shipped =
            store.write(|tx| fulfil_csv::from_csv(tx, &name, file, args.force, ctx.now))?;
        let rows: Vec<Value> = shipped
            .iter()
            .map(|s| {
                let (carrier, tracking) = fulfilment_carrier(&store, s);
                shipped_json(s, &carrier, &tracking)
            })
            .collect();
        let text: Vec<String> = shipped.iter().map(shipped_text).collect();
        ctx.out
            .summary(&json!({"fulfilments": rows}), &text.join("\n"))?;
        if !shipped.is_empty() {
            ctx.out.hint(NEXT_FULFIL);
        }
        return Ok(Outcome::Done);
    }
    let id = orders::parse_id(args.id.as_deref().unwrap_or_default())?;
    let lines = args
        .lines
        .iter()
        .map(|l| orders::parse_line_arg(l))
        .collect::<Result<Vec<_>>>()?;
    let req = fulfil::Request {
        lines,
        carrier: args.carrier.unwrap_or_default(),
        tracking: args.tracking.unwrap_or_default(),
        force: args.force,
    };
    let shipped = store.write(|tx| fulfil::fulfil(tx, id, &req, ctx.now))?;
    // One shape for both forms: the shipments made (here one).
    ctx.out.summary(
        &json!({"fulfilments": [shipped_json(&shipped, &req.carrier, &req.tracking)]}),
        &shipped_text(&shipped),
    )?;
    ctx.out.hint(NEXT_FULFIL);
    Ok(Outcome::Done)
}

/// What a shipment leaves for later.
const NEXT_FULFIL: &str =
    "next: `shopctl sync` tells the provider and the customer that it has shipped";

/// The carrier and tracking a bulk row gave, read back from the fulfilment.
fn fulfilment_carrier(store: &crate::store::Store, s: &fulfil::Shipped) -> (String, String) {
    orders::fulfilments(store.conn(), s.order)
        .ok()
        .and_then(|fs| fs.into_iter().find(|f| f.id == s.fulfilment))
        .map(|f| (f.carrier, f.tracking))
        .unwrap_or_default()
}

fn cancel(ctx: &Ctx, id: &str, reason: &str, yes: bool) -> Result<Outcome> {
    let id = orders::parse_id(id)?;
    let mut store = ctx.open()?;
    if !yes && !confirm_cancel(ctx, &store, id)? {
        bail!("not confirmed: order {id} was not canceled and nothing was refunded");
    }
    let done = refunds::cancel_order(&mut store, id, reason, |s| ctx.provider(s), ctx.now)?;
    for w in &done.warnings {
        ctx.out.warn(w);
    }
    let mut text = vec![format!("order {id} canceled; its stock is back")];
    let mut outcome = Outcome::Done;
    if let Some(r) = &done.refund {
        match super::refunds::told(r, refunds::Made::New) {
            (Standing::Succeeded | Standing::Pending, t) => text.push(t),
            // The cancel is committed either way: a refund that did not happen is a problem
            // to notice (exit 3), not a failure of the command.
            (Standing::Refused | Standing::Waiting, t) => {
                ctx.out.warn(&t);
                outcome = Outcome::Problems;
            }
        }
    }
    ctx.out.summary(
        &json!({
            "id": done.order.label(),
            "status": done.order.status.as_str(),
            "payment_status": done.order.payment_status.as_str(),
            "refund": done.refund.as_ref().map(refund_row),
        }),
        &text.join("\n"),
    )?;
    ctx.out
        .hint("next: `shopctl sync` tells the provider and the customer");
    Ok(outcome)
}

/// At a terminal, canceling a paid order says what will be refunded and asks first.
fn confirm_cancel(ctx: &Ctx, store: &crate::store::Store, id: i64) -> Result<bool> {
    let order = orders::load(store.conn(), id)?;
    if !order.payment_status.is_paid() {
        return Ok(true);
    }
    // A cancel the order's state refuses fails the same way without the question.
    let Ok(Some(plan)) = refunds::preview(store.conn(), id, &refunds::Scope::All, ctx.now) else {
        return Ok(true);
    };
    ctx.out.confirm(&format!(
        "Cancel order {id} and refund {} to {}?",
        plan.amount,
        customer(&order)
    ))
}

/// How a question names an order's customer.
pub(super) fn customer(order: &Order) -> String {
    match (
        order.customer_name.is_empty(),
        order.customer_phone.is_empty(),
    ) {
        (false, _) => order.customer_name.clone(),
        (true, false) => order.customer_phone.clone(),
        (true, true) => "the customer".to_string(),
    }
}

/// The page cache of `orders import`, in MB (`Store::for_bulk_writes`). Measured on a million
/// orders (CPU s): 2 MB (SQLite's default) 35.7, 16 MB 28.3, 32 MB 28.1, 64 MB 30.0; the rest of
/// the import holds about 15 MB.
const IMPORT_CACHE_MB: i64 = 16;
