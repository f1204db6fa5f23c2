//! `shopctl orders list | show | import | fulfil | cancel`.

use std::io::Read;
use std::path::PathBuf;

use anyhow::{Context, Result};
use serde::Serialize;
use serde_json::{Value, json};

use super::Ctx;
use crate::clock;
use crate::error::Outcome;
use crate::orders::{self, Order, fulfil, fulfil_csv, import};
use crate::refunds::{self, Standing};

#[derive(Debug, clap::Subcommand)]
pub enum OrdersCmd {
    /// List orders, newest first
    List(ListArgs),
    /// Show one order with its lines, payments, fulfilments, refunds and history
    Show { id: String },
    /// Import WhatsApp Cloud API `order` webhook payloads (JSON; a file or - for stdin)
    Import { file: PathBuf },
    /// Ship an order, all of it or some lines
    Fulfil(FulfilArgs),
    /// Cancel an order that has not shipped (a paid one is refunded in full)
    Cancel {
        id: String,
        /// Why, for the customer and the history
        #[arg(long)]
        reason: Option<String>,
    },
}

#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// Only orders with this status
    #[arg(long)]
    pub status: Option<String>,
    /// Only orders with this payment status
    #[arg(long)]
    pub payment: Option<String>,
    /// Only orders created on or after this date (YYYY-MM-DD or RFC 3339)
    #[arg(long, value_name = "D")]
    pub since: Option<String>,
    /// Only orders created before this date
    #[arg(long, value_name = "D")]
    pub until: Option<String>,
    /// Only orders whose customer's phone or name contains C
    #[arg(long, value_name = "C")]
    pub customer: Option<String>,
    /// Only orders with lines not yet shipped
    #[arg(long)]
    pub unfulfilled: bool,
    /// At most N orders
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
}

#[derive(Debug, clap::Args)]
pub struct FulfilArgs {
    /// The order to ship
    #[arg(required_unless_present = "from", conflicts_with = "from")]
    pub id: Option<String>,
    /// Ship only this line, or QTY of it (repeatable)
    #[arg(long = "line", value_name = "SKU[:QTY]")]
    pub lines: Vec<String>,
    #[arg(long)]
    pub carrier: Option<String>,
    #[arg(long)]
    pub tracking: Option<String>,
    /// Ship even though the order is not paid
    #[arg(long)]
    pub force: bool,
    /// Many shipments from a CSV of order, sku, quantity, carrier, tracking
    #[arg(long, value_name = "FILE")]
    pub from: Option<PathBuf>,
}

pub fn run(ctx: &Ctx, cmd: OrdersCmd) -> Result<Outcome> {
    match cmd {
        OrdersCmd::List(args) => list(ctx, args),
        OrdersCmd::Show { id } => show(ctx, &id),
        OrdersCmd::Import { file } => import_file(ctx, &file),
        OrdersCmd::Fulfil(args) => fulfil_cmd(ctx, args),
        OrdersCmd::Cancel { id, reason } => cancel(ctx, &id, reason.as_deref().unwrap_or("")),
    }
}

/// One row of `orders list`; its fields, in order, are the JSON keys and the columns.
#[derive(Default, Serialize)]
struct ListRow {
    id: String,
    created_at: String,
    status: &'static str,
    payment_status: &'static str,
    total: String,
    currency: &'static str,
    customer_name: String,
    customer_phone: String,
    source: String,
    provider_ref: Option<String>,
    lines: Vec<LineRow>,
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
            customer_phone: order.customer_phone.clone(),
            source: order.source.clone(),
            provider_ref: order.provider_ref.clone(),
            lines: LineRow::of(order),
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
    let filter = orders::Filter {
        status: args
            .status
            .as_deref()
            .map(str::parse)
            .transpose()
            .context("--status")?,
        payment: args
            .payment
            .as_deref()
            .map(str::parse)
            .transpose()
            .context("--payment")?,
        since: args
            .since
            .as_deref()
            .map(clock::parse_user)
            .transpose()
            .context("--since")?,
        until: args
            .until
            .as_deref()
            .map(clock::parse_user)
            .transpose()
            .context("--until")?,
        customer: args.customer,
        unfulfilled: args.unfulfilled,
        limit: args.limit,
    };
    let store = ctx.open()?;
    ctx.out
        .rows(orders::list(store.conn(), &filter)?.iter().map(ListRow::of))?;
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
        .map(|e| json!({"at": e.at, "what": e.what, "note": e.note}))
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
        "history": history,
    }))?;
    Ok(Outcome::Done)
}

