//! Money and Currency: an integer count of minor units plus an ISO 4217 code.
//!
//! Parsing and formatting go through `rust_decimal`, never `f64`. The number of decimals comes
//! from the currency (ISO 4217 via `iso_currency`); an amount with more decimals than its
//! currency allows is an error, never rounded.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// An ISO 4217 currency that has a minor unit (so not XAU, XDR and the like).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Currency(iso_currency::Currency);

impl Currency {
    /// Looks up an ISO 4217 code; case-insensitive, surrounding spaces ignored.
    pub fn from_code(code: &str) -> Result<Currency, MoneyError> {
        // A shop reads one or two currencies over and over (every row of money it loads): the
        // last one found is kept, keyed by its code as written.
        thread_local! {
            static LAST: std::cell::Cell<Option<([u8; 3], Currency)>> = const { std::cell::Cell::new(None) };
        }
        if let (Ok(key), Some((last, currency))) =
            (<[u8; 3]>::try_from(code.as_bytes()), LAST.get())
            && key == last
        {
            return Ok(currency);
        }
        let found = Currency::look_up(code)?;
        if let Ok(key) = <[u8; 3]>::try_from(code.as_bytes()) {
            LAST.set(Some((key, found)));
        }
        Ok(found)
    }

    fn look_up(code: &str) -> Result<Currency, MoneyError> {
        let upper = code.trim().to_ascii_uppercase();
        match iso_currency::Currency::from_code(&upper) {
            Some(c) if c.exponent().is_some() => Ok(Currency(c)),
            Some(_) => Err(MoneyError::NoMinorUnit(upper)),
            None => Err(MoneyError::UnknownCurrency(code.trim().to_string())),
        }
    }

    pub fn code(self) -> &'static str {
        self.0.code()
    }

    /// Decimal places of the minor unit: 2 for SGD, 0 for JPY, 3 for KWD.
    pub fn exponent(self) -> u32 {
        u32::from(self.0.exponent().unwrap_or(0))
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A currency column reads as its ISO code; an unknown code is a conversion error that names it.
impl rusqlite::types::FromSql for Currency {
    fn column_result(v: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
        Currency::from_code(v.as_str()?)
            .map_err(|e| rusqlite::types::FromSqlError::Other(Box::new(e)))
    }
}

impl rusqlite::types::ToSql for Currency {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        Ok(self.code().into())
    }
}

impl FromStr for Currency {
    type Err = MoneyError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Currency::from_code(s)
    }
}

impl Serialize for Currency {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Currency::from_code(&s).map_err(serde::de::Error::custom)
    }
}

/// An amount: minor units (cents, yen, fils) of one currency.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Money {
    pub minor: i64,
    pub currency: Currency,
}

/// How to read an amount typed by a person or found in a file.
#[derive(Clone, Copy, Debug, Default)]
pub struct ParseOptions {
    /// `12,50` means twelve and a half (European spreadsheets); `.` is then an error.
    pub decimal_comma: bool,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum MoneyError {
    #[error("unknown currency code \"{0}\" (expected an ISO 4217 code such as SGD, INR, BRL, USD)")]
    UnknownCurrency(String),
    #[error("currency {0} has no minor unit and cannot be used for prices")]
    NoMinorUnit(String),
    #[error("\"{input}\": {currency} has {places} decimal place{s}", s = if *places == 1 { "" } else { "s" })]
    TooManyDecimals {
        input: String,
        currency: Currency,
        places: u32,
    },
    #[error(
        "\"{0}\" is not an amount (expected digits with an optional decimal point, like 12.50)"
    )]
    Garbage(String),
    #[error(
        "\"{0}\" has a decimal comma; pass --decimal-comma if the file uses commas for decimals"
    )]
    CommaWithoutOption(String),
    #[error(
        "\"{0}\" has a decimal point, but --decimal-comma says amounts are written with a comma (like 12,50)"
    )]
    PointWithCommaOption(String),
    #[error("\"{0}\" has more than one decimal separator (thousands separators are not accepted)")]
    TwoSeparators(String),
    #[error("\"{0}\" is too large to be an amount")]
    Overflow(String),
    #[error("\"{input}\" is in {found}, expected {expected}")]
    WrongCurrency {
        input: String,
        found: Currency,
        expected: Currency,
    },
    #[error("cannot add {0} and {1}: different currencies")]
    Mixed(Currency, Currency),
}

