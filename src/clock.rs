//! The current time. Tests and the demo pin it with `SHOPCTL_NOW` (RFC 3339) so that output
//! is reproducible; everything else reads the system clock.

use anyhow::Context;
use jiff::Timestamp;

pub const NOW_ENV: &str = "SHOPCTL_NOW";

pub fn now() -> anyhow::Result<Timestamp> {
    match std::env::var(NOW_ENV) {
        Ok(v) if !v.is_empty() => v
            .parse::<Timestamp>()
            .with_context(|| format!("{NOW_ENV}={v:?} is not an RFC 3339 timestamp")),
        _ => Ok(Timestamp::now()),
    }
}

/// Timestamps are stored and printed as RFC 3339 UTC with whole seconds.
pub fn format(ts: Timestamp) -> String {
    ts.round(jiff::Unit::Second)
        .map(|t| t.to_string())
        .unwrap_or_else(|_| ts.to_string())
}

/// Parses a stored timestamp.
pub fn parse(text: &str) -> anyhow::Result<Timestamp> {
    text.parse::<Timestamp>()
        .with_context(|| format!("{text:?} is not an RFC 3339 timestamp"))
}

/// Parses a `--since`/`--until` value: an RFC 3339 timestamp, or a date (`2026-11-01`) taken
/// as midnight UTC.
pub fn parse_user(text: &str) -> anyhow::Result<Timestamp> {
    if let Ok(ts) = text.parse::<Timestamp>() {
        return Ok(ts);
    }
    let date: jiff::civil::Date = text.parse().with_context(|| {
        format!("{text:?} is not a date (expected YYYY-MM-DD or an RFC 3339 timestamp)")
    })?;
    Ok(date.to_zoned(jiff::tz::TimeZone::UTC)?.timestamp())
}
