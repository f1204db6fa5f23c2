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
    // Most calls format the same instant (a command's `now`, once for each row it stamps):
    // the last text is kept (a sync of 10,000 orders formatted `now` 100,000 times).
    thread_local! {
        static LAST: std::cell::RefCell<Option<(Timestamp, String)>> = const { std::cell::RefCell::new(None) };
    }
    LAST.with_borrow_mut(|last| match last {
        Some((at, text)) if *at == ts => text.clone(),
        _ => {
            let text = ts
                .round(jiff::Unit::Second)
                .map(|t| t.to_string())
                .unwrap_or_else(|_| ts.to_string());
            *last = Some((ts, text.clone()));
            text
        }
    })
}

/// Parses a stored timestamp.
pub fn parse(text: &str) -> anyhow::Result<Timestamp> {
    text.parse::<Timestamp>()
        .with_context(|| format!("{text:?} is not an RFC 3339 timestamp"))
}

/// The forms a person may type for a date, said whenever one is not understood.
pub const DATE_FORMS: &str = "2026-11-01, today, yesterday, 7d (7 days ago), 12h (12 hours \
     ago), or an RFC 3339 time such as 2026-11-01T09:00:00Z";

/// Parses a `--since`/`--until` value as people type it: a date (`2026-11-01`, the start of
/// that day in the local zone), `today`, `yesterday`, `7d` or `12h` before now, or an RFC 3339
/// timestamp.
pub fn parse_user(text: &str) -> anyhow::Result<Timestamp> {
    parse_user_at(text, now()?, &jiff::tz::TimeZone::system())
}

/// `parse_user` at a given now and zone (for tests).
pub fn parse_user_at(
    text: &str,
    now: Timestamp,
    tz: &jiff::tz::TimeZone,
) -> anyhow::Result<Timestamp> {
    let t = text.trim();
    let bad = || anyhow::anyhow!("\"{text}\" is not a date; use {DATE_FORMS}");
    let start_of = |days_back: i64| -> anyhow::Result<Timestamp> {
        let day = now.to_zoned(tz.clone()).date();
        let day = day.checked_sub(jiff::Span::new().days(days_back))?;
        Ok(day.to_zoned(tz.clone())?.timestamp())
    };
    match t.to_ascii_lowercase().as_str() {
        "today" => return start_of(0),
        "yesterday" => return start_of(1),
        _ => {}
    }
    if let Some((n, unit)) = t
        .strip_suffix(['d', 'D'])
        .map(|n| (n, 24))
        .or_else(|| t.strip_suffix(['h', 'H']).map(|n| (n, 1)))
        && let Ok(n) = n.parse::<i64>()
    {
        if !(0..=36_500).contains(&n) {
            return Err(bad());
        }
        return Ok(now.checked_sub(jiff::SignedDuration::from_hours(n * unit))?);
    }
    if let Ok(ts) = t.parse::<Timestamp>() {
        return Ok(ts);
    }
    let date: jiff::civil::Date = t.parse().map_err(|_| bad())?;
    Ok(date.to_zoned(tz.clone())?.timestamp())
}

/// `parse_user` as a clap value parser: a date that is not understood is a usage error
/// (exit 2) that lists the forms.
pub fn date_arg(text: &str) -> Result<Timestamp, String> {
    parse_user(text).map_err(|e| format!("{e:#}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The kept text is the instant's own: asked again, after another, rounded the same.
    #[test]
    fn formats_are_the_instants_own_however_often_asked() {
        let a: Timestamp = "2026-11-20T09:00:00.6Z".parse().unwrap();
        let b: Timestamp = "2026-11-20T09:00:00Z".parse().unwrap();
        for (ts, text) in [
            (a, "2026-11-20T09:00:01Z"),
            (a, "2026-11-20T09:00:01Z"),
            (b, "2026-11-20T09:00:00Z"),
            (a, "2026-11-20T09:00:01Z"),
        ] {
            assert_eq!(format(ts), text);
        }
    }

    #[test]
    fn dates_as_people_type_them() {
        let now: Timestamp = "2026-11-20T09:00:00Z".parse().unwrap();
        let sg = jiff::tz::TimeZone::get("Asia/Singapore").unwrap();
        let at = |t: &str| parse_user_at(t, now, &sg).map(|ts| ts.to_string());
        // Singapore is UTC+8: its 20 November began at 16:00 UTC the day before.
        assert_eq!(at("today").unwrap(), "2026-11-19T16:00:00Z");
        assert_eq!(at("yesterday").unwrap(), "2026-11-18T16:00:00Z");
        assert_eq!(at("2026-11-01").unwrap(), "2026-10-31T16:00:00Z");
        assert_eq!(at("7d").unwrap(), "2026-11-13T09:00:00Z");
        assert_eq!(at("12h").unwrap(), "2026-11-19T21:00:00Z");
        assert_eq!(at("2026-11-01T09:00:00Z").unwrap(), "2026-11-01T09:00:00Z");
        for bad in ["2026-13-01", "last week", "7x", "-3d", ""] {
            let e = at(bad).unwrap_err().to_string();
            assert!(e.contains("today, yesterday, 7d"), "{bad}: {e}");
            assert!(!e.contains("four digit"), "{e}");
        }
    }
}
