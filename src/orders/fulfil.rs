//! Fulfilment: shipping all or some of an order's lines, one order at a time or many from a
//! courier's CSV.
//!
//! The limits: never more than was ordered (counting what already shipped), only paid orders
//! unless forced, never a canceled order. The order moves to `partially_shipped` or `shipped`
//! through the status machine, and orders the provider knows get a `Fulfilment` change in the
//! outbox, in the same transaction.

use std::fmt;

use anyhow::{Context, Result, bail};
use jiff::Timestamp;
use rusqlite::{Connection, params};

use super::{Order, OrderStatus, PaymentStatus, add_event, load, set_status};
use crate::clock;
use crate::model::{Change, LineQty};
use crate::store::outbox;

/// What to ship.
#[derive(Clone, Debug, Default)]
pub struct Request {
    /// Empty: everything not yet shipped. Otherwise SKU and quantity (None: all of that line).
    pub lines: Vec<(String, Option<i64>)>,
    pub carrier: String,
    pub tracking: String,
    /// Ship an order that is not paid.
    pub force: bool,
}

/// What one fulfilment did.
#[derive(Clone, Debug)]
pub struct Shipped {
    pub order: i64,
    pub fulfilment: i64,
    pub lines: Vec<(String, i64)>,
    pub status: OrderStatus,
}

/// Checks that the order may ship at all (status, payment).
fn check_shippable(order: &Order, force: bool) -> Result<()> {
    let id = order.id;
    match order.status {
        OrderStatus::Canceled => bail!("order {id} is canceled; nothing in it can ship"),
        OrderStatus::Shipped | OrderStatus::Completed => {
            bail!(
                "order {id} is {}; everything in it has already shipped",
                order.status
            )
        }
        _ => {}
    }
    let paid = matches!(
        order.payment_status,
        PaymentStatus::Captured | PaymentStatus::PartiallyRefunded
    );
    if !paid && !force {
        let why = match order.payment_status {
            PaymentStatus::Pending => "is not paid yet (payment pending)",
            PaymentStatus::Failed => "has a failed payment",
            PaymentStatus::Refunded => "was refunded in full",
            _ => "is not paid",
        };
        bail!(
            "order {id} {why}; wait for the payment (`shopctl sync`), or ship it anyway with --force"
        );
    }
    Ok(())
}

/// Ships lines of one order.
pub fn fulfil(conn: &Connection, id: i64, req: &Request, now: Timestamp) -> Result<Shipped> {
    let order = load(conn, id)?;
    check_shippable(&order, req.force)?;
    let mut ship: Vec<(String, i64)> = Vec::new();
    if req.lines.is_empty() {
        for l in &order.lines {
            let left = l.quantity - l.fulfilled_quantity;
            if left > 0 {
                ship.push((l.sku.clone(), left));
            }
        }
        if ship.is_empty() {
            bail!("order {id}: everything in it has already shipped");
        }
    } else {
        for (sku, qty) in &req.lines {
            let Some(line) = order.line(sku) else {
                let skus: Vec<&str> = order.lines.iter().map(|l| l.sku.as_str()).collect();
                bail!(
                    "order {id} has no line {sku} (its lines: {})",
                    skus.join(", ")
                );
            };
            let already_here: i64 = ship.iter().filter(|(s, _)| s == sku).map(|(_, q)| q).sum();
            let left = line.quantity - line.fulfilled_quantity - already_here;
            let qty = qty.unwrap_or(left);
            if left <= 0 {
                bail!(
                    "order {id}: {sku} has already shipped in full ({} of {})",
                    line.fulfilled_quantity,
                    line.quantity
                );
            }
            if qty > left {
                bail!(
                    "order {id}: cannot ship {qty} of {sku}: {} ordered, {} already shipped, so at most {left}",
                    line.quantity,
                    line.fulfilled_quantity + already_here
                );
            }
            match ship.iter_mut().find(|(s, _)| s == sku) {
                Some(entry) => entry.1 += qty,
                None => ship.push((sku.clone(), qty)),
            }
        }
    }

    conn.execute(
        "INSERT INTO fulfilments (order_id, carrier, tracking, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![id, req.carrier, req.tracking, clock::format(now)],
    )?;
    let fulfilment = conn.last_insert_rowid();
    for (sku, qty) in &ship {
        conn.execute(
            "INSERT INTO fulfilment_lines (fulfilment_id, sku, quantity) VALUES (?1, ?2, ?3)",
            params![fulfilment, sku, qty],
        )?;
        conn.execute(
            "UPDATE order_lines SET fulfilled_quantity = fulfilled_quantity + ?3
             WHERE order_id = ?1 AND sku = ?2",
            params![id, sku, qty],
        )?;
    }
    let after = load(conn, id)?;
    let to = if after.unshipped() == 0 {
        OrderStatus::Shipped
    } else {
        OrderStatus::PartiallyShipped
    };
    let what: Vec<String> = ship.iter().map(|(s, q)| format!("{q} × {s}")).collect();
    let mut note = what.join(", ");
    if !req.carrier.is_empty() || !req.tracking.is_empty() {
        note.push_str(format!(" via {} {}", req.carrier, req.tracking).trim_end());
    }
    if req.force && !order.payment_status.is_paid() {
        note.push_str(" (forced: not paid)");
    }
    if order.status == to {
        add_event(
            conn,
            id,
            &format!("shipped: fulfilment {fulfilment}"),
            &note,
            now,
        )?;
    } else {
        set_status(
            conn,
            &order,
            to,
            &format!("fulfilment {fulfilment}: {note}"),
            now,
        )?;
    }
    if let Some(provider_ref) = &order.provider_ref {
        outbox::enqueue(
            conn,
            &Change::Fulfilment {
                order_ref: provider_ref.clone(),
                lines: ship
                    .iter()
                    .map(|(sku, quantity)| LineQty {
                        sku: sku.clone(),
                        quantity: *quantity,
                    })
                    .collect(),
                carrier: req.carrier.clone(),
                tracking: req.tracking.clone(),
            },
            &order.label(),
            now,
        )?;
    }
    Ok(Shipped {
        order: id,
        fulfilment,
        lines: ship,
        status: to,
    })
}

