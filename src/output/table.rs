//! Tables that fit the terminal. comfy-table's own dynamic arrangement wraps cells (it split
//! `69.80` and `BEANS-250-G` over two lines); here the width is shared out first and the
//! table is drawn with wrapping off:
//!
//! 1. columns keep their order, which is each list's order of importance;
//! 2. when even the narrowest form does not fit, columns are dropped from the right (the
//!    caller says so once, on stderr);
//! 3. free-text columns (`cells::TEXT_KEYS`) give up width, widest first, and their cells
//!    are cut short with "…"; every other cell (money, SKUs, ids, dates) is never split.
//!
//! Without a width (stdout is not a terminal and `COLUMNS` is unset) nothing is cut or wrapped.

use comfy_table::{CellAlignment, ContentArrangement, Table, presets};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// One column: its header, its cells, and whether it is free text that may be cut short.
pub struct Column {
    pub header: String,
    /// The JSON key it shows (its header, for a list).
    pub key: String,
    pub cells: Vec<String>,
    pub text: bool,
}

/// A drawn table and the headers of the columns left out to fit.
pub struct Fitted {
    pub text: String,
    pub dropped: Vec<String>,
}

/// A free-text column keeps at least this many characters (or its header's width): fewer
/// tells a person nothing, and a column to the right gives way first.
const MIN_TEXT: usize = 20;

/// The borders and padding of an n-column table in the UTF8_FULL_CONDENSED preset:
/// `│ a ┆ b │` is each width plus 3, plus 1.
fn chrome(n: usize) -> usize {
    3 * n + 1
}

fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

