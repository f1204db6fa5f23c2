//! `shopctl sandbox simulate`, `payout` and `pay`: drive the embedded sandbox
//! provider (customers, payments, payouts) for shops that use it.

use anyhow::{Context, Result, bail};
use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::Ctx;
use crate::error::Outcome;
use crate::model::{PaymentState, RemoteLine};
use crate::money::{Currency, Money, ParseOptions};
use crate::orders::{self, OrderStatus};
use crate::provider::sandbox::{
    FeeRule, PayoutMade, Sandbox, ShopOrder, SimulateParams, SimulateReport, Totals,
};
use crate::store::{Shop, Store};

#[derive(Debug, clap::Subcommand)]
pub enum SandboxCmd {
    /// Play customers ordering and paying, and the provider paying out
    #[command(after_help = super::examples!(
        "shopctl sandbox simulate --orders 12 --days 3 --seed 42",
        "shopctl sandbox simulate --orders 50 --discrepancies 3",
        "shopctl sandbox simulate --fee card=2.9%+0.30 --failure-rate 0",
    ))]
    Simulate(SimulateArgs),
    /// Pay out now everything the sandbox holds (e.g. today's refunds), as an instant payout
    #[command(after_help = super::examples!("shopctl sandbox payout"))]
    Payout,
    /// A customer pays in the chat for an order the shop imported from WhatsApp
    #[command(after_help = super::examples!(
        "shopctl sandbox pay 1042 --method paynow",
        "shopctl sandbox pay 1042 --fail",
    ))]
    Pay(PayArgs),
    /// The sandbox chat: the carts customers sent and every message the shop sent them
    #[command(after_help = super::examples!(
        "shopctl sandbox messages",
        "shopctl sandbox messages --to +6591234567",
    ))]
    Messages(MessagesArgs),
}

#[derive(Debug, clap::Args)]
pub struct MessagesArgs {
    /// Only the chat with this customer (their WhatsApp number, with or without +)
    #[arg(long, value_name = "PHONE")]
    pub to: Option<String>,
}

/// One line of the sandbox chat.
#[derive(Default, serde::Serialize)]
struct ChatRow {
    at: String,
    from: String,
    to: String,
    kind: String,
    text: String,
}

#[derive(Debug, clap::Args)]
pub struct PayArgs {
    /// The shop's order, e.g. 1042
    pub order: String,
    /// The payment method the customer uses (enabled at the sandbox)
    #[arg(long, default_value = "card", value_parser = super::args::method())]
    pub method: String,
    /// The payment fails (the order stays unpaid and gives its stock back at the next sync)
    #[arg(long)]
    pub fail: bool,
}

#[derive(Debug, clap::Args)]
pub struct SimulateArgs {
    /// How many orders customers place
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub orders: u32,
    /// Over how many days before now (payouts are made per day)
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..=366))]
    pub days: u32,
    /// The same seed gives the same customers, orders and payouts
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// The share of payments that fail, 0 to 1
    #[arg(long, default_value = "0.1")]
    pub failure_rate: String,
    /// Plant K reconciliation faults in the payouts this run makes
    #[arg(long, value_name = "K", default_value_t = 0)]
    pub discrepancies: u32,
    /// A method's fee, remembered by the sandbox: METHOD=PCT%[+FIXED], e.g. card=2.9%+0.30
    #[arg(long, value_name = "METHOD=PCT%[+FIXED]")]
    pub fee: Vec<String>,
}

pub fn run(ctx: &Ctx, cmd: SandboxCmd) -> Result<Outcome> {
    match cmd {
        SandboxCmd::Simulate(args) => simulate(ctx, args),
        SandboxCmd::Payout => payout(ctx),
        SandboxCmd::Pay(args) => pay(ctx, args),
        SandboxCmd::Messages(args) => messages(ctx, args),
    }
}

/// Opens the shop and refuses shops on another provider; the sandbox file is not touched yet.
fn sandbox_shop(ctx: &Ctx) -> Result<(Store, Shop)> {
    let store = ctx.open()?;
    let shop = store.shop()?;
    if shop.provider != "sandbox" {
        bail!(
            "this shop uses {}; the sandbox simulates only sandbox shops (`shopctl provider set sandbox` to switch)",
            shop.provider
        );
    }
    Ok((store, shop))
}

