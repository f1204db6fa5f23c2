//! The sandbox provider: a simulated payment provider with its own SQLite file beside the
//! shop's. The shop learns about its orders, payments, refunds and payouts only through sync.

use std::path::Path;

use super::*;

pub struct Sandbox {}

impl Sandbox {
    /// Opens (creating if needed) the sandbox state file beside the shop file.
    pub fn open_beside(_shop_path: &Path) -> anyhow::Result<Sandbox> {
        anyhow::bail!("the sandbox provider is not built yet (tracked in issue 4)")
    }
}

impl Provider for Sandbox {
    fn name(&self) -> &'static str {
        "sandbox"
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
