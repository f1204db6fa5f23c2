//! Test faults: `SHOPCTL_FAULTS` wraps the provider so that integration tests can make the Nth
//! call fail or kill the process right after a call succeeded (the crash between "provider did
//! it" and "shop recorded it"). Unset in normal use, and then the provider is returned as is.
//!
//! Syntax: comma-separated rules, each `fail:OP:N` (the Nth call of OP fails as if the network
//! dropped), `crash-after:OP:N` (the process exits with 137, like a SIGKILL, as soon as the
//! Nth call of OP has returned successfully) or `slow:OP:MS` (every call of OP first waits MS
//! milliseconds, like a slow provider: a sync that holds its lock for a while). OP is a trait
//! method name: account, push, pull_orders, create_refund, pull_refunds, pull_payouts,
//! payout_transactions, prepare_payment. Sync asks for a pull's next page on a thread of its
//! own while it writes the last (`sync::pull`), so a crash after a `pull_*` call lands while
//! the page before may still be committing: a test of it must allow either.

use anyhow::{Context, Result, bail};

use super::*;

pub const FAULTS_ENV: &str = "SHOPCTL_FAULTS";

const OPS: &[&str] = &[
    "account",
    "push",
    "pull_orders",
    "create_refund",
    "pull_refunds",
    "pull_payouts",
    "payout_transactions",
    "prepare_payment",
];

#[derive(Clone, Debug, PartialEq, Eq)]
enum Action {
    Fail,
    CrashAfter,
    /// `nth` is the delay in milliseconds.
    Slow,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Rule {
    action: Action,
    op: String,
    nth: u64,
}

fn parse(spec: &str) -> Result<Vec<Rule>> {
    let mut rules = Vec::new();
    for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let fields: Vec<&str> = part.split(':').collect();
        let [action, op, nth] = fields[..] else {
            bail!("{FAULTS_ENV}: \"{part}\" is not ACTION:OP:N");
        };
        let action = match action {
            "fail" => Action::Fail,
            "crash-after" => Action::CrashAfter,
            "slow" => Action::Slow,
            _ => bail!("{FAULTS_ENV}: unknown action \"{action}\" (fail, crash-after, slow)"),
        };
        if !OPS.contains(&op) {
            bail!(
                "{FAULTS_ENV}: unknown operation \"{op}\" ({})",
                OPS.join(", ")
            );
        }
        let nth = nth
            .parse()
            .with_context(|| format!("{FAULTS_ENV}: \"{nth}\" is not a call number"))?;
        rules.push(Rule {
            action,
            op: op.to_string(),
            nth,
        });
    }
    Ok(rules)
}

/// Wraps `inner` when `SHOPCTL_FAULTS` is set.
pub fn wrap(inner: Box<dyn Provider>) -> Result<Box<dyn Provider>> {
    match std::env::var(FAULTS_ENV) {
        Ok(spec) if !spec.trim().is_empty() => Ok(Box::new(Faulty {
            inner,
            rules: parse(&spec)?,
            calls: Default::default(),
        })),
        _ => Ok(inner),
    }
}

struct Faulty {
    inner: Box<dyn Provider>,
    rules: Vec<Rule>,
    calls: std::collections::HashMap<&'static str, u64>,
}

impl Faulty {
    fn call<T>(
        &mut self,
        op: &'static str,
        f: impl FnOnce(&mut dyn Provider) -> ProviderResult<T>,
    ) -> ProviderResult<T> {
        let n = {
            let c = self.calls.entry(op).or_default();
            *c += 1;
            *c
        };
        let hits = |a: Action| {
            self.rules
                .iter()
                .any(|r| r.action == a && r.op == op && r.nth == n)
        };
        for r in self
            .rules
            .iter()
            .filter(|r| r.action == Action::Slow && r.op == op)
        {
            std::thread::sleep(std::time::Duration::from_millis(r.nth));
        }
        if hits(Action::Fail) {
            return Err(ProviderError::Transient(format!(
                "injected fault: call {n} of {op} failed ({FAULTS_ENV})"
            )));
        }
        let crash = hits(Action::CrashAfter);
        let result = f(self.inner.as_mut());
        if crash && result.is_ok() {
            std::process::exit(137);
        }
        result
    }
}

impl Provider for Faulty {
    fn name(&self) -> &'static str {
        self.inner.name()
    }
    fn account(&mut self) -> ProviderResult<Account> {
        self.call("account", |p| p.account())
    }
    fn push(&mut self, entry: &OutboxEntry) -> ProviderResult<PushOutcome> {
        self.call("push", |p| p.push(entry))
    }
    fn pull_orders(&mut self, cursor: Option<&str>) -> ProviderResult<Pulled<RemoteOrder>> {
        self.call("pull_orders", |p| p.pull_orders(cursor))
    }
    fn create_refund(&mut self, request: &RefundRequest) -> ProviderResult<RemoteRefund> {
        self.call("create_refund", |p| p.create_refund(request))
    }
    fn pull_refunds(&mut self, cursor: Option<&str>) -> ProviderResult<Pulled<RemoteRefund>> {
        self.call("pull_refunds", |p| p.pull_refunds(cursor))
    }
    fn pull_payouts(&mut self, cursor: Option<&str>) -> ProviderResult<Pulled<RemotePayout>> {
        self.call("pull_payouts", |p| p.pull_payouts(cursor))
    }
    fn payout_transactions(&mut self, payout_ref: &str) -> ProviderResult<Vec<BalanceTransaction>> {
        self.call("payout_transactions", |p| p.payout_transactions(payout_ref))
    }
    fn prepare_payment(&mut self, ask: &PaymentAsk) -> ProviderResult<Option<PreparedPayment>> {
        self.call("prepare_payment", |p| p.prepare_payment(ask))
    }
    // A rule on prepare_payment needs its calls, whatever the provider.
    fn prepares_payments(&self) -> bool {
        self.inner.prepares_payments() || self.rules.iter().any(|r| r.op == "prepare_payment")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_parse_and_bad_ones_are_named() {
        let r = parse("fail:push:3, crash-after:create_refund:1").unwrap();
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].nth, 3);
        assert!(parse("explode:push:1").is_err());
        assert!(parse("fail:shove:1").is_err());
        assert!(parse("fail:push").is_err());
        assert_eq!(
            parse("slow:pull_orders:2000").unwrap()[0].action,
            Action::Slow
        );
    }
}
