//! `shopctl refunds create | list | show`.

use anyhow::{Result, bail};
use jiff::Timestamp;
use serde::Serialize;
use serde_json::{Value, json};

use super::{Ctx, args};
use crate::error::Outcome;
use crate::model::RefundState;
use crate::orders;
use crate::output::{PageArgs, Pick};
use crate::refunds::{self, Made, Refund, Scope, Standing};

#[derive(Debug, clap::Subcommand)]
pub enum RefundsCmd {
    /// Refund an order: an amount, some lines, or all of it
    #[command(after_help = super::examples!(
        "shopctl refunds create 1042 --amount 5.00 --reason \"dented lid\"",
        "shopctl refunds create 1042 --line KOPI-MUG:1",
        "shopctl refunds create 1042 --all --yes",
    ))]
    Create(CreateArgs),
    /// List refunds
    #[command(after_help = super::examples!(
        "shopctl refunds list --since 7d",
        "shopctl refunds list --order 1042",
        "shopctl --format json refunds list --status pending",
    ))]
    List {
        /// Only refunds of this order
        #[arg(long, value_name = "ID")]
        order: Option<String>,
        /// Only refunds with this status
        #[arg(long, value_parser = args::vocab::<RefundState>())]
        status: Option<RefundState>,
        /// Only refunds made on or after this date: 2026-11-01, today, yesterday, 7d, or RFC 3339
        #[arg(long, value_name = "DATE", value_parser = args::date)]
        since: Option<Timestamp>,
        #[command(flatten)]
        page: PageArgs,
        #[command(flatten)]
        pick: Pick,
    },
    /// Show one refund
    #[command(after_help = super::examples!("shopctl refunds show R3"))]
    Show {
        /// The refund's id, e.g. R3
        id: String,
    },
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
    /// Why, for the customer, the provider and the order's history
    #[arg(long)]
    pub reason: Option<String>,
    /// Do not ask first (the question is only asked at a terminal)
    #[arg(long, short = 'y')]
    pub yes: bool,
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
            page,
            pick,
        } => list(ctx, order, status, since, &page, &pick),
        RefundsCmd::Show { id } => show(ctx, &id),
    }
}

/// One row of `refunds list`; its fields, in order of importance, are the JSON keys and the
/// columns.
#[derive(Default, Serialize)]
struct ListRow {
    id: String,
    order: String,
    amount: String,
    currency: String,
    status: String,
    created_at: String,
    reason: String,
    provider_ref: Option<String>,
}

impl ListRow {
    fn of(r: &Refund) -> ListRow {
        ListRow {
            id: r.label(),
            order: r.order_id.to_string(),
            amount: r.amount.to_major_string(),
            currency: r.amount.currency.code().to_string(),
            status: r.status.as_str().to_string(),
            created_at: r.created_at.clone(),
            reason: r.reason.clone(),
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
        "status": r.status.as_str(),
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

/// What became of a refund the shop asked for, worded once for every command that makes one
/// (`refunds create`, `orders cancel`): where it stands, and the sentence that says so and
/// what happens next. `made`: how the command came to this refund.
pub(super) fn told(r: &Refund, made: Made) -> (Standing, String) {
    let again = match made {
        Made::New => "",
        Made::ByKey => " (this key's refund, made earlier)",
        Made::Finished => {
            " (an earlier run asked for it and stopped before hearing back; this run finished it, \
             and made no second refund)"
        }
    };
    let what = format!(
        "refund {} of {} for order {}",
        r.label(),
        r.amount,
        r.order_id
    );
    let standing = r.standing();
    let text = match standing {
        Standing::Succeeded => format!("{what} succeeded{again}"),
        Standing::Refused => format!(
            "the provider refused {what}: {}; it is recorded as failed and nothing was refunded \
             (`shopctl refunds create {} --all` asks again for everything not refunded)",
            r.last_error.as_deref().unwrap_or("no reason given"),
            r.order_id
        ),
        Standing::Waiting => format!(
            "{what} is recorded but still pending: {}. `shopctl sync` (or `shopctl refunds create` \
             again with --idempotency-key {}) completes it without refunding twice",
            r.last_error.as_deref().unwrap_or("no answer"),
            r.idempotency_key
        ),
        Standing::Pending => {
            format!("{what} is pending at the provider; `shopctl sync` records its result{again}")
        }
    };
    (standing, text)
}

fn create(ctx: &Ctx, args: CreateArgs) -> Result<Outcome> {
    let order = orders::parse_id(&args.order)?;
    let scope = if let Some(a) = args.amount {
        Scope::Amount(a)
    } else if args.all {
        Scope::All
    } else {
        Scope::Lines(
            args.lines
                .iter()
                .map(|l| orders::parse_line_arg(l))
                .collect::<Result<Vec<_>>>()?,
        )
    };
    let mut store = ctx.open()?;
    if !args.yes && !confirm(ctx, &store, order, &scope)? {
        bail!("not confirmed: nothing was refunded");
    }
    // Connect first: a provider that is not set up stops the command before anything is
    // recorded, rather than leaving a refund waiting.
    let mut provider = ctx.provider(&store)?;
    let (refund, made) = refunds::create(
        &mut store,
        provider.as_mut(),
        order,
        &scope,
        args.reason.as_deref().unwrap_or(""),
        args.idempotency_key.as_deref(),
        ctx.now,
    )?;
    let mut outcome = Outcome::Done;
    let text = match told(&refund, made) {
        (Standing::Succeeded | Standing::Pending, text) => text,
        // The refund this command asked for did not happen: that is its failure (exit 1).
        (Standing::Refused, text) => bail!(text),
        (Standing::Waiting, text) => {
            ctx.out.warn(&text);
            outcome = Outcome::Problems;
            String::new()
        }
    };
    ctx.out.summary(&doc(&refund), &text)?;
    Ok(outcome)
}

/// At a terminal, says what will be refunded and asks. A refund the rules refuse gets no
/// question: the command fails with the same refusal.
fn confirm(ctx: &Ctx, store: &crate::store::Store, order: i64, scope: &Scope) -> Result<bool> {
    let Ok(Some(plan)) = refunds::preview(store.conn(), order, scope, ctx.now) else {
        return Ok(true);
    };
    let o = orders::load(store.conn(), order)?;
    ctx.out.confirm(&format!(
        "Refund {} of order {order} to {}?",
        plan.amount,
        super::orders::customer(&o)
    ))
}

fn list(
    ctx: &Ctx,
    order: Option<String>,
    status: Option<RefundState>,
    since: Option<Timestamp>,
    page: &PageArgs,
    pick: &Pick,
) -> Result<Outcome> {
    let filter = refunds::Filter {
        order: order.as_deref().map(orders::parse_id).transpose()?,
        since,
        status,
    };
    let store = ctx.open()?;
    let out = ctx.out.picked(pick);
    let mut rows = out.writer::<ListRow>(page.page())?;
    refunds::each(store.conn(), &filter, out.fetch(page.page()), |r| {
        rows.row(ListRow::of(&r))
    })?;
    rows.finish(|| refunds::count(store.conn(), &filter))?;
    Ok(Outcome::Done)
}

fn show(ctx: &Ctx, id: &str) -> Result<Outcome> {
    let id = refunds::parse_id(id)?;
    let store = ctx.open()?;
    let refund = refunds::load(store.conn(), id)?;
    ctx.out.object(&doc(&refund))?;
    Ok(Outcome::Done)
}
