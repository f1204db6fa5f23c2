//! Value parsers the commands share, so that a bad value is a usage error (exit 2) with clap's
//! "did you mean" and the completions offer the values: statuses from the model's own
//! vocabularies, payment methods from the registry, settings from their table, dates as
//! people type them.

use std::ffi::OsStr;

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use jiff::Timestamp;

use crate::model::Vocabulary;

/// One of a status enum's spellings (`--status shiped` → "tip: a similar value exists:
/// 'shipped'", exit 2).
pub fn vocab<T: Vocabulary>() -> impl TypedValueParser<Value = T> {
    PossibleValuesParser::new(T::ALL.iter().map(|v| v.as_str())).map(|s| {
        T::ALL
            .iter()
            .copied()
            .find(|v| v.as_str() == s)
            .expect("clap checked it is one of the values")
    })
}

/// A payment method name from the registry (card, paynow, upi, ...).
pub fn method() -> PossibleValuesParser {
    PossibleValuesParser::new(crate::payments::METHODS.iter().map(|m| m.name))
}

/// A date as people type it (`2026-11-01`, `today`, `yesterday`, `7d`, RFC 3339).
pub fn date(text: &str) -> Result<Timestamp, String> {
    crate::clock::date_arg(text)
}

/// A setting's name: checked by the settings table (which says "did you mean" and which
/// command manages provider keys), offered by the completions.
#[derive(Clone, Copy, Debug)]
pub struct SettingKey;

impl TypedValueParser for SettingKey {
    type Value = &'static crate::store::settings::Key;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        _arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<Self::Value, clap::Error> {
        let text = value.to_string_lossy();
        crate::store::settings::find(&text).map_err(|e| {
            clap::Error::raw(clap::error::ErrorKind::InvalidValue, format!("{e:#}\n")).with_cmd(cmd)
        })
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(
            crate::store::settings::KEYS
                .iter()
                .map(|k| PossibleValue::new(k.name).help(k.about)),
        ))
    }
}
