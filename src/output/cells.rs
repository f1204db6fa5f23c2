//! One value as text: a table cell for people, a CSV cell for scripts, and the key rules that
//! say how a key's values are shown (free text that may be cut short, lists of records that
//! only JSON holds). A key means one thing everywhere (CONTRIBUTING.md, "Output conventions"),
//! so these rules go by key.

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};
use serde_json::{Map, Value};

/// Free text: a table may cut it short with "…" to fit the terminal (JSON and CSV keep it
/// whole). Every other cell (money, SKUs, ids, dates, statuses) is never split. A new key that
/// holds prose belongs here.
pub const TEXT_KEYS: &[&str] = &[
    "title",
    "name",
    "description",
    "detail",
    "reason",
    "note",
    "what",
    "customer_name",
    "last_error",
    "error",
    "markets",
    "refund_rule",
    "lines",
    "subject",
    "message",
    "text",
    "scope",
    "link",
    "options",
    "category",
    "brand",
];

/// Left out of tables unless `--columns` names them: they would crowd out what a person reads
/// (image hashes are 64 characters each; `image_count` says how many).
pub const NOT_IN_TABLES: &[&str] = &["images"];

/// The table cell of a value: timestamps in the local zone (DESIGN.md: stored as UTC, shown in
/// the local zone); JSON and CSV keep RFC 3339 UTC. One line: a newline would break the row.
pub fn table_cell(v: &Value) -> String {
    match v {
        Value::String(s) => local_time(s).unwrap_or_else(|| one_line(s)),
        Value::Array(items) => list_cell(items, ", "),
        _ => scalar(v),
    }
}

/// The CSV cell of a value, or `None` when the value is a list of records (those stay in
/// JSON: a CSV cell never holds JSON).
pub fn csv_cell(v: &Value) -> Option<String> {
    match v {
        Value::Array(items) if is_records(items) => None,
        Value::Array(items) => Some(list_cell(items, ";")),
        Value::Object(_) => None,
        _ => Some(scalar(v)),
    }
}

/// A list of order or refund lines (`sku` and `quantity`) reads `KOPI-MUG×2;TEE-M×1`; a list
/// of plain values is joined; any other list of records is counted.
fn list_cell(items: &[Value], sep: &str) -> String {
    if items.iter().all(is_line) {
        return items
            .iter()
            .map(|l| format!("{}×{}", scalar(&l["sku"]), scalar(&l["quantity"])))
            .collect::<Vec<_>>()
            .join(sep);
    }
    if is_records(items) {
        return format!(
            "{} item{}",
            items.len(),
            if items.len() == 1 { "" } else { "s" }
        );
    }
    items.iter().map(scalar).collect::<Vec<_>>().join(sep)
}

fn is_line(v: &Value) -> bool {
    v.get("sku").is_some_and(Value::is_string) && v.get("quantity").is_some_and(Value::is_number)
}

/// A list with an object or a list in it, which is not a list of lines.
pub fn is_records(items: &[Value]) -> bool {
    items.iter().any(|i| i.is_object() || i.is_array()) && !items.iter().all(is_line)
}

fn scalar(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::Bool(b) => if *b { "yes" } else { "no" }.to_string(),
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Array(_) | Value::Object(_) => v.to_string(),
    }
}

fn one_line(s: &str) -> String {
    if s.contains(['\n', '\r', '\t']) {
        s.split_whitespace().collect::<Vec<_>>().join(" ")
    } else {
        s.to_string()
    }
}

/// `2026-11-20T09:00:00Z` → `2026-11-20 17:00` in the local zone; other text is not a stored
/// timestamp and is left alone. Minutes are enough for a person; JSON has the seconds.
fn local_time(s: &str) -> Option<String> {
    if s.len() != 20 || !s.ends_with('Z') || s.as_bytes()[10] != b'T' {
        return None;
    }
    let ts: jiff::Timestamp = s.parse().ok()?;
    let zoned = ts.to_zoned(jiff::tz::TimeZone::system());
    Some(zoned.strftime("%Y-%m-%d %H:%M").to_string())
}

