//! `orders fulfil --from FILE`: many shipments from a courier's CSV of `order, sku, quantity,
//! carrier, tracking` rows, all or nothing. Every bad row is named by its line before anything
//! ships; rows of one order with the same carrier and tracking are one fulfilment.

use std::collections::HashMap;
use std::fmt;

use anyhow::{Context, Result, bail};
use jiff::Timestamp;
use rusqlite::Connection;

use super::fulfil::{Request, Shipped, check_shippable, fulfil};

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

/// Where each of `COLUMNS` is in the file's header (None: absent).
type Index = [Option<usize>; 5];

/// Ships everything a CSV of `order, sku, quantity, carrier, tracking` rows says, all or
/// nothing. An empty quantity ships the rest of that line.
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
    let index = header_index(source, &mut reader)?;
    let mut problems = Vec::new();
    let mut rows = Vec::new();
    // Units each (order, sku) is asked for on earlier rows, so that two rows of one line
    // cannot ship more than was ordered either.
    let mut claimed: HashMap<(i64, String), i64> = HashMap::new();
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                problems.push(RowProblem {
                    line,
                    message: format!("cannot read the row: {e}"),
                });
                break;
            }
        }
        let line = record.position().map_or(0, |p| p.line());
        if record.iter().all(str::is_empty) {
            continue;
        }
        match check_row(conn, &record, &index, line, force, &mut claimed)? {
            Ok(row) => rows.push(row),
            Err(message) => problems.push(RowProblem { line, message }),
        }
    }
    let shipped = ship_groups(conn, &rows, force, now, &mut problems)?;
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

/// Reads the header row; order and sku are needed (without quantity every row ships the rest
/// of its line).
fn header_index<R: std::io::Read>(source: &str, reader: &mut csv::Reader<R>) -> Result<Index> {
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
    Ok(index)
}

/// Checks one row on its own, so that every bad row is named by its line: `Ok(Err(message))`
/// is a problem with the row, `Err` a failure to read the shop.
fn check_row(
    conn: &Connection,
    record: &csv::StringRecord,
    index: &Index,
    line: u64,
    force: bool,
    claimed: &mut HashMap<(i64, String), i64>,
) -> Result<Result<Row, String>> {
    let get = |c: usize| index[c].and_then(|i| record.get(i)).unwrap_or("");
    let Ok(order) = super::parse_id(get(0)) else {
        return Ok(Err(format!(
            "order \"{}\" is not an order id like 1001",
            get(0)
        )));
    };
    let sku = get(1).to_string();
    if sku.is_empty() {
        return Ok(Err("the sku is empty".into()));
    }
    let quantity = match get(2) {
        "" => None,
        q => match q.parse::<i64>() {
            Ok(n) if n > 0 => Some(n),
            _ => {
                return Ok(Err(format!(
                    "quantity \"{q}\" is not a whole number above 0"
                )));
            }
        },
    };
    let Some(found) = super::find(conn, order)? else {
        return Ok(Err(format!("there is no order {order}")));
    };
    let Some(line_row) = found.line(&sku) else {
        let skus: Vec<&str> = found.lines.iter().map(|l| l.sku.as_str()).collect();
        return Ok(Err(format!(
            "order {order} has no line {sku} (its lines: {})",
            skus.join(", ")
        )));
    };
    if let Err(e) = check_shippable(&found, force) {
        return Ok(Err(format!("{e:#}")));
    }
    let earlier = claimed.entry((order, sku.clone())).or_insert(0);
    let left = line_row.quantity - line_row.fulfilled_quantity - *earlier;
    let want = quantity.unwrap_or(left);
    if left <= 0 || want > left {
        return Ok(Err(format!(
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
        )));
    }
    *earlier += want;
    Ok(Ok(Row {
        line,
        order,
        sku,
        quantity,
        carrier: get(3).to_string(),
        tracking: get(4).to_string(),
    }))
}

/// Groups rows into shipments (one order, carrier and tracking each), keeping the file's order,
/// and ships each; a shipment refused is a problem on its first row's line.
fn ship_groups(
    conn: &Connection,
    rows: &[Row],
    force: bool,
    now: Timestamp,
    problems: &mut Vec<RowProblem>,
) -> Result<Vec<Shipped>> {
    let mut groups: Vec<Vec<&Row>> = Vec::new();
    for row in rows {
        match groups.iter_mut().find(|g| {
            g[0].order == row.order && g[0].carrier == row.carrier && g[0].tracking == row.tracking
        }) {
            Some(g) => g.push(row),
            None => groups.push(vec![row]),
        }
    }
    let mut shipped = Vec::new();
    for rows in groups {
        let req = Request {
            lines: rows.iter().map(|r| (r.sku.clone(), r.quantity)).collect(),
            carrier: rows[0].carrier.clone(),
            tracking: rows[0].tracking.clone(),
            force,
        };
        // Later rows see earlier ones (same transaction): shipping one order's line in two
        // rows cannot exceed what was ordered either.
        match fulfil(conn, rows[0].order, &req, now) {
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
    Ok(shipped)
}