impl Money {
    pub fn new(minor: i64, currency: Currency) -> Money {
        Money { minor, currency }
    }

    pub fn zero(currency: Currency) -> Money {
        Money { minor: 0, currency }
    }

    /// Parses `12.50`, `12.5`, `.5`, `1500`, `12.50 SGD`, `SGD 12.50` (and `12,50` with
    /// `decimal_comma`). A code in the text must be `currency`.
    pub fn parse(input: &str, currency: Currency, opts: ParseOptions) -> Result<Money, MoneyError> {
        let (number, code) = split_code(input.trim());
        if let Some(code) = code {
            let found = Currency::from_code(code)?;
            if found != currency {
                return Err(MoneyError::WrongCurrency {
                    input: input.to_string(),
                    found,
                    expected: currency,
                });
            }
        }
        parse_number(input, number, currency, opts)
    }

    /// Parses an amount that must name its currency (`10.00 USD`, `USD 10.00`).
    pub fn parse_with_code(input: &str, opts: ParseOptions) -> Result<Money, MoneyError> {
        let (number, code) = split_code(input.trim());
        let code = code.ok_or_else(|| MoneyError::Garbage(input.to_string()))?;
        let currency = Currency::from_code(code)?;
        parse_number(input, number, currency, opts)
    }

    /// The amount in major units with exactly the currency's decimals: `12.50`, `1500`, `1.250`.
    pub fn to_major_string(&self) -> String {
        Decimal::new(self.minor, self.currency.exponent()).to_string()
    }

    pub fn checked_add(self, other: Money) -> Result<Money, MoneyError> {
        if self.currency != other.currency {
            return Err(MoneyError::Mixed(self.currency, other.currency));
        }
        let minor = self.minor.checked_add(other.minor).ok_or_else(|| {
            MoneyError::Overflow(format!(
                "{} + {}",
                self.to_major_string(),
                other.to_major_string()
            ))
        })?;
        Ok(Money::new(minor, self.currency))
    }

    pub fn checked_sub(self, other: Money) -> Result<Money, MoneyError> {
        self.checked_add(Money::new(-other.minor, other.currency))
    }

    /// `self × n`, e.g. a unit price times a quantity.
    pub fn checked_mul(self, n: i64) -> Result<Money, MoneyError> {
        let minor = self
            .minor
            .checked_mul(n)
            .ok_or_else(|| MoneyError::Overflow(format!("{} × {n}", self.to_major_string())))?;
        Ok(Money::new(minor, self.currency))
    }

    /// Sums amounts that must all be in `currency`.
    pub fn sum<'a>(
        currency: Currency,
        items: impl IntoIterator<Item = &'a Money>,
    ) -> Result<Money, MoneyError> {
        items
            .into_iter()
            .try_fold(Money::zero(currency), |acc, m| acc.checked_add(*m))
    }

    pub fn is_negative(&self) -> bool {
        self.minor < 0
    }

    /// The amount as a Decimal in major units, for rate arithmetic (fees).
    pub fn to_decimal(&self) -> Decimal {
        Decimal::new(self.minor, self.currency.exponent())
    }

    /// Rounds a major-unit Decimal half away from zero to the currency's minor unit. Only for
    /// computed amounts such as percentage fees; parsed input is never rounded.
    pub fn from_decimal_rounded(value: Decimal, currency: Currency) -> Result<Money, MoneyError> {
        use rust_decimal::prelude::ToPrimitive;
        let scaled = value
            .round_dp_with_strategy(
                currency.exponent(),
                rust_decimal::RoundingStrategy::MidpointAwayFromZero,
            )
            .checked_mul(Decimal::from(10i64.pow(currency.exponent())))
            .ok_or_else(|| MoneyError::Overflow(value.to_string()))?;
        let minor = scaled
            .to_i64()
            .ok_or_else(|| MoneyError::Overflow(value.to_string()))?;
        Ok(Money::new(minor, currency))
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.to_major_string(), self.currency)
    }
}

