//! What the chat storefront was last told about each product, and what it answered (the
//! `chat_items` table, migration 0008): `sync` records each item's result here through these
//! functions, `catalog show` and `catalog list --channel-errors` read it.
//!
//! A product never sent has no row. `data_hash` is the sha256 of the item data last sent, so
//! that an item is not sent again while it is what the chat already has (or what the chat
//! refused: a rejected item is retried only after the product changes).

use anyhow::{Context, Result};
use jiff::Timestamp;
use rusqlite::{Connection, OptionalExtension, Row, params};
use sha2::{Digest, Sha256};

use crate::model::CatalogItem;

/// Where a product stands in the chat's catalog.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChatState {
    /// The chat shows it as last sent (perhaps with warnings).
    Published,
    /// The chat refused the last data sent (errors say why); it is sent again once the
    /// product changes.
    Rejected,
    /// Taken off the chat's catalog (archived, or made a draft, after being published).
    Deleted,
}

impl ChatState {
    pub fn as_str(self) -> &'static str {
        match self {
            ChatState::Published => "published",
            ChatState::Rejected => "rejected",
            ChatState::Deleted => "deleted",
        }
    }

    fn parse(text: &str) -> Option<ChatState> {
        [
            ChatState::Published,
            ChatState::Rejected,
            ChatState::Deleted,
        ]
        .into_iter()
        .find(|s| s.as_str() == text)
    }
}

/// One `chat_items` row.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct ChatItemState {
    pub sku: String,
    pub state: ChatState,
    #[serde(skip)]
    pub data_hash: String,
    pub errors: Vec<String>,
    pub warnings: Vec<String>,
    /// The channel's reference for the batch that carried it (Meta's batch handle).
    pub batch: Option<String>,
    pub sent_at: String,
}

const COLUMNS: &str = "sku, state, data_hash, errors, warnings, batch_handle, sent_at";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Result<ChatItemState>> {
    let sku: String = r.get(0)?;
    let state: String = r.get(1)?;
    let errors: String = r.get(3)?;
    let warnings: String = r.get(4)?;
    Ok((|| {
        Ok(ChatItemState {
            state: ChatState::parse(&state)
                .with_context(|| format!("chat item {sku} has an unknown state \"{state}\""))?,
            data_hash: r.get(2)?,
            errors: serde_json::from_str(&errors)
                .with_context(|| format!("chat item {sku}: unreadable errors"))?,
            warnings: serde_json::from_str(&warnings)
                .with_context(|| format!("chat item {sku}: unreadable warnings"))?,
            batch: r.get(5)?,
            sent_at: r.get(6)?,
            sku,
        })
    })())
}

/// What the chat was last told about `sku`, if anything.
pub fn load(conn: &Connection, sku: &str) -> Result<Option<ChatItemState>> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM chat_items WHERE sku = ?1"))?
        .query_row([sku], from_row)
        .optional()?
        .transpose()
}

/// Products the chat refused or warned about, by SKU.
pub fn with_problems(conn: &Connection) -> Result<Vec<ChatItemState>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM chat_items WHERE state = 'rejected' OR warnings != '[]' ORDER BY sku"
    ))?;
    let rows = stmt.query_map([], from_row)?;
    let mut out = Vec::new();
    for row in rows {
        out.push(row??);
    }
    Ok(out)
}

/// The hash of an item's data, as `data_hash` keeps it.
pub fn data_hash(item: &CatalogItem) -> Result<String> {
    let json = serde_json::to_vec(item)?;
    Ok(hex::encode(Sha256::digest(json)))
}

/// The result of sending one item.
#[derive(Clone, Debug)]
pub struct Sent<'a> {
    pub sku: &'a str,
    pub state: ChatState,
    /// Of the data sent; empty for a DELETE.
    pub data_hash: &'a str,
    pub errors: &'a [String],
    pub warnings: &'a [String],
    pub batch: Option<&'a str>,
}

/// Records what the chat answered about an item (in the transaction that settles its outbox
/// entries).
pub fn record(conn: &Connection, sent: &Sent<'_>, now: Timestamp) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO chat_items (sku, state, data_hash, errors, warnings, batch_handle, sent_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (sku) DO UPDATE SET state = excluded.state, data_hash = excluded.data_hash,
           errors = excluded.errors, warnings = excluded.warnings,
           batch_handle = excluded.batch_handle, sent_at = excluded.sent_at",
    )?
    .execute(params![
        sent.sku,
        sent.state.as_str(),
        sent.data_hash,
        serde_json::to_string(sent.errors)?,
        serde_json::to_string(sent.warnings)?,
        sent.batch,
        crate::clock::format(now),
    ])?;
    Ok(())
}

/// Whether the chat was ever sent a product.
pub fn any(conn: &Connection) -> Result<bool> {
    Ok(conn.query_row("SELECT EXISTS (SELECT 1 FROM chat_items)", [], |r| r.get(0))?)
}

/// Forgets what the chat was told about every product (it is another catalog now).
pub fn forget_all(conn: &Connection) -> Result<()> {
    conn.execute("DELETE FROM chat_items", [])?;
    Ok(())
}

/// How many products the chat shows, refused, and warned about.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    pub published: i64,
    pub rejected: i64,
    pub with_warnings: i64,
}

pub fn counts(conn: &Connection) -> Result<Counts> {
    Ok(conn.query_row(
        "SELECT coalesce(sum(state = 'published'), 0), coalesce(sum(state = 'rejected'), 0),
                coalesce(sum(warnings != '[]'), 0) FROM chat_items",
        [],
        |r| {
            Ok(Counts {
                published: r.get(0)?,
                rejected: r.get(1)?,
                with_warnings: r.get(2)?,
            })
        },
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_result_is_kept_and_replaced() {
        let conn = crate::store::testing::migrated();
        let now: Timestamp = "2026-11-20T09:00:00Z".parse().unwrap();
        assert_eq!(load(&conn, "TEE").unwrap(), None);
        let errors = vec!["price is missing".to_string()];
        record(
            &conn,
            &Sent {
                sku: "TEE",
                state: ChatState::Rejected,
                data_hash: "h1",
                errors: &errors,
                warnings: &[],
                batch: Some("handle-1"),
            },
            now,
        )
        .unwrap();
        let got = load(&conn, "TEE").unwrap().unwrap();
        assert_eq!(
            (got.state, got.errors.clone()),
            (ChatState::Rejected, errors)
        );
        assert_eq!(with_problems(&conn).unwrap().len(), 1);
        record(
            &conn,
            &Sent {
                sku: "TEE",
                state: ChatState::Published,
                data_hash: "h2",
                errors: &[],
                warnings: &[],
                batch: None,
            },
            now,
        )
        .unwrap();
        assert!(with_problems(&conn).unwrap().is_empty());
        assert_eq!(
            counts(&conn).unwrap(),
            Counts {
                published: 1,
                rejected: 0,
                with_warnings: 0
            }
        );
    }
}
