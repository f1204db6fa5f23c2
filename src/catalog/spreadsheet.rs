//! CSV injection (OWASP, "CSV Injection"): a cell that starts with `=`, `+`, `-`, `@`, a tab
//! or a carriage return is run as a formula by a spreadsheet that opens the file. shopctl
//! keeps such text exact (a catalog must round-trip to Shopify, WooCommerce or Meta byte for
//! byte), warns when an import stores it (`formula_fields`), and writes it defused on request
//! (`catalog export --spreadsheet-safe`, `SafeCells`): OWASP's rule, a `'` before the cell.

use std::io::{self, Write};

use anyhow::Result;
use rusqlite::Connection;

use super::Product;
use super::import::Dialect;

/// `catalog export`: the catalog in `dialect`, through `SafeCells` when `safe`.
pub fn export(conn: &Connection, dialect: Dialect, safe: bool, out: &mut dyn Write) -> Result<u64> {
    if safe {
        super::export::export(conn, dialect, &mut SafeCells::new(out))
    } else {
        super::export::export(conn, dialect, out)
    }
}

/// The first characters that make a spreadsheet read a cell as a formula.
const FORMULA_STARTS: [u8; 6] = [b'=', b'+', b'-', b'@', b'\t', b'\r'];

/// The character `text` starts with, named for a message, when a spreadsheet would run it.
pub fn formula_start(text: &str) -> Option<&'static str> {
    match text.as_bytes().first()? {
        b'=' => Some("="),
        b'+' => Some("+"),
        b'-' => Some("-"),
        b'@' => Some("@"),
        b'\t' => Some("tab"),
        b'\r' => Some("carriage return"),
        _ => None,
    }
}

/// A product's text fields that a spreadsheet would run: (field, what it starts with).
pub fn formula_fields(p: &Product) -> Vec<(&'static str, &'static str)> {
    [
        ("sku", &p.sku),
        ("group", &p.group),
        ("title", &p.title),
        ("description", &p.description),
        ("category", &p.category),
        ("brand", &p.brand),
        ("condition", &p.condition),
        ("options", &p.options),
        ("link", &p.link),
    ]
    .into_iter()
    .filter_map(|(field, text)| formula_start(text).map(|s| (field, s)))
    .collect()
}

/// The warning an import gives for such a field.
pub fn warning(field: &str, start: &str) -> String {
    format!(
        "{field} starts with {start}: a spreadsheet that opens an export of it would run it as \
         a formula; it is stored as given (`shopctl catalog export --spreadsheet-safe` writes \
         it defused)"
    )
}

/// Where the filter is in the CSV it passes on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum At {
    /// The first byte of a field.
    FieldStart,
    /// Just after a field's opening quote: its first character comes next.
    QuotedStart,
    Unquoted,
    Quoted,
    /// A quote inside a quoted field: an escaped quote (`""`) or the field's end.
    QuoteInQuoted,
}

/// Passes on the CSV a `csv::Writer` writes, with a `'` put before every field that starts
/// like a formula (inside the quotes of a quoted field). It reads the stream as the CSV it is
/// (fields end at a comma or a line end outside quotes), so the writers of the dialects need
/// not know about it.
pub struct SafeCells<W: Write> {
    inner: W,
    at: At,
}

impl<W: Write> SafeCells<W> {
    pub fn new(inner: W) -> SafeCells<W> {
        SafeCells {
            inner,
            at: At::FieldStart,
        }
    }

    fn push(&mut self, out: &mut Vec<u8>, b: u8) {
        let ends_field = |b: u8| matches!(b, b',' | b'\n' | b'\r');
        self.at = match self.at {
            At::FieldStart if b == b'"' => At::QuotedStart,
            At::FieldStart if ends_field(b) => At::FieldStart,
            At::FieldStart | At::QuotedStart if FORMULA_STARTS.contains(&b) => {
                out.push(b'\'');
                if self.at == At::FieldStart {
                    At::Unquoted
                } else {
                    At::Quoted
                }
            }
            At::FieldStart => At::Unquoted,
            At::QuotedStart | At::Quoted if b == b'"' => At::QuoteInQuoted,
            At::QuotedStart | At::Quoted => At::Quoted,
            At::QuoteInQuoted if b == b'"' => At::Quoted,
            At::QuoteInQuoted | At::Unquoted if ends_field(b) => At::FieldStart,
            At::QuoteInQuoted | At::Unquoted => At::Unquoted,
        };
        out.push(b);
    }
}

impl<W: Write> Write for SafeCells<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut out = Vec::with_capacity(buf.len() + 8);
        for &b in buf {
            self.push(&mut out, b);
        }
        self.inner.write_all(&out)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn safe(rows: &[&[&str]]) -> String {
        let mut out = Vec::new();
        {
            let mut w = csv::Writer::from_writer(SafeCells::new(&mut out));
            for r in rows {
                w.write_record(*r).unwrap();
            }
            w.flush().unwrap();
        }
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn cells_that_start_like_formulas_get_a_quote_and_others_are_untouched() {
        let text = safe(&[
            &["sku", "title", "price"],
            &["A", "=HYPERLINK(\"http://x\",\"y\")", "-1"],
            &["B", "+cmd|' /C calc'!A0", "12.50"],
            &["C", "@SUM(1,2)", "a,b"],
            &["D", "\tx", "line\nbreak"],
            &["E", "", "\"=quoted\""],
            &["F", "mid=dle", "x-y"],
        ]);
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(text.as_bytes());
        let got: Vec<Vec<String>> = r
            .records()
            .map(|rec| rec.unwrap().iter().map(str::to_string).collect())
            .collect();
        let want: Vec<Vec<&str>> = vec![
            vec!["sku", "title", "price"],
            vec!["A", "'=HYPERLINK(\"http://x\",\"y\")", "'-1"],
            vec!["B", "'+cmd|' /C calc'!A0", "12.50"],
            vec!["C", "'@SUM(1,2)", "a,b"],
            vec!["D", "'\tx", "line\nbreak"],
            vec!["E", "", "\"=quoted\""],
            vec!["F", "mid=dle", "x-y"],
        ];
        assert_eq!(got, want);
    }

    #[test]
    fn the_fields_an_import_warns_about() {
        let mut p = Product::new("-SKU", crate::money::Currency::from_code("SGD").unwrap());
        p.title = "@home".into();
        p.description = "plain".into();
        assert_eq!(formula_fields(&p), [("sku", "-"), ("title", "@")]);
    }
}
