//! The Stripe adapter: the Stripe REST API over HTTPS (form bodies, Idempotency-Key on every
//! POST, cursor pagination, retries with backoff). Stripe's JSON never leaves this module.

use super::*;

pub struct Stripe {}

impl Stripe {
    /// Builds the adapter from the shop's settings (api base, where the key comes from).
    pub fn from_settings(_conn: &rusqlite::Connection) -> anyhow::Result<Stripe> {
        anyhow::bail!("the Stripe adapter is not built yet (tracked in issue 7)")
    }
}

impl Provider for Stripe {
    fn name(&self) -> &'static str {
        "stripe"
    }
    fn push(&mut self, _entry: &OutboxEntry) -> ProviderResult<PushOutcome> {
        unimplemented!()
    }
    fn pull_orders(&mut self, _cursor: Option<&str>) -> ProviderResult<Pulled<RemoteOrder>> {
        unimplemented!()
    }
    fn create_refund(&mut self, _request: &RefundRequest) -> ProviderResult<RemoteRefund> {
        unimplemented!()
    }
    fn pull_refunds(&mut self, _cursor: Option<&str>) -> ProviderResult<Pulled<RemoteRefund>> {
        unimplemented!()
    }
    fn pull_payouts(&mut self, _cursor: Option<&str>) -> ProviderResult<Pulled<RemotePayout>> {
        unimplemented!()
    }
    fn payout_transactions(
        &mut self,
        _payout_ref: &str,
    ) -> ProviderResult<Vec<BalanceTransaction>> {
        unimplemented!()
    }
}
