//! The steps every item takes, whatever its dialect: the pure check (`check`), the decimal
//! styles of its amounts, duplicate SKUs and `--on-duplicate`, its images, what the catalog
//! holds of it (a file that leaves columns out is merged with the stored product), the
//! --mode; then the writer, or the report with every error found.

use anyhow::Result;

use super::Importer;
use super::check::{self, Checked};
use super::duplicates::{self, FirstCopy, Found, OnDuplicate};
use super::report::{ERROR_CAP, Outcome};
use super::row::{Item, OnePrice};
use super::writer::Stored;
use crate::catalog::{Field, FieldSet, Product, spreadsheet};

/// What the duplicate check says to do with a row.
enum Dup {
    /// Go on (a row that repeats a SKU carries the error by now).
    Go,
    /// Leave it out: an earlier copy is kept (--on-duplicate first).
    Drop,
    /// Write it over the earlier copy, if it turns out valid (--on-duplicate last).
    Replace(FirstCopy),
}

/// A checked product, ready to write: what to write and how it counts.
struct Plan {
    product: Product,
    write: Outcome,
    count: Outcome,
}

/// The decimal styles of one file's amounts, so that a file that mixes them gets one message
/// rather than one per row.
#[derive(Default)]
pub struct FileStyles {
    /// The first amount written with the separator the import expects: (line, column, text).
    expected: Option<(u64, &'static str, String)>,
    /// The first with the other separator.
    other: Option<(u64, &'static str, String)>,
    /// Messages about amounts in the other style, held until the end of the file.
    held: Vec<(u64, String)>,
    held_count: u64,
    /// Rows rejected for them.
    rows: u64,
}

impl Importer<'_> {
    /// One item: its cells checked, its SKU against the file's others, its images resolved,
    /// the stored product and the --mode; then written, or rejected with every error found.
    pub(super) fn item(&mut self, item: Item) -> Result<()> {
        let mut row = check::check(item, self.env);
        self.note_styles(&row);
        let key = (!row.sku.is_empty()).then(|| self.dups.key(&row.sku));
        let replace = match self.duplicate(&mut row, key)? {
            Dup::Drop => return Ok(()),
            Dup::Replace(first) => Some(first),
            Dup::Go => None,
        };
        let images = self
            .images
            .for_row(&row.images, &row.sku, &self.csv_dir, &mut row.errors);
        // Files picked up from --images DIR for the SKU give images even without a column.
        row.present.add_if(Field::Images, !images.refs.is_empty());
        let plan = match row.product.take().filter(|_| row.is_valid()) {
            Some(mut p) => {
                p.images = images.refs.join(";");
                self.plan(p, &mut row, replace)?
            }
            None => None,
        };
        let (Some(plan), Some(key), true) = (plan, key, row.is_valid()) else {
            self.reject(&row)?;
            if let Some(key) = key {
                self.dups.note_title(row.line, row.title());
                self.dups.record_rejected(key, row.line)?;
            }
            return Ok(());
        };
        if let Some(first) = replace {
            // The earlier copy gives way: what it counted is taken back.
            self.report.uncount(first.outcome);
            self.report.skipped += 1;
            let text = format!(
                "{} \"{}\" is also on line {}: this line replaces it (--on-duplicate last)",
                row.sku_col, row.sku, first.line
            );
            self.report.warn(&self.label, row.line, &text);
        }
        self.report.images_stored += self.images.store(&images.new, self.writer.now())?;
        let formulas = spreadsheet::formula_fields(&plan.product);
        self.writer.write(plan.product, plan.write)?;
        if matches!(plan.count, Outcome::Created | Outcome::Updated) {
            for (field, start) in formulas {
                let text = spreadsheet::warning(field, start);
                self.report.warn(&self.label, row.line, &text);
            }
        }
        self.report.count(plan.count);
        self.dups.record(key, row.line, plan.count)
    }

    /// What writing a valid row's product comes to: the product (merged with the stored one
    /// when the file leaves columns out) and how it counts; None with the row's errors added
    /// when the catalog says no (the --mode, a new product's needs, a merged sale price).
    fn plan(
        &mut self,
        p: Product,
        row: &mut Checked,
        replace: Option<FirstCopy>,
    ) -> Result<Option<Plan>> {
        let want_old = row.present != FieldSet::ALL
            || row.one_price != OnePrice::No
            || row.plain_description
            || row.negative_stock.is_some()
            || self.opts.dry_run;
        let stored = match replace {
            Some(_) => {
                self.writer.settle()?;
                self.writer.lookup(&p, row.present, want_old)?
            }
            None => self.writer.stored(&p, row.present, want_old)?,
        };
        // A copy that replaces one this import created counts as created.
        let earlier = replace.map(|f| f.outcome);
        let existed = !matches!(stored, Stored::New) && earlier != Some(Outcome::Created);
        if let Some(e) = check::mode(self.opts.mode, existed, row.sku_col, &row.sku) {
            row.errors.push(e);
            return Ok(None);
        }
        if let Some(e) = row.negative_stock.take() {
            // Only as stored already (the shop's own export of an oversold product).
            let as_stored = match &stored {
                Stored::Same => row.present.has(Field::Stock),
                Stored::Differs(Some(old)) => old.stock == p.stock,
                _ => false,
            };
            if !as_stored {
                row.errors.push(e);
                return Ok(None);
            }
        }
        let (product, write) = match stored {
            Stored::New => {
                let needs = check::new_product_needs(row);
                if !needs.is_empty() {
                    row.errors.extend(needs);
                    return Ok(None);
                }
                (p, Outcome::Created)
            }
            Stored::Same => (p, Outcome::Unchanged),
            Stored::Differs(None) => (p, Outcome::Updated),
            Stored::Differs(Some(old)) => match check::merge(&old, p, row) {
                Err(errors) => {
                    row.errors.extend(errors);
                    return Ok(None);
                }
                Ok(merged) if merged == *old => (merged, Outcome::Unchanged),
                Ok(merged) => {
                    if self.opts.dry_run {
                        self.report.changes.add(&old, &merged);
                    }
                    (merged, Outcome::Updated)
                }
            },
        };
        let count = match earlier {
            Some(Outcome::Created) => Outcome::Created,
            Some(Outcome::Updated) => Outcome::Updated,
            _ => write,
        };
        Ok(Some(Plan {
            product,
            write,
            count,
        }))
    }

    /// The duplicate check of a row, and what `--on-duplicate` makes of a repeat.
    fn duplicate(&mut self, row: &mut Checked, key: Option<u64>) -> Result<Dup> {
        let first = match self.dups.check(row.line, key)? {
            Found::Alone => return Ok(Dup::Go),
            Found::Paired(other) => {
                let this = (row.line, Some(row.title()));
                let msg = duplicates::message(
                    row.sku_col,
                    &row.sku,
                    this,
                    (other, self.dups.title(other)),
                );
                self.dups.note_title(row.line, row.title());
                row.errors.push(msg);
                return Ok(Dup::Go);
            }
            Found::Again(first) => first,
        };
        match self.opts.on_duplicate {
            OnDuplicate::Error => {
                let first_title = self.first_title(&first, &row.sku)?;
                let msg = duplicates::message(
                    row.sku_col,
                    &row.sku,
                    (first.line, first_title.as_deref()),
                    (row.line, Some(row.title())),
                );
                row.errors.push(msg.clone());
                self.take_back(first, &msg)?;
                Ok(Dup::Go)
            }
            // The earlier copy was invalid: this one stands in for it.
            _ if first.outcome == Outcome::Rejected => Ok(Dup::Go),
            OnDuplicate::First => {
                self.report.skipped += 1;
                let text = format!(
                    "{} \"{}\" is also on line {}: kept that line, left this one out \
                     (--on-duplicate first)",
                    row.sku_col, row.sku, first.line
                );
                self.report.warn(&self.label, row.line, &text);
                Ok(Dup::Drop)
            }
            // An invalid later copy is rejected like any invalid row; the earlier one stays.
            OnDuplicate::Last if !row.is_valid() => Ok(Dup::Go),
            OnDuplicate::Last => Ok(Dup::Replace(first)),
        }
    }

    /// The title of a SKU's first copy: as written, or as noted when it was rejected.
    fn first_title(&mut self, first: &FirstCopy, sku: &str) -> Result<Option<String>> {
        if first.outcome == Outcome::Rejected {
            return Ok(self.dups.title(first.line).map(str::to_string));
        }
        self.writer.title_of(sku)
    }

    /// A SKU's first copy, found again: it is an error too, so take back what it counted.
    fn take_back(&mut self, first: FirstCopy, msg: &str) -> Result<()> {
        self.report.uncount(first.outcome);
        if first.outcome != Outcome::Rejected {
            self.report
                .reject(&self.label, first.line, &[msg.to_string()]);
            self.dups.record(first.key, first.line, Outcome::Rejected)?;
        }
        Ok(())
    }

    /// A rejected row: its errors to the report (those about the other decimal style held
    /// until the end of the file) and the row to the --rejects file.
    fn reject(&mut self, row: &Checked) -> Result<()> {
        self.report.reject(&self.label, row.line, &row.errors);
        if !row.style_errors.is_empty() {
            self.styles.rows += 1;
            for e in &row.style_errors {
                self.styles.held_count += 1;
                if self.styles.held.len() < ERROR_CAP {
                    self.styles.held.push((row.line, e.clone()));
                }
            }
        }
        if let Some(rec) = row.record.as_ref() {
            let all = row.all_errors();
            self.write_rejected(rec, &all)?;
        }
        Ok(())
    }

    /// Notes the first amount of each decimal style the file uses.
    fn note_styles(&mut self, row: &Checked) {
        let s = &mut self.styles;
        if let (None, Some((col, amount))) = (&s.expected, &row.styles.expected) {
            let text = amount.to_major_string();
            let text = if self.env.parse.decimal_comma {
                text.replace('.', ",")
            } else {
                text
            };
            s.expected = Some((row.line, col, text));
        }
        if let (None, Some((col, text))) = (&s.other, &row.styles.other) {
            s.other = Some((row.line, col, text.clone()));
        }
    }

    /// At the end of a file: one message when it writes amounts both ways, else each held
    /// message about the other style.
    pub(super) fn end_of_styles(&mut self) {
        let s = std::mem::take(&mut self.styles);
        match (&s.expected, &s.other) {
            (Some(good), Some(bad)) => {
                let comma = self.env.parse.decimal_comma;
                let (point, comma_at) = if comma { (bad, good) } else { (good, bad) };
                let msg = format!(
                    "this file writes amounts two ways: {} \"{}\" (line {}) with a decimal point \
                     and {} \"{}\" (line {}) with a decimal comma, so {} row{} could not be read. \
                     Write every amount one way, then import {}",
                    point.1,
                    point.2,
                    point.0,
                    comma_at.1,
                    comma_at.2,
                    comma_at.0,
                    s.rows,
                    if s.rows == 1 { "" } else { "s" },
                    if comma {
                        "with --decimal-comma (12,50) or without it (12.50)"
                    } else {
                        "without --decimal-comma (12.50) or with it (12,50)"
                    }
                );
                self.report.error(&self.label, bad.0, &msg);
            }
            _ => {
                for (line, e) in &s.held {
                    self.report.error(&self.label, *line, e);
                }
                self.report.error_count += s.held_count - s.held.len() as u64;
            }
        }
    }
}
