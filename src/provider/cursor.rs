//! Pull cursors of the HTTP adapters: the newest creation time seen (Unix seconds). Each pull
//! re-reads `LOOKBACK_SECS` before it, so that a payment or refund that settles late (PayNow,
//! UPI) is seen again; the shop upserts by reference, so re-reading changes nothing.

use super::{ProviderError, ProviderResult};

/// How far back each pull re-reads, so late state changes are seen.
pub const LOOKBACK_SECS: i64 = 24 * 3600;

/// The Unix time to list from for a stored cursor (None: from the start).
pub fn since(cursor: Option<&str>) -> ProviderResult<Option<i64>> {
    let Some(c) = cursor else {
        return Ok(None);
    };
    let at: i64 = c.parse().map_err(|_| {
        ProviderError::Other(anyhow::anyhow!(
            "the stored cursor \"{c}\" is not a Unix time; was the shop synced with another \
             provider? Clear it by switching providers with `shopctl provider set`"
        ))
    })?;
    Ok(Some((at - LOOKBACK_SECS).max(0)))
}

/// The newest of `created` and the old cursor; `None` when nothing was read.
pub fn next_cursor(created: impl IntoIterator<Item = i64>, old: Option<&str>) -> Option<String> {
    let newest = created.into_iter().max()?;
    let old: i64 = old.and_then(|c| c.parse().ok()).unwrap_or(0);
    Some(newest.max(old).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_reread_a_day_and_only_move_forward() {
        assert_eq!(since(None).unwrap(), None);
        assert_eq!(since(Some("100000")).unwrap(), Some(13600));
        assert_eq!(since(Some("5")).unwrap(), Some(0));
        assert!(
            since(Some("evt_1"))
                .unwrap_err()
                .to_string()
                .contains("not a Unix time")
        );
        assert_eq!(next_cursor([5, 9, 7], Some("8")), Some("9".into()));
        assert_eq!(next_cursor([5], Some("8")), Some("8".into()));
        assert_eq!(next_cursor([], Some("8")), None);
    }
}
