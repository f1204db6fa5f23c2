//! The messages the shop sends its customers in the chat: one row each in `messages`, queued
//! with its channel outbox entry in the caller's transaction (so a crash never loses one), and
//! updated from the channel's answers: sent with the channel's message id, then delivered,
//! read, or failed with the channel's reason (Meta's 24-hour window, code 131047).
//!
//! Core modules queue here (orders: payment requests and status updates; refunds: the refund
//! text); `sync` sends; `inbox::chat` records delivery statuses.

use anyhow::Result;
use jiff::Timestamp;
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use crate::clock;
use crate::model::{ChannelChange, DeliveryState, MessageBody, OutgoingMessage};
use crate::store::outbox;

/// Queues `body` to `to` (about `order`, when it is), with its outbox entry. Returns the
/// message's id.
pub fn queue(
    conn: &Connection,
    order: Option<i64>,
    to: &str,
    body: MessageBody,
    now: Timestamp,
) -> Result<i64> {
    let at = clock::format(now);
    conn.prepare_cached(
        "INSERT INTO messages (order_id, to_phone, kind, summary, outbox_id, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, 0, ?5, ?5)",
    )?
    .execute(params![
            order,
            to,
            body.kind(),
            crate::channel::text::summary(&body),
            at
    ])?;
    let id = conn.last_insert_rowid();
    let change = ChannelChange::Message(OutgoingMessage {
        message: id,
        to: to.to_string(),
        body,
    });
    let entry = outbox::enqueue_channel(conn, &change, &id.to_string(), now)?;
    conn.prepare_cached("UPDATE messages SET outbox_id = ?2 WHERE id = ?1")?
        .execute(params![id, entry])?;
    Ok(id)
}

/// `queue` of many messages, in order; returns their ids. A few rows a statement
/// (`store::in_statements`): each message's row, then the outbox
/// entries that send them, then each row pointed at its entry in one UPDATE, where `queue`
/// runs three statements a message (issue 18: a batch of carts' payment requests).
pub fn queue_many(
    conn: &Connection,
    messages: Vec<(Option<i64>, &str, MessageBody)>,
    now: Timestamp,
) -> Result<Vec<i64>> {
    let at = clock::format(now);
    crate::store::in_statements(&messages, |chunk| queue_chunk(conn, chunk, &at))
}

/// One statement's worth of `queue_many`.
fn queue_chunk(
    conn: &Connection,
    chunk: &[(Option<i64>, &str, MessageBody)],
    at: &str,
) -> Result<Vec<i64>> {
    let rows = |row: &str| vec![row; chunk.len()].join(",");
    // `?1` is the time; a bare `?` takes the number after the highest so far.
    let mut insert = conn.prepare_cached(&format!(
        "INSERT INTO messages (created_at, updated_at, outbox_id, order_id, to_phone, kind, summary)
         VALUES {}",
        rows("(?1, ?1, 0, ?, ?, ?, ?)")
    ))?;
    insert.raw_bind_parameter(1, at)?;
    for (i, (order, to, body)) in chunk.iter().enumerate() {
        insert.raw_bind_parameter(2 + i * 4, order)?;
        insert.raw_bind_parameter(3 + i * 4, to)?;
        insert.raw_bind_parameter(4 + i * 4, body.kind())?;
        insert.raw_bind_parameter(5 + i * 4, crate::channel::text::summary(body))?;
    }
    insert.raw_execute()?;
    // Under the write lock, one statement's rows get consecutive ids.
    let last = conn.last_insert_rowid();
    let first = last - chunk.len() as i64 + 1;
    let ids: Vec<i64> = (first..=last).collect();
    let mut entries = Vec::with_capacity(chunk.len());
    for (&id, (_, to, body)) in ids.iter().zip(chunk) {
        let change = ChannelChange::Message(OutgoingMessage {
            message: id,
            to: to.to_string(),
            body: body.clone(),
        });
        entries.push((change, id.to_string()));
    }
    let first_entry = outbox::enqueue_channel_many(conn, &entries, at)?;
    conn.prepare_cached("UPDATE messages SET outbox_id = id - ?1 + ?3 WHERE id BETWEEN ?1 AND ?2")?
        .execute(params![first, last, first_entry])?;
    Ok(ids)
}

