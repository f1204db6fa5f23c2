//! The sandbox's own SQLite file beside the shop's: its kind for `store::sqlite` (identity,
//! migrations, and the words of a refusal), and what every table's code shares: the change
//! sequence that pull cursors count in, new row ids, and typed reads of money and times.

use std::path::{Path, PathBuf};

use anyhow::{Context, anyhow};
use jiff::Timestamp;
use rusqlite::types::Type;
use rusqlite::{Row, RowIndex, Transaction};

use crate::clock;
use crate::money::{Currency, Money};
use crate::store::sqlite::{self, Db, IfExists, Kind, Migration, Refusal};

/// `PRAGMA application_id` of a sandbox file ("sbox"), so a shop file is never taken for one.
const APPLICATION_ID: i32 = 0x7362_6f78;

static SANDBOX: Kind = Kind {
    application_id: APPLICATION_ID,
    schema: "sandbox schema",
    noun: "sandbox file",
    // A shipped migration is never edited: add a new file.
    migrations: &[
        Migration {
            name: "0001_sandbox",
            sql: include_str!("schema/0001_sandbox.sql"),
        },
        Migration {
            name: "0002_shop_orders",
            sql: include_str!("schema/0002_shop_orders.sql"),
        },
        Migration {
            name: "0003_chat",
            sql: include_str!("schema/0003_chat.sql"),
        },
        Migration {
            name: "0004_untracked_stock",
            sql: include_str!("schema/0004_untracked_stock.sql"),
        },
        Migration {
            name: "0005_chat_catalog",
            sql: include_str!("schema/0005_chat_catalog.sql"),
        },
        Migration {
            name: "0006_pull_order",
            sql: include_str!("schema/0006_pull_order.sql"),
        },
        Migration {
            name: "0007_chat_phone_in",
            sql: include_str!("schema/0007_chat_phone_in.sql"),
        },
    ],
    refused,
    busy,
};

fn refused(path: &Path, why: Refusal) -> anyhow::Error {
    let not_ours = |what: String| {
        anyhow!(
            "{} is not a shopctl sandbox file ({what}); move it away and the next sync makes a new one",
            path.display()
        )
    };
    match why {
        // `open` creates the file first, so only a file removed meanwhile gets here.
        Refusal::Missing => anyhow!("the sandbox file {} has gone", path.display()),
        Refusal::Folder => not_ours("it is a folder".into()),
        Refusal::Empty | Refusal::NotSqlite => not_ours("it is not an SQLite database".into()),
        Refusal::Unreadable(e) => not_ours(format!("SQLite cannot read it: {e}")),
        Refusal::Foreign => not_ours("it is some other SQLite database".into()),
        Refusal::Newer { found, known } => anyhow!(
            "{} was written by a newer shopctl (sandbox schema {found}; this one knows up to {known}); upgrade shopctl",
            path.display()
        ),
    }
}

/// Exit 1, not the shop file's exit 4: the shop file itself is not busy.
fn busy(_path: &Path, _waited_ms: u64) -> anyhow::Error {
    anyhow!("the sandbox file is busy (another shopctl is using it); try again")
}

/// `shop.db` → `shop.db.sandbox`.
pub fn path_beside(shop_path: &Path) -> PathBuf {
    let mut name = shop_path
        .file_name()
        .map(|n| n.to_owned())
        .unwrap_or_else(|| "shop.db".into());
    name.push(".sandbox");
    shop_path.with_file_name(name)
}

/// Opens the sandbox file at `path`, creating it (mode 0600) when there is none yet.
pub(super) fn open(path: &Path) -> anyhow::Result<Db> {
    sqlite::create_private(path, IfExists::Keep)
        .with_context(|| format!("cannot open the sandbox file {}", path.display()))?;
    Ok(Db::open_new(path, &SANDBOX)?.0)
}

/// The id of this sandbox file, made the first time it is asked for: random, so that a file
/// made anew (the old one lost) never has the old one's.
pub(super) fn account_id(tx: &Transaction) -> anyhow::Result<String> {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    h.write_u32(std::process::id());
    tx.execute(
        "INSERT OR IGNORE INTO meta (key, value) VALUES ('account', ?1)",
        [format!("sbx_acct_{:016x}", h.finish())],
    )?;
    Ok(
        tx.query_row("SELECT value FROM meta WHERE key = 'account'", [], |r| {
            r.get(0)
        })?,
    )
}

/// Advances and returns the change sequence that pull cursors count in.
pub(super) fn bump(tx: &Transaction) -> anyhow::Result<i64> {
    let seq: i64 = tx.query_row(
        "UPDATE meta SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) WHERE key = 'seq' RETURNING CAST(value AS INTEGER)",
        [],
        |r| r.get(0),
    )?;
    Ok(seq)
}

/// The id the next row of `table` gets (ids are in references: `sbx_pay_3`).
pub(super) fn next_id(tx: &Transaction, table: &str) -> anyhow::Result<i64> {
    Ok(tx
        .prepare_cached(&format!("SELECT COALESCE(MAX(id), 0) + 1 FROM {table}"))?
        .query_row([], |r| r.get(0))?)
}

/// Money from an amount column and a currency column of the same row (each named, or by
/// position where a page of rows is read: finding a column by name was a twentieth of a
/// sync's instructions).
pub(super) fn money(
    r: &Row,
    amount: impl RowIndex,
    currency: impl RowIndex,
) -> rusqlite::Result<Money> {
    let code: String = r.get(currency)?;
    let currency = Currency::from_code(&code).map_err(|e| bad(r, currency, e.into()))?;
    Ok(Money::new(r.get(amount)?, currency))
}

/// A stored RFC 3339 time.
pub(super) fn time(r: &Row, column: impl RowIndex) -> rusqlite::Result<Timestamp> {
    let text: String = r.get(column)?;
    clock::parse(&text).map_err(|e| bad(r, column, e))
}

/// A value in `column` that does not read as what it should be.
pub(super) fn bad(r: &Row, column: impl RowIndex, e: anyhow::Error) -> rusqlite::Error {
    let index = column.idx(r.as_ref()).unwrap_or(0);
    rusqlite::Error::FromSqlConversionFailure(index, Type::Text, e.into())
}

/// A row as pulled, with the change number it last changed at (what a cursor counts).
pub(super) struct Sequenced<T> {
    pub seq: i64,
    pub item: T,
}