/// True for a column of amounts or counts, which is right-aligned so that the digits line
/// up: every cell a number, and either some with decimals (money) or a key that counts
/// (`stock`, `*_count`, `*quantity`). Ids and phone numbers are numbers too, but are read as
/// names, left-aligned.
pub fn is_quantity(key: &str, cells: &[String]) -> bool {
    let counts = key == "stock" || key.ends_with("_count") || key.ends_with("quantity");
    is_numeric(cells) && (counts || cells.iter().any(|c| c.contains('.')))
}

/// True when every non-empty cell is a number.
pub fn is_numeric(cells: &[String]) -> bool {
    let mut any = false;
    for c in cells.iter().filter(|c| !c.is_empty()) {
        let digits = c.strip_prefix('-').unwrap_or(c);
        let mut parts = digits.splitn(2, '.');
        let whole = parts.next().unwrap_or("");
        let frac = parts.next().unwrap_or("0");
        let ok = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
        if !(ok(whole) && ok(frac)) {
            return false;
        }
        any = true;
    }
    any
}

/// The JSON rule "a missing value is null": an empty string anywhere in an object is printed
/// as `null`, so that scripts test one thing (`.carrier == null`), whatever a command stored.
/// Serialized through a borrow: a large document (a million order ids) is not copied.
pub struct Nulls<'a>(pub &'a Value);

impl Serialize for Nulls<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Value::Object(map) => {
                let mut m = s.serialize_map(Some(map.len()))?;
                for (k, v) in map {
                    match v {
                        Value::String(text) if text.is_empty() => m.serialize_entry(k, &())?,
                        v => m.serialize_entry(k, &Nulls(v))?,
                    }
                }
                m.end()
            }
            Value::Array(items) => s.collect_seq(items.iter().map(Nulls)),
            v => v.serialize(s),
        }
    }
}

/// An object's entries with nested objects spelled out as `outer.inner` (one level), for
/// CSV headers and key/value tables.
pub fn flatten(map: &Map<String, Value>) -> Vec<(String, &Value)> {
    let mut out = Vec::new();
    for (k, v) in map {
        match v {
            Value::Object(inner) => {
                for (ik, iv) in inner {
                    out.push((format!("{k}.{ik}"), iv));
                }
            }
            _ => out.push((k.clone(), v)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn lines_read_as_sku_times_quantity_and_records_stay_in_json() {
        let lines = json!([{"sku": "KOPI-MUG", "quantity": 2, "title": "Mug"}, {"sku": "TEE-M", "quantity": 1}]);
        assert_eq!(csv_cell(&lines).unwrap(), "KOPI-MUG×2;TEE-M×1");
        assert_eq!(table_cell(&lines), "KOPI-MUG×2, TEE-M×1");
        let payments = json!([{"provider_ref": "pi_1", "amount": "1.00"}]);
        assert_eq!(csv_cell(&payments), None);
        assert_eq!(table_cell(&payments), "1 item");
        assert_eq!(csv_cell(&json!(["a", "b"])).unwrap(), "a;b");
        assert_eq!(csv_cell(&json!([])).unwrap(), "");
    }

    #[test]
    fn only_table_cells_show_local_time() {
        let v = json!("2026-11-20T09:00:00Z");
        assert!(!table_cell(&v).contains('T'));
        assert_eq!(csv_cell(&v).unwrap(), "2026-11-20T09:00:00Z");
        assert_eq!(table_cell(&json!("2026-11-20")), "2026-11-20");
        assert_eq!(table_cell(&json!("two\nlines")), "two lines");
    }

    #[test]
    fn empty_strings_become_null_at_any_depth() {
        let v = serde_json::to_value(Nulls(
            &json!({"a": "", "b": "x", "c": [{"d": ""}], "e": ["", "y"]}),
        ))
        .unwrap();
        assert_eq!(
            v,
            json!({"a": null, "b": "x", "c": [{"d": null}], "e": ["", "y"]})
        );
    }

    #[test]
    fn numeric_columns() {
        let s = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(is_numeric(&s(&["12.50", "-3", "", "1001"])));
        assert!(!is_numeric(&s(&["12.50", "R1"])));
        assert!(!is_numeric(&s(&["", ""])));
        assert!(!is_numeric(&s(&["1.", ".5"])));
    }
}
