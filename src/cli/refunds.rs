//! `shopctl refunds create | list | show`.

use anyhow::{Context, Result, bail};
use serde::Serialize;
use serde_json::{Value, json};

use super::Ctx;
use crate::clock;
use crate::error::Outcome;
use crate::orders;
use crate::refunds::{self, Refund, What};

#[derive(Debug, clap::Subcommand)]
pub enum RefundsCmd {
    /// Refund an order: an amount, some lines, or all of it
    Create(CreateArgs),
    /// List refunds
    List {
        #[arg(long, value_name = "ID")]
        order: Option<String>,
        #[arg(long)]
        status: Option<String>,
        #[arg(long, value_name = "D")]
        since: Option<String>,
    },
    /// Show one refund
    Show { id: String },
}

#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("what").required(true).args(["amount", "lines", "all"])))]
pub struct CreateArgs {
    /// The order to refund
    pub order: String,
    /// Refund this amount
    #[arg(long, value_name = "A")]
    pub amount: Option<String>,
    /// Refund this line, or QTY of it, at the price paid (repeatable)
    #[arg(long = "line", value_name = "SKU[:QTY]")]
    pub lines: Vec<String>,
    /// Refund everything not yet refunded
    #[arg(long)]
    pub all: bool,
    #[arg(long)]
    pub reason: Option<String>,
    /// Reuse a key to make a retried command return the first refund
    #[arg(long, value_name = "K")]
    pub idempotency_key: Option<String>,
}

pub fn run(ctx: &Ctx, cmd: RefundsCmd) -> Result<Outcome> {
    match cmd {
        RefundsCmd::Create(args) => create(ctx, args),
        RefundsCmd::List {
            order,
            status,
            since,
        } => list(ctx, order, status, since),
        RefundsCmd::Show { id } => show(ctx, &id),
    }
}

/// One row of `refunds list`; its fields, in order, are the JSON keys and the columns.
#[derive(Default, Serialize)]
struct ListRow {
    id: String,
    order: String,
    amount: String,
    currency: String,
    status: String,
    reason: String,
    created_at: String,
    provider_ref: Option<String>,
}

impl ListRow {
    fn of(r: &Refund) -> ListRow {
        ListRow {
            id: r.label(),
            order: r.order_id.to_string(),
            amount: r.amount.to_major_string(),
            currency: r.amount.currency.code().to_string(),
            status: r.status.clone(),
            reason: r.reason.clone(),
            created_at: r.created_at.clone(),
            provider_ref: r.provider_ref.clone(),
        }
    }
}

fn doc(r: &Refund) -> Value {
    json!({
        "id": r.label(),
        "order": r.order_id.to_string(),
        "amount": r.amount.to_major_string(),
        "currency": r.amount.currency.code(),
        "status": r.status,
        "reason": r.reason,
        "payment": r.payment_ref,
        "provider_ref": r.provider_ref,
        "idempotency_key": r.idempotency_key,
        "last_error": r.last_error,
        "lines": r.lines.iter().map(|(sku, q)| json!({"sku": sku, "quantity": q})).collect::<Vec<_>>(),
        "created_at": r.created_at,
        "updated_at": r.updated_at,
    })
}

fn create(ctx: &Ctx, args: CreateArgs) -> Result<Outcome> {
    let order = orders::parse_id(&args.order)?;
    let what = if let Some(a) = args.amount {
        What::Amount(a)
    } else if args.all {
        What::All
    } else {
        What::Lines(
            args.lines
                .iter()
                .map(|l| orders::parse_line_arg(l))
                .collect::<Result<Vec<_>>>()?,
        )
    };
    let mut store = ctx.open()?;
    // Connect first: a provider that is not set up stops the command before anything is
    // recorded, rather than leaving a refund waiting.
    let mut provider = ctx.provider(&store)?;
    let (refund, existing) = refunds::create(
        &mut store,
        provider.as_mut(),
        order,
        &what,
        args.reason.as_deref().unwrap_or(""),
        args.idempotency_key.as_deref(),
        ctx.now,
    )?;
    let mut outcome = Outcome::Done;
    let again = if existing {
        " (this key's refund, made earlier)"
    } else {
        ""
    };
    match refund.status.as_str() {
        "succeeded" => ctx.out.say(&format!(
            "refund {} of {} for order {order} succeeded{again}",
            refund.label(),
            refund.amount
        ))?,
        "failed" => bail!(
            "the provider refused refund {} of {} for order {order}: {}; it is recorded as failed and nothing was refunded",
            refund.label(),
            refund.amount,
            refund.last_error.as_deref().unwrap_or("no reason given")
        ),
        _ => match &refund.last_error {
            Some(e) => {
                ctx.out.warn(&format!(
                    "refund {} of {} is recorded but still pending: {e}. `shopctl sync` (or this \
                     command again with --idempotency-key {}) completes it without refunding twice",
                    refund.label(),
                    refund.amount,
                    refund.idempotency_key
                ));
                outcome = Outcome::Problems;
            }
            None => ctx.out.say(&format!(
                "refund {} of {} for order {order} is pending at the provider; `shopctl sync` records its result{again}",
                refund.label(),
                refund.amount
            ))?,
        },
    }
    if ctx.out.format != crate::output::Format::Table {
        ctx.out.object(&doc(&refund))?;
    }
    Ok(outcome)
}

fn list(
    ctx: &Ctx,
    order: Option<String>,
    status: Option<String>,
    since: Option<String>,
) -> Result<Outcome> {
    let filter = refunds::Filter {
        order: order.as_deref().map(orders::parse_id).transpose()?,
        status,
        since: since
            .as_deref()
            .map(clock::parse_user)
            .transpose()
            .context("--since")?,
    };
    let store = ctx.open()?;
    ctx.out.rows(
        refunds::list(store.conn(), &filter)?
            .iter()
            .map(ListRow::of),
    )?;
    Ok(Outcome::Done)
}

fn show(ctx: &Ctx, id: &str) -> Result<Outcome> {
    let id = refunds::parse_id(id)?;
    let store = ctx.open()?;
    let refund = refunds::load(store.conn(), id)?;
    ctx.out.object(&doc(&refund))?;
    Ok(Outcome::Done)
}