pub fn fit(columns: Vec<Column>, limit: Option<usize>) -> Fitted {
    let natural: Vec<usize> = columns
        .iter()
        .map(|c| {
            c.cells
                .iter()
                .map(|s| width(s))
                .chain([width(&c.header)])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let min: Vec<usize> = columns
        .iter()
        .zip(&natural)
        .map(|(c, &n)| {
            if c.text {
                n.min(width(&c.header).max(MIN_TEXT))
            } else {
                n
            }
        })
        .collect();
    let mut keep = columns.len();
    let mut widths = natural;
    if let Some(limit) = limit {
        while keep > 1 && min[..keep].iter().sum::<usize>() + chrome(keep) > limit {
            keep -= 1;
        }
        widths.truncate(keep);
        let mut excess = (widths.iter().sum::<usize>() + chrome(keep)).saturating_sub(limit);
        while excess > 0 {
            // The widest text column that can still give, one character at a time.
            let Some(i) = (0..keep)
                .filter(|&i| columns[i].text && widths[i] > min[i])
                .max_by_key(|&i| (widths[i], usize::MAX - i))
            else {
                break;
            };
            widths[i] -= 1;
            excess -= 1;
        }
    }
    let dropped = columns[keep..].iter().map(|c| c.header.clone()).collect();
    let shown: Vec<Column> = columns
        .into_iter()
        .take(keep)
        .zip(&widths)
        .map(|(c, &w)| Column {
            cells: c.cells.iter().map(|s| truncate(s, w)).collect(),
            ..c
        })
        .collect();
    Fitted {
        text: draw(&shown),
        dropped,
    }
}

fn new_table() -> Table {
    let mut t = Table::new();
    t.load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled);
    t
}

fn draw(columns: &[Column]) -> String {
    let mut t = new_table();
    t.set_header(columns.iter().map(|c| c.header.as_str()));
    let rows = columns.first().map_or(0, |c| c.cells.len());
    for r in 0..rows {
        t.add_row(columns.iter().map(|c| c.cells[r].as_str()));
    }
    for (i, c) in columns.iter().enumerate() {
        if super::cells::is_quantity(&c.key, &c.cells)
            && let Some(col) = t.column_mut(i)
        {
            col.set_cell_alignment(CellAlignment::Right);
        }
    }
    t.to_string()
}

/// `text` cut to `max` columns with "…"; a break at a space in the last third is preferred,
/// so that words and list items (`KOPI-MUG×2, TEE-M×1`) stay whole without losing much.
pub fn truncate(text: &str, max: usize) -> String {
    if width(text) <= max {
        return text.to_string();
    }
    if max <= 1 {
        return "…".chars().take(max).collect();
    }
    let mut out = String::new();
    let mut used = 0;
    for ch in text.chars() {
        let w = ch.width().unwrap_or(0);
        if used + w > max - 1 {
            break;
        }
        out.push(ch);
        used += w;
    }
    if let Some(i) = out.rfind(' ')
        && width(&out[..i]) >= (max - 1) * 2 / 3
        && max > 2
    {
        let kept = out[..i].trim_end_matches([',', ';', ' ']).to_string();
        return kept + " …";
    }
    out + "…"
}

/// A document as a two-column table: free-text values wrap at spaces to the room left by
/// the keys (a `show` shows everything); other values are never split.
pub fn key_values(rows: &[(String, String, bool)], limit: Option<usize>) -> String {
    let key_width = rows.iter().map(|(k, _, _)| width(k)).max().unwrap_or(0);
    let room = limit.map(|l| l.saturating_sub(key_width + chrome(2)).max(MIN_TEXT));
    let mut t = new_table();
    for (k, v, text) in rows {
        let v = match room {
            Some(room) if *text && width(v) > room => wrap(v, room),
            _ => v.clone(),
        };
        t.add_row(vec![k.clone(), v]);
    }
    t.to_string()
}

fn wrap(text: &str, room: usize) -> String {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        if line.is_empty() {
            line = word.to_string();
        } else if width(&line) + 1 + width(word) <= room {
            line.push(' ');
            line.push_str(word);
        } else {
            lines.push(std::mem::take(&mut line));
            line = word.to_string();
        }
    }
    lines.push(line);
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn col(header: &str, cells: &[&str], text: bool) -> Column {
        Column {
            header: header.into(),
            key: header.into(),
            cells: cells.iter().map(|s| s.to_string()).collect(),
            text,
        }
    }

    fn widest_line(s: &str) -> usize {
        s.lines().map(width).max().unwrap_or(0)
    }

    #[test]
    fn text_shrinks_first_and_money_and_skus_stay_whole() {
        let cols = vec![
            col("sku", &["BEANS-250-G"], false),
            col("title", &["Single-origin beans from a small farm"], true),
            col("price", &["69.80"], false),
        ];
        let f = fit(cols, Some(50));
        assert!(f.dropped.is_empty());
        assert!(widest_line(&f.text) <= 50, "{}", f.text);
        assert!(f.text.contains("BEANS-250-G") && f.text.contains("69.80"));
        assert!(f.text.contains('…'), "{}", f.text);
        assert_eq!(
            f.text.lines().count(),
            5,
            "borders, header, one line per row:\n{}",
            f.text
        );
    }

    #[test]
    fn columns_are_dropped_from_the_right() {
        let cols = vec![
            col("id", &["1001"], false),
            col("status", &["partially_shipped"], false),
            col("provider_ref", &["pi_3PqRsTuVwXyZ0123456789"], false),
            col("source", &["whatsapp"], false),
        ];
        let f = fit(cols, Some(40));
        assert_eq!(f.dropped, ["provider_ref", "source"]);
        assert!(widest_line(&f.text) <= 40, "{}", f.text);
    }

    #[test]
    fn no_limit_no_change() {
        let long = "x ".repeat(100);
        let f = fit(vec![col("title", &[long.trim()], true)], None);
        assert!(f.text.contains(long.trim()));
        assert!(f.dropped.is_empty());
    }

    #[test]
    fn truncation_prefers_whole_items() {
        assert_eq!(truncate("KOPI-MUG×2, TEE-M×1", 14), "KOPI-MUG×2 …");
        assert_eq!(truncate("Supercalifragilistic", 8), "Superca…");
        assert_eq!(
            truncate("status: processing -> partially_shipped", 38),
            "status: processing -> partially_shipp…"
        );
        assert_eq!(truncate("short", 8), "short");
    }

    #[test]
    fn documents_wrap_prose_at_spaces() {
        let rows = vec![
            ("id".to_string(), "1001".to_string(), false),
            (
                "detail".to_string(),
                "word ".repeat(30).trim().to_string(),
                true,
            ),
        ];
        let t = key_values(&rows, Some(40));
        assert!(widest_line(&t) <= 40, "{t}");
        assert!(t.lines().all(|l| !l.contains("wor\n")));
    }
}