/// The channel accepted each message (id, the channel's id for it) of a batch: a statement
/// for many (`store::sent_many`).
pub fn mark_sent_many(conn: &Connection, sent: &[(i64, &str)], now: Timestamp) -> Result<()> {
    crate::store::sent_many(
        conn,
        "UPDATE OR FAIL messages SET status = 'sent', channel_ref = v.column2, error = NULL, \
         updated_at = ?1",
        "messages.status = 'queued'",
        "messages",
        sent,
        now,
    )
}

/// Message `id` will not be sent: refused for good (`Failed`) or no longer needed (`Skipped`).
pub fn mark_ended(
    conn: &Connection,
    id: i64,
    state: DeliveryState,
    why: &str,
    now: Timestamp,
) -> Result<()> {
    conn.execute(
        "UPDATE messages SET status = ?2, error = ?3, updated_at = ?4 WHERE id = ?1",
        params![id, state, why, clock::format(now)],
    )?;
    Ok(())
}

/// The order of the states a delivery report can move a message through; a report that would
/// move it back (a `sent` that arrives after `read`) is stale and changes nothing.
fn rank(state: DeliveryState) -> u8 {
    match state {
        DeliveryState::Queued => 0,
        DeliveryState::Sent => 1,
        DeliveryState::Delivered => 2,
        DeliveryState::Read => 3,
        DeliveryState::Failed | DeliveryState::Skipped => 4,
    }
}

/// Records a channel's delivery report on the message it names. Returns the message's id when
/// it is one of the shop's and the report moved it forward.
pub fn record_delivery(
    conn: &Connection,
    channel_ref: &str,
    state: DeliveryState,
    error: Option<&str>,
    now: Timestamp,
) -> Result<Option<i64>> {
    let known: Option<(i64, DeliveryState)> = conn
        .query_row(
            "SELECT id, status FROM messages WHERE channel_ref = ?1 ORDER BY id DESC LIMIT 1",
            [channel_ref],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((id, was)) = known else {
        return Ok(None);
    };
    if rank(state) <= rank(was) {
        return Ok(None);
    }
    conn.execute(
        "UPDATE messages SET status = ?2, error = coalesce(?3, error), updated_at = ?4 WHERE id = ?1",
        params![id, state, error, clock::format(now)],
    )?;
    Ok(Some(id))
}

/// True when a payment request for `order` was queued (and not skipped or refused): status
/// updates can then refer to it.
pub fn asked_to_pay(conn: &Connection, order: i64) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT 1 FROM messages WHERE order_id = ?1 AND kind = 'payment_request'
             AND status NOT IN ('failed', 'skipped') LIMIT 1",
        )?
        .query_row([order], |_| Ok(()))
        .optional()?
        .is_some())
}

/// `request_attempt`'s count. Not a join: in a join, `this.id = ?1` made SQLite's planner
/// weigh the bound value, and a statement so planned is prepared again each time it is taken
/// from rusqlite's cache (`sqlite3_clear_bindings` expires it), 10,000 times a sync of
/// 10,000 orders.
const ATTEMPT: &str = "SELECT count(*) FROM messages
     WHERE order_id = (SELECT order_id FROM messages WHERE id = ?1)
       AND kind = 'payment_request' AND id <= ?1";

/// Which payment request for its order message `id` is: 1 for the first, one more for each
/// one before it (a new request after a failed payment is a new attempt at the provider).
pub fn request_attempt(conn: &Connection, id: i64) -> Result<u32> {
    let n: i64 = conn
        .prepare_cached(ATTEMPT)?
        .query_row([id], |r| r.get(0))?;
    Ok(u32::try_from(n.max(1)).unwrap_or(u32::MAX))
}