/// A bulk file's problem, by line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowProblem {
    pub line: u64,
    pub message: String,
}

/// The error of a refused bulk fulfilment: every bad row; nothing was shipped.
#[derive(Debug)]
pub struct BulkError {
    pub source: String,
    pub problems: Vec<RowProblem>,
}

impl fmt::Display for BulkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.problems.len();
        write!(
            f,
            "{}: {n} bad row{}, nothing was shipped:",
            self.source,
            if n == 1 { "" } else { "s" }
        )?;
        for p in &self.problems {
            write!(f, "\n  line {}: {}", p.line, p.message)?;
        }
        write!(f, "\nfix those rows and run the command again")
    }
}

impl std::error::Error for BulkError {}

/// One usable row of a bulk file.
#[derive(Clone, Debug)]
struct Row {
    line: u64,
    order: i64,
    sku: String,
    quantity: Option<i64>,
    carrier: String,
    tracking: String,
}

/// The header names accepted for each column (spreadsheets and courier exports vary).
const COLUMNS: [(&str, &[&str]); 5] = [
    ("order", &["order", "order_id", "order id", "id"]),
    ("sku", &["sku", "product_retailer_id"]),
    ("quantity", &["quantity", "qty"]),
    ("carrier", &["carrier", "courier"]),
    (
        "tracking",
        &["tracking", "tracking_number", "tracking number"],
    ),
];