/// Splits `12.50 SGD` or `SGD 12.50` into number and code; a bare number has no code.
fn split_code(s: &str) -> (&str, Option<&str>) {
    let is_code = |t: &str| t.len() == 3 && t.chars().all(|c| c.is_ascii_alphabetic());
    if let Some((a, b)) = s.split_once(char::is_whitespace) {
        let (a, b) = (a.trim(), b.trim());
        if is_code(b) {
            return (a, Some(b));
        }
        if is_code(a) {
            return (b, Some(a));
        }
    }
    (s, None)
}

/// Digits before the point beyond which no currency's amount fits in i64 minor units.
const MAX_INTEGER_DIGITS: usize = 15;

fn parse_number(
    input: &str,
    number: &str,
    currency: Currency,
    opts: ParseOptions,
) -> Result<Money, MoneyError> {
    let garbage = || MoneyError::Garbage(input.to_string());
    let (negative, body) = match number.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, number.strip_prefix('+').unwrap_or(number)),
    };
    let (point, other) = if opts.decimal_comma {
        (',', '.')
    } else {
        ('.', ',')
    };
    let points = body.matches(point).count();
    let others = body.matches(other).count();
    if points + others > 1 {
        return Err(MoneyError::TwoSeparators(input.to_string()));
    }
    if others == 1 {
        return Err(if opts.decimal_comma {
            MoneyError::PointWithCommaOption(input.to_string())
        } else {
            MoneyError::CommaWithoutOption(input.to_string())
        });
    }
    let (int_part, frac_part) = body.split_once(point).unwrap_or((body, ""));
    if int_part.is_empty() && frac_part.is_empty() {
        return Err(garbage());
    }
    if !int_part.bytes().all(|b| b.is_ascii_digit())
        || !frac_part.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(garbage());
    }
    if body.ends_with(point) {
        return Err(garbage());
    }
    let significant = int_part.trim_start_matches('0');
    if significant.len() > MAX_INTEGER_DIGITS {
        return Err(MoneyError::Overflow(input.to_string()));
    }
    let exponent = currency.exponent();
    let places = frac_part.trim_end_matches('0').len();
    if places > exponent as usize {
        return Err(MoneyError::TooManyDecimals {
            input: input.trim().to_string(),
            currency,
            places: exponent,
        });
    }
    // Only digits and one point remain, so Decimal parses it exactly.
    let text = format!(
        "{}.{}",
        if significant.is_empty() {
            "0"
        } else {
            significant
        },
        &frac_part[..frac_part.len().min(exponent as usize).max(places)]
    );
    let text = text.trim_end_matches('.');
    let value =
        Decimal::from_str_exact(text).map_err(|_| MoneyError::Overflow(input.to_string()))?;
    let scaled = value
        .checked_mul(Decimal::from(10i64.pow(exponent)))
        .ok_or_else(|| MoneyError::Overflow(input.to_string()))?;
    use rust_decimal::prelude::ToPrimitive;
    let minor = scaled
        .to_i64()
        .ok_or_else(|| MoneyError::Overflow(input.to_string()))?;
    Ok(Money::new(if negative { -minor } else { minor }, currency))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn cur(c: &str) -> Currency {
        Currency::from_code(c).unwrap()
    }

    fn p(s: &str, c: &str) -> Result<i64, MoneyError> {
        Money::parse(s, cur(c), ParseOptions::default()).map(|m| m.minor)
    }

    /// The last currency found is kept: whatever came before, each code reads as its own, and
    /// a refused code is refused every time.
    #[test]
    fn codes_read_as_their_own_currency_in_any_order() {
        for (code, expected) in [
            ("SGD", Ok("SGD")),
            ("SGD", Ok("SGD")),
            ("jpy", Ok("JPY")),
            ("SGD", Ok("SGD")),
            ("ZZZ", Err(())),
            ("ZZZ", Err(())),
            ("XAU", Err(())),
            ("sgd", Ok("SGD")),
            (" INR ", Ok("INR")),
            ("jpy", Ok("JPY")),
        ] {
            let got = Currency::from_code(code)
                .map(Currency::code)
                .map_err(|_| ());
            assert_eq!(got, expected, "{code:?}");
        }
    }

    #[test]
    fn exponents_follow_iso_4217() {
        for (code, exp) in [
            ("SGD", 2),
            ("INR", 2),
            ("BRL", 2),
            ("USD", 2),
            ("JPY", 0),
            ("KRW", 0),
            ("VND", 0),
            ("KWD", 3),
            ("BHD", 3),
            ("OMR", 3),
            ("JOD", 3),
            ("TND", 3),
        ] {
            assert_eq!(cur(code).exponent(), exp, "{code}");
        }
    }

    #[test]
    fn parses_the_shapes_people_write() {
        assert_eq!(p("12.50", "SGD"), Ok(1250));
        assert_eq!(p("12.5", "SGD"), Ok(1250));
        assert_eq!(p(".5", "SGD"), Ok(50));
        assert_eq!(p("1500", "SGD"), Ok(150000));
        assert_eq!(p("12.50 SGD", "SGD"), Ok(1250));
        assert_eq!(p("SGD 12.50", "SGD"), Ok(1250));
        // A three-digit number beside a code is the number, not the code.
        assert_eq!(p("SGD 100", "SGD"), Ok(10000));
        assert_eq!(p("100 SGD", "SGD"), Ok(10000));
        assert_eq!(p(" 0 ", "SGD"), Ok(0));
        assert_eq!(
            p("12.500", "SGD"),
            Ok(1250),
            "trailing zeros are not extra precision"
        );
        assert_eq!(p("1500", "JPY"), Ok(1500));
        assert_eq!(p("1.25", "KWD"), Ok(1250));
        assert_eq!(p("-3.10", "SGD"), Ok(-310));
        let comma = ParseOptions {
            decimal_comma: true,
        };
        assert_eq!(
            Money::parse("12,50", cur("BRL"), comma).unwrap().minor,
            1250
        );
        // The wrong separator for the option says so, either way round (issue 15).
        assert!(matches!(
            Money::parse("14.99", cur("BRL"), comma),
            Err(MoneyError::PointWithCommaOption(_))
        ));
        assert!(matches!(
            Money::parse("4,50", cur("BRL"), ParseOptions::default()),
            Err(MoneyError::CommaWithoutOption(_))
        ));
        assert_eq!(
            Money::parse_with_code("10.00 USD", ParseOptions::default()).unwrap(),
            Money::new(1000, cur("USD"))
        );
    }

    #[test]
    fn rejects_bad_amounts_quoting_the_input() {
        let e = p("12.345", "SGD").unwrap_err();
        assert_eq!(e.to_string(), "\"12.345\": SGD has 2 decimal places");
        assert!(matches!(
            p("12.5", "JPY"),
            Err(MoneyError::TooManyDecimals { .. })
        ));
        assert!(matches!(p("abc", "SGD"), Err(MoneyError::Garbage(_))));
        assert!(matches!(p("12a", "SGD"), Err(MoneyError::Garbage(_))));
        assert!(matches!(p("", "SGD"), Err(MoneyError::Garbage(_))));
        assert!(matches!(p(".", "SGD"), Err(MoneyError::Garbage(_))));
        assert!(matches!(p("12.", "SGD"), Err(MoneyError::Garbage(_))));
        assert!(matches!(
            p("1.2.3", "SGD"),
            Err(MoneyError::TwoSeparators(_))
        ));
        assert!(matches!(
            p("1,000.00", "SGD"),
            Err(MoneyError::TwoSeparators(_))
        ));
        assert!(matches!(
            p("12,50", "SGD"),
            Err(MoneyError::CommaWithoutOption(_))
        ));
        assert!(matches!(
            p("123456789012345678901234567890", "SGD"),
            Err(MoneyError::Overflow(_))
        ));
        assert!(matches!(
            p("12.50 USD", "SGD"),
            Err(MoneyError::WrongCurrency { .. })
        ));
        assert!(matches!(
            p("12.50 XYZ", "SGD"),
            Err(MoneyError::UnknownCurrency(_))
        ));
        let e = p("1e5", "SGD").unwrap_err();
        assert!(e.to_string().contains("\"1e5\""), "{e}");
    }

    #[test]
    fn formats_with_the_currency_decimals() {
        assert_eq!(Money::new(1250, cur("SGD")).to_major_string(), "12.50");
        assert_eq!(Money::new(5, cur("SGD")).to_major_string(), "0.05");
        assert_eq!(Money::new(1500, cur("JPY")).to_major_string(), "1500");
        assert_eq!(Money::new(1250, cur("KWD")).to_major_string(), "1.250");
        assert_eq!(Money::new(-310, cur("SGD")).to_major_string(), "-3.10");
        assert_eq!(Money::new(0, cur("BHD")).to_major_string(), "0.000");
    }

    #[test]
    fn a_currency_needs_a_minor_unit_and_a_known_code() {
        assert_eq!(cur(" sgd ").code(), "SGD");
        assert_eq!(
            Currency::from_code("XAU"),
            Err(MoneyError::NoMinorUnit("XAU".into())),
            "gold has no minor unit"
        );
        assert_eq!(
            Currency::from_code("XYZ"),
            Err(MoneyError::UnknownCurrency("XYZ".into()))
        );
    }

    #[test]
    fn only_amounts_below_zero_are_negative() {
        for (minor, negative) in [(-100, true), (-1, true), (0, false), (1, false)] {
            assert_eq!(
                Money::new(minor, cur("SGD")).is_negative(),
                negative,
                "{minor}"
            );
        }
        // "-0.00" parses to zero, which is no negative price.
        assert!(
            !Money::parse("-0.00", cur("SGD"), ParseOptions::default())
                .unwrap()
                .is_negative()
        );
    }

    #[test]
    fn to_decimal_keeps_the_currency_places() {
        for (minor, code, text) in [
            (1250, "SGD", "12.50"),
            (-5, "SGD", "-0.05"),
            (1500, "JPY", "1500"),
            (1250, "KWD", "1.250"),
        ] {
            let d = Money::new(minor, cur(code)).to_decimal();
            assert_eq!(d, Decimal::from_str_exact(text).unwrap(), "{code}");
            assert_eq!(d.to_string(), text);
        }
    }

    #[test]
    fn arithmetic_refuses_mixed_currencies() {
        let a = Money::new(100, cur("SGD"));
        let b = Money::new(100, cur("USD"));
        assert!(matches!(a.checked_add(b), Err(MoneyError::Mixed(..))));
        assert_eq!(a.checked_add(a).unwrap().minor, 200);
        assert_eq!(Money::sum(cur("SGD"), &[a, a, a]).unwrap().minor, 300);
    }

    #[test]
    fn rounds_computed_fees_half_away_from_zero() {
        let d = Decimal::from_str_exact("0.125").unwrap();
        assert_eq!(
            Money::from_decimal_rounded(d, cur("SGD")).unwrap().minor,
            13
        );
        assert_eq!(
            Money::from_decimal_rounded(-d, cur("SGD")).unwrap().minor,
            -13
        );
    }

    proptest! {
        #[test]
        fn format_then_parse_is_identity(minor in -999_999_999_999_999i64..999_999_999_999_999i64,
                                         code in prop::sample::select(vec!["SGD", "JPY", "KWD", "INR", "BRL", "VND", "BHD"])) {
            let m = Money::new(minor, cur(code));
            let text = m.to_major_string();
            prop_assert_eq!(Money::parse(&text, m.currency, ParseOptions::default()).unwrap(), m);
            prop_assert_eq!(Money::parse(&m.to_string(), m.currency, ParseOptions::default()).unwrap(), m);
            let comma = text.replace('.', ",");
            prop_assert_eq!(Money::parse(&comma, m.currency, ParseOptions { decimal_comma: true }).unwrap(), m);
        }
    }
}
