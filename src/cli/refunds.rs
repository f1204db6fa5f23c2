//! `shopctl refunds create | list | show`.

use anyhow::{Context, Result, bail};
use serde::Serialize;
use serde_json::{Value, json};

use super::Ctx;
use crate::clock;
use crate::error::Outcome;
use crate::model::RefundState;
use crate::orders;
use crate::refunds::{self, Made, Refund, Scope, Standing};

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
            status: r.status.as_str().to_string(),
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
    match told(&refund, made) {
        (Standing::Succeeded | Standing::Pending, text) => ctx.out.say(&text)?,
        // The refund this command asked for did not happen: that is its failure (exit 1).
        (Standing::Refused, text) => bail!(text),
        (Standing::Waiting, text) => {
            ctx.out.warn(&text);
            outcome = Outcome::Problems;
        }
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
        since: since
            .as_deref()
            .map(clock::parse_user)
            .transpose()
            .context("--since")?,
        status: status
            .as_deref()
            .map(str::parse::<RefundState>)
            .transpose()?,
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