fn simulate(ctx: &Ctx, args: SimulateArgs) -> Result<Outcome> {
    let (store, shop) = sandbox_shop(ctx)?;
    let params = simulate_params(&args, &shop)?;
    let path = Sandbox::path_beside(store.path());
    if !path.exists() {
        bail!(
            "nothing has been pushed to the sandbox yet: run `shopctl catalog import FILE` and `shopctl payments enable card`, then `shopctl sync`"
        );
    }
    let r = Sandbox::open(&path)?.simulate(&params)?;
    ctx.out.summary(
        &simulate_doc(&r, args.seed, shop.currency),
        &simulate_text(&r, shop.currency),
    )?;
    if r.stock_ran_out {
        ctx.out.warn(&format!(
            "stock at the sandbox ran out after {} orders; add stock and `shopctl sync` for more",
            r.orders
        ));
    }
    ctx.out
        .hint("next: `shopctl sync` brings these orders, payments and payouts into the shop");
    Ok(Outcome::Done)
}

/// The simulation the arguments ask for, checked before the sandbox file is opened.
fn simulate_params(args: &SimulateArgs, shop: &Shop) -> Result<SimulateParams> {
    let failure_rate = Decimal::from_str_exact(args.failure_rate.trim())
        .ok()
        .filter(|r| !r.is_sign_negative() && *r <= Decimal::ONE)
        .with_context(|| {
            format!(
                "--failure-rate {:?} is not a share between 0 and 1 (e.g. 0.1 for one payment in ten)",
                args.failure_rate
            )
        })?;
    let mut fees = Vec::new();
    for text in &args.fee {
        let (method, rule) = FeeRule::parse_override(text)?;
        // The fixed part is money in the shop's currency: no more decimals than it has.
        Money::parse(
            &rule.fixed.to_string(),
            shop.currency,
            ParseOptions::default(),
        )
        .with_context(|| {
            format!(
                "--fee \"{text}\": the fixed part is not a {} amount",
                shop.currency
            )
        })?;
        fees.push((method, rule));
    }
    Ok(SimulateParams {
        orders: args.orders,
        days: args.days,
        seed: args.seed,
        failure_rate,
        discrepancies: args.discrepancies,
        fees,
        country: shop.country.clone(),
    })
}

fn simulate_doc(r: &SimulateReport, seed: u64, currency: Currency) -> Value {
    let totals = r.totals.get(&currency);
    let money = |pick: fn(&Totals) -> Money| {
        totals
            .map(pick)
            .unwrap_or_else(|| Money::zero(currency))
            .to_major_string()
    };
    json!({
        "seed": seed,
        "order_count": r.orders,
        "paid": r.paid,
        "failed": r.failed,
        "stock_ran_out": r.stock_ran_out,
        "currency": currency.code(),
        "gross": money(|t| t.gross),
        "fees": money(|t| t.fees),
        "net": money(|t| t.net),
        "by_method": r.by_method.iter().map(|m| json!({
            "method": m.method,
            "paid": m.paid,
            "failed": m.failed,
            "fee_rate": r.fees.get(&m.method).map(FeeRule::describe),
        })).collect::<Vec<_>>(),
        "payouts": r.payouts.iter().map(payout_row).collect::<Vec<_>>(),
        "planted_faults": r.faults.iter().map(|f| json!({
            "fault": f.kind,
            "kind": f.expect.as_str(),
            // The provider's reference: `payout` elsewhere is the shop's id (P3).
            "payout_ref": f.payout,
            "reference": f.reference,
        })).collect::<Vec<_>>(),
    })
}

/// The simulation for people: what customers did, by method with its fee, and the money.
fn simulate_text(r: &SimulateReport, currency: Currency) -> String {
    let mut text = format!(
        "{} orders placed ({} paid, {} failed); {} payout{} made",
        r.orders,
        r.paid,
        r.failed,
        r.payouts.len(),
        if r.payouts.len() == 1 { "" } else { "s" }
    );
    for m in &r.by_method {
        text.push_str(&format!(
            "\n  {}: {} paid, {} failed, fee {}",
            m.method,
            m.paid,
            m.failed,
            r.fees
                .get(&m.method)
                .map_or("none".to_string(), FeeRule::describe)
        ));
    }
    if let Some(t) = r.totals.get(&currency) {
        text.push_str(&format!(
            "\n  gross {}, fees {}, net {} {currency}",
            t.gross.to_major_string(),
            t.fees.to_major_string(),
            t.net.to_major_string()
        ));
    }
    text
}