/// One message, as `orders show` lists them.
#[derive(Clone, Debug, Default, Serialize)]
pub struct MessageRow {
    pub id: String,
    pub kind: String,
    pub to: String,
    pub status: String,
    pub summary: String,
    pub error: Option<String>,
    pub created_at: String,
}

/// The messages about order `id`, oldest first.
pub fn of_order(conn: &Connection, order: i64) -> Result<Vec<MessageRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, kind, to_phone, status, summary, error, created_at FROM messages
         WHERE order_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([order], |r| {
        Ok(MessageRow {
            id: r.get::<_, i64>(0)?.to_string(),
            kind: r.get(1)?,
            to: r.get(2)?,
            status: r.get(3)?,
            summary: r.get(4)?,
            error: r.get(5)?,
            created_at: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    use rusqlite::StatementStatus;

    use super::*;
    use crate::store::testing::{order, shop};

    /// A batch's answers marked many a statement: each message gets its own channel id, and
    /// one no longer queued (failed meanwhile) is left as it is.
    #[test]
    fn a_batch_of_sent_messages_is_marked_each_with_its_own_id() {
        let conn = crate::store::testing::migrated();
        let n = 71; // 64 + 4 + 1 + 1 + 1: every size of statement
        for i in 1..=n {
            let status = if i == 5 { "failed" } else { "queued" };
            conn.execute(
                "INSERT INTO messages (to_phone, kind, summary, status, outbox_id, created_at, updated_at)
                 VALUES ('65', 'text', 'hi', ?1, ?2, 't', 't')",
                params![status, i],
            )
            .unwrap();
        }
        let ids: Vec<(i64, String)> = (1..=n).map(|i| (i, format!("wamid.{i}"))).collect();
        let sent: Vec<(i64, &str)> = ids.iter().map(|(i, r)| (*i, r.as_str())).collect();
        let now = "2026-11-20T09:00:00Z".parse().unwrap();
        mark_sent_many(&conn, &sent, now).unwrap();
        let rows: Vec<(i64, String, Option<String>)> = conn
            .prepare("SELECT id, status, channel_ref FROM messages ORDER BY id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        for (id, status, channel_ref) in rows {
            if id == 5 {
                assert_eq!((status.as_str(), channel_ref), ("failed", None));
            } else {
                assert_eq!(
                    (status.as_str(), channel_ref),
                    ("sent", Some(format!("wamid.{id}")))
                );
            }
        }
    }

    #[test]
    fn a_requests_attempt_counts_the_orders_requests_up_to_it_and_is_prepared_once() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = shop(&dir);
        store
            .write(|tx| {
                order(tx, 1, "pending", "pending", false)?;
                order(tx, 2, "pending", "pending", false)?;
                // Messages 1..=5: order 1's request, order 2's, order 1's status, order 1's
                // second request, order 2's second.
                for (order, kind) in [(1, "payment_request"), (2, "payment_request"), (1, "order_status"), (1, "payment_request"), (2, "payment_request")] {
                    tx.execute(
                        "INSERT INTO messages (order_id, to_phone, kind, summary, outbox_id, created_at, updated_at)
                         VALUES (?1, '6591234567', ?2, '', 0, '2026-11-19T00:00:00Z', '2026-11-19T00:00:00Z')",
                        params![order, kind],
                    )?;
                }
                let attempts = (1..=5)
                    .map(|id| request_attempt(tx, id))
                    .collect::<Result<Vec<_>>>()?;
                assert_eq!(attempts, [1, 1, 1, 2, 2]);
                assert_eq!(
                    tx.prepare_cached(ATTEMPT)?.get_status(StatementStatus::RePrepare),
                    0,
                    "prepared once for five messages"
                );
                Ok::<_, anyhow::Error>(())
            })
            .unwrap();
    }
}