fn import_file(ctx: &Ctx, file: &std::path::Path) -> Result<Outcome> {
    let (name, text) = if file.as_os_str() == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .context("cannot read the webhook payloads from stdin")?;
        ("stdin".to_string(), text)
    } else {
        let text = std::fs::read_to_string(file)
            .with_context(|| format!("cannot read {}", file.display()))?;
        (file.display().to_string(), text)
    };
    let mut store = ctx.open()?;
    let currency = store.shop()?.currency;
    let summary = store.write(|tx| import::import(tx, &name, &text, currency, ctx.now))?;
    for w in &summary.warnings {
        ctx.out.warn(w);
    }
    ctx.out.say(&format!(
        "{} order{} imported, {} already imported, {} other message{} skipped",
        summary.created.len(),
        if summary.created.len() == 1 { "" } else { "s" },
        summary.unchanged,
        summary.skipped,
        if summary.skipped == 1 { "" } else { "s" },
    ))?;
    if ctx.out.format != crate::output::Format::Table {
        ctx.out.object(&json!({
            "created": summary.created.len(),
            "updated": 0,
            "unchanged": summary.unchanged,
            "rejected": 0,
            "skipped": summary.skipped,
            "orders": summary.created.iter().map(|id| id.to_string()).collect::<Vec<_>>(),
        }))?;
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
        if ctx.out.format == crate::output::Format::Table {
            for s in &shipped {
                ctx.out.say(&shipped_text(s))?;
            }
        } else {
            ctx.out.object(&json!({"fulfilments": rows}))?;
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
    if ctx.out.format == crate::output::Format::Table {
        ctx.out.say(&shipped_text(&shipped))?;
    } else {
        ctx.out
            .object(&shipped_json(&shipped, &req.carrier, &req.tracking))?;
    }
    Ok(Outcome::Done)
}

/// The carrier and tracking a bulk row gave, read back from the fulfilment.
fn fulfilment_carrier(store: &crate::store::Store, s: &fulfil::Shipped) -> (String, String) {
    orders::fulfilments(store.conn(), s.order)
        .ok()
        .and_then(|fs| fs.into_iter().find(|f| f.id == s.fulfilment))
        .map(|f| (f.carrier, f.tracking))
        .unwrap_or_default()
}

fn cancel(ctx: &Ctx, id: &str, reason: &str) -> Result<Outcome> {
    let id = orders::parse_id(id)?;
    let mut store = ctx.open()?;
    let done = refunds::cancel_order(&mut store, id, reason, |s| ctx.provider(s), ctx.now)?;
    for w in &done.warnings {
        ctx.out.warn(w);
    }
    ctx.out
        .say(&format!("order {id} canceled; its stock is back"))?;
    let mut outcome = Outcome::Done;
    if let Some(r) = &done.refund {
        match super::refunds::told(r, refunds::Made::New) {
            (Standing::Succeeded | Standing::Pending, text) => ctx.out.say(&text)?,
            // The cancel is committed either way: a refund that did not happen is a problem
            // to notice (exit 3), not a failure of the command.
            (Standing::Refused | Standing::Waiting, text) => {
                ctx.out.warn(&text);
                outcome = Outcome::Problems;
            }
        }
    }
    if ctx.out.format != crate::output::Format::Table {
        ctx.out.object(&json!({
            "id": done.order.label(),
            "status": done.order.status.as_str(),
            "payment_status": done.order.payment_status.as_str(),
            "refund": done.refund.as_ref().map(refund_row),
        }))?;
    }
    Ok(outcome)
}
