//! The `shop` row and the `settings` table.

use anyhow::{Context, Result};
use jiff::Timestamp;
use rusqlite::{Connection, OptionalExtension, params};

use crate::money::Currency;

/// What `init` needs to make a shop.
#[derive(Clone, Debug)]
pub struct NewShop {
    pub name: String,
    pub country: String,
    pub currency: Currency,
    pub provider: String,
    pub created_at: Timestamp,
}

#[derive(Clone, Debug)]
pub struct Shop {
    pub name: String,
    pub country: String,
    pub currency: Currency,
    pub provider: String,
    pub created_at: String,
}

pub fn insert(conn: &Connection, shop: &NewShop) -> Result<()> {
    conn.execute(
        "INSERT INTO shop (id, name, country, currency, provider, created_at) VALUES (1, ?1, ?2, ?3, ?4, ?5)",
        params![
            shop.name,
            shop.country,
            shop.currency.code(),
            shop.provider,
            crate::clock::format(shop.created_at)
        ],
    )?;
    Ok(())
}

pub fn load(conn: &Connection) -> Result<Shop> {
    let (name, country, currency, provider, created_at): (String, String, String, String, String) =
        conn.prepare_cached(
            "SELECT name, country, currency, provider, created_at FROM shop WHERE id = 1",
        )?
        .query_row([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .context("the shop file has no shop row; was `shopctl init` interrupted?")?;
    Ok(Shop {
        name,
        country,
        currency: Currency::from_code(&currency)?,
        provider,
        created_at,
    })
}

pub fn set_provider(conn: &Connection, provider: &str) -> Result<()> {
    conn.execute("UPDATE shop SET provider = ?1 WHERE id = 1", [provider])?;
    Ok(())
}

pub fn setting(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT value FROM settings WHERE key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()?)
}

pub fn set_setting(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )?;
    Ok(())
}

pub fn delete_setting(conn: &Connection, key: &str) -> Result<()> {
    conn.execute("DELETE FROM settings WHERE key = ?1", [key])?;
    Ok(())
}

/// Checks an ISO 3166-1 alpha-2 code and returns it upper-cased.
pub fn validate_country(code: &str) -> Result<String> {
    let upper = code.trim().to_ascii_uppercase();
    match isocountry::CountryCode::for_alpha2(&upper) {
        Ok(_) => Ok(upper),
        Err(_) => anyhow::bail!(
            "unknown country code \"{}\": expected an ISO 3166-1 alpha-2 code such as SG, IN, BR or US",
            code.trim()
        ),
    }
}

/// The currency a shop in `country` most likely uses (SG → SGD), for `init` without --currency.
pub fn default_currency(country: &str) -> Option<Currency> {
    let c: iso_currency::Country = country.parse().ok()?;
    iso_currency::Currency::from_country(c)
        .into_iter()
        .find_map(|c| Currency::from_code(c.code()).ok())
}