/// Ships everything a CSV of `order, sku, quantity, carrier, tracking` rows says, all or
/// nothing. Rows of one order with the same carrier and tracking are one fulfilment. An empty
/// quantity ships the rest of that line.
pub fn from_csv(
    conn: &Connection,
    source: &str,
    input: impl std::io::Read,
    force: bool,
    now: Timestamp,
) -> Result<Vec<Shipped>> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(input);
    let header = reader
        .headers()
        .with_context(|| format!("{source}: cannot read the header row"))?
        .clone();
    let mut index = [None; 5];
    for (i, name) in header.iter().enumerate() {
        let name = name.trim_start_matches('\u{feff}').to_lowercase();
        for (c, (_, aliases)) in COLUMNS.iter().enumerate() {
            if aliases.contains(&name.as_str()) && index[c].is_none() {
                index[c] = Some(i);
            }
        }
    }
    // order and sku are needed; without quantity every row ships the rest of its line.
    let missing: Vec<&str> = ["order", "sku"]
        .into_iter()
        .zip([index[0], index[1]])
        .filter(|(_, i)| i.is_none())
        .map(|(name, _)| name)
        .collect();
    if !missing.is_empty() {
        bail!(
            "{source}: line 1: the header lacks {} (expected columns: order, sku, quantity, carrier, tracking)",
            missing.join(" and ")
        );
    }

    let mut problems = Vec::new();
    let mut rows = Vec::new();
    let mut claimed: std::collections::HashMap<(i64, String), i64> =
        std::collections::HashMap::new();
    let mut record = csv::StringRecord::new();
    loop {
        let more = match reader.read_record(&mut record) {
            Ok(more) => more,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                problems.push(RowProblem {
                    line,
                    message: format!("cannot read the row: {e}"),
                });
                break;
            }
        };
        if !more {
            break;
        }
        let line = record.position().map_or(0, |p| p.line());
        if record.iter().all(str::is_empty) {
            continue;
        }
        let get = |c: usize| index[c].and_then(|i| record.get(i)).unwrap_or("");
        let mut bad = |message: String| problems.push(RowProblem { line, message });
        let order = match super::parse_id(get(0)) {
            Ok(id) => id,
            Err(_) => {
                bad(format!("order \"{}\" is not an order id like 1001", get(0)));
                continue;
            }
        };
        let sku = get(1).to_string();
        if sku.is_empty() {
            bad("the sku is empty".into());
            continue;
        }
        let quantity = match get(2) {
            "" => None,
            q => match q.parse::<i64>() {
                Ok(n) if n > 0 => Some(n),
                _ => {
                    bad(format!("quantity \"{q}\" is not a whole number above 0"));
                    continue;
                }
            },
        };
        let Some(found) = super::find(conn, order)? else {
            bad(format!("there is no order {order}"));
            continue;
        };
        if found.line(&sku).is_none() {
            let skus: Vec<&str> = found.lines.iter().map(|l| l.sku.as_str()).collect();
            bad(format!(
                "order {order} has no line {sku} (its lines: {})",
                skus.join(", ")
            ));
            continue;
        }
        // Check each row on its own first, so that every bad row is named by its line.
        if let Err(e) = check_shippable(&found, force) {
            bad(format!("{e:#}"));
            continue;
        }
        let line_row = found.line(&sku).expect("checked above");
        let earlier = claimed.entry((order, sku.clone())).or_insert(0);
        let left = line_row.quantity - line_row.fulfilled_quantity - *earlier;
        let want = quantity.unwrap_or(left);
        if left <= 0 || want > left {
            bad(format!(
                "order {order}: cannot ship {} of {sku}: {} ordered, {} already shipped{}, so at most {}",
                quantity.map_or("the rest".to_string(), |q| q.to_string()),
                line_row.quantity,
                line_row.fulfilled_quantity,
                if *earlier > 0 {
                    format!(" and {} on earlier rows", *earlier)
                } else {
                    String::new()
                },
                left.max(0)
            ));
            continue;
        }
        *earlier += want;
        rows.push(Row {
            line,
            order,
            sku,
            quantity,
            carrier: get(3).to_string(),
            tracking: get(4).to_string(),
        });
    }

    // Group rows into shipments, keeping the file's order.
    let mut groups: Vec<(i64, String, String, Vec<&Row>)> = Vec::new();
    for row in &rows {
        match groups
            .iter_mut()
            .find(|g| g.0 == row.order && g.1 == row.carrier && g.2 == row.tracking)
        {
            Some(g) => g.3.push(row),
            None => groups.push((
                row.order,
                row.carrier.clone(),
                row.tracking.clone(),
                vec![row],
            )),
        }
    }
    let mut shipped = Vec::new();
    for (order, carrier, tracking, rows) in groups {
        let req = Request {
            lines: rows.iter().map(|r| (r.sku.clone(), r.quantity)).collect(),
            carrier,
            tracking,
            force,
        };
        // Later rows see earlier ones (same transaction): shipping one order's line in two
        // rows cannot exceed what was ordered either.
        match fulfil(conn, order, &req, now) {
            Ok(s) => shipped.push(s),
            Err(e) => {
                let lines: Vec<String> = rows.iter().map(|r| r.line.to_string()).collect();
                problems.push(RowProblem {
                    line: rows[0].line,
                    message: if lines.len() > 1 {
                        format!("{e:#} (rows on lines {} ship together)", lines.join(", "))
                    } else {
                        format!("{e:#}")
                    },
                });
            }
        }
    }
    if !problems.is_empty() {
        problems.sort_by_key(|p| p.line);
        return Err(BulkError {
            source: source.to_string(),
            problems,
        }
        .into());
    }
    if shipped.is_empty() {
        bail!("{source}: no rows to ship (only a header?)");
    }
    Ok(shipped)
}