fn payout_row(p: &PayoutMade) -> Value {
    json!({
        "provider_ref": p.provider_ref,
        "payout_date": p.day.to_string(),
        "amount": p.amount.to_major_string(),
        "currency": p.amount.currency.code(),
        "status": p.state.as_str(),
        "transaction_count": p.transactions,
    })
}

fn payout(ctx: &Ctx) -> Result<Outcome> {
    let (store, _shop) = sandbox_shop(ctx)?;
    let path = Sandbox::path_beside(store.path());
    let made = if path.exists() {
        Sandbox::open(&path)?.instant_payout()?
    } else {
        Vec::new()
    };
    let transactions = made.iter().map(|p| p.transactions).sum::<usize>();
    ctx.out.summary(
        &json!({
            "payout_count": made.len(),
            "transaction_count": transactions,
            "payouts": made.iter().map(payout_row).collect::<Vec<_>>(),
        }),
        &if made.is_empty() {
            "nothing unpaid at the sandbox: no payout made".to_string()
        } else {
            let amounts: Vec<String> = made.iter().map(|p| p.amount.to_string()).collect();
            format!(
                "paid out {} ({transactions} transaction{})",
                amounts.join(", "),
                if transactions == 1 { "" } else { "s" }
            )
        },
    )?;
    if !made.is_empty() {
        ctx.out
            .hint("next: `shopctl sync` brings the payout into the shop");
    }
    Ok(Outcome::Done)
}

fn pay(ctx: &Ctx, args: PayArgs) -> Result<Outcome> {
    let (store, _shop) = sandbox_shop(ctx)?;
    let id = orders::parse_id(&args.order)?;
    let order = orders::load(store.conn(), id)?;
    if order.status == OrderStatus::Canceled {
        bail!("order {id} is canceled; there is nothing to pay");
    }
    if order.payment_status.is_paid() {
        bail!(
            "order {id} is already paid ({}); `shopctl orders show {id}`",
            order.payment_status
        );
    }
    let method = crate::payments::lookup(&args.method)?.name;
    let path = Sandbox::path_beside(store.path());
    if !path.exists() {
        bail!(
            "nothing has been pushed to the sandbox yet: `shopctl payments enable card`, then `shopctl sync`"
        );
    }
    let shop_order = ShopOrder {
        order_ref: order.id.to_string(),
        customer_phone: order.customer_phone.clone(),
        customer_name: order.customer_name.clone(),
        lines: order
            .lines
            .iter()
            .map(|l| RemoteLine {
                sku: l.sku.clone(),
                quantity: l.quantity,
                unit_price: l.unit_price,
            })
            .collect(),
        total: order.total,
    };
    let payment = Sandbox::open(&path)?.pay_shop_order(&shop_order, method, args.fail)?;
    let state = if args.fail {
        PaymentState::Failed
    } else {
        PaymentState::Captured
    };
    ctx.out.summary(
        &json!({
            "order": order.id.to_string(),
            "payment": payment,
            "method": method,
            "amount": order.total.to_major_string(),
            "currency": order.total.currency.code(),
            "status": state.as_str(),
        }),
        &format!(
            "the customer paid {} for order {id} by {method}: {state}",
            order.total
        ),
    )?;
    ctx.out.hint(&format!(
        "next: `shopctl sync` settles order {id} in the shop"
    ));
    Ok(Outcome::Done)
}

fn messages(ctx: &Ctx, args: MessagesArgs) -> Result<Outcome> {
    let store = ctx.open()?;
    let path = Sandbox::path_beside(store.path());
    let lines = if path.exists() {
        Sandbox::open(&path)?.chat(args.to.as_deref())?
    } else {
        Vec::new()
    };
    ctx.out.rows(lines.into_iter().map(|l| {
        let (from, to) = if l.direction == "in" {
            (l.phone, "shop".to_string())
        } else {
            ("shop".to_string(), l.phone)
        };
        ChatRow {
            at: l.at,
            from,
            to,
            kind: l.kind,
            text: l.text,
        }
    }))?;
    Ok(Outcome::Done)
}
