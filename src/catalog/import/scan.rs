//! The CSV bytes on their way into the csv crate, watched for two things it does not give:
//! the physical line each record starts on (its own count is one low after every CRLF, and its
//! record start may point into the line ends before the record), and quotes that do not close
//! properly (`"ti"tle"`, or a quote never closed), which it reads silently as text. Both
//! scans jump from byte to byte of interest with memchr, so a million-row file costs little.

use std::collections::VecDeque;
use std::io::{self, Read};

/// A quote that does not close properly.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BadQuote {
    /// Text right after the quote that closes a quoted cell (`"ti"tle"`), at this offset.
    TextAfter(u64),
    /// A quote opened at this offset and never closed: the rest of the file is one cell.
    Unclosed(u64),
}

impl BadQuote {
    fn offset(self) -> u64 {
        match self {
            BadQuote::TextAfter(o) | BadQuote::Unclosed(o) => o,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    /// Outside quotes.
    Outside,
    /// Inside a quoted cell, opened at this offset.
    Inside(u64),
    /// A quote inside a quoted cell was the last byte read: the next byte says whether it
    /// closed the cell or was the first of `""`.
    QuoteEnded(u64),
}

/// A reader that passes bytes through unchanged and notes newlines and bad quotes.
pub struct Scanned<R> {
    inner: R,
    delimiter: u8,
    /// The offset of the next byte to come.
    offset: u64,
    /// The byte before it (a quote opens a cell only at the cell's start).
    prev: u8,
    state: State,
    /// Runs of line-end bytes (`\r`, `\n`) not yet behind a record start: (first offset,
    /// offset after the last, newlines in it).
    ends: VecDeque<(u64, u64, u64)>,
    /// Newlines already behind one.
    lines_before: u64,
    bad: VecDeque<BadQuote>,
}

impl<R: Read> Scanned<R> {
    pub fn new(inner: R, delimiter: u8) -> Scanned<R> {
        Scanned {
            inner,
            delimiter,
            offset: 0,
            prev: b'\n',
            state: State::Outside,
            ends: VecDeque::new(),
            lines_before: 0,
            bad: VecDeque::new(),
        }
    }

    /// The physical line (from 1) of a record that the csv crate says starts at byte
    /// `start`. Records must be asked about in order.
    pub fn line_of(&mut self, start: u64) -> u64 {
        while let Some(&(_, end, newlines)) = self.ends.front()
            && end <= start
        {
            self.ends.pop_front();
            self.lines_before += newlines;
        }
        // A start inside a run of line ends (the csv crate's, after a CRLF or a blank line):
        // the record's text begins after the run.
        match self.ends.front() {
            Some(&(first, _, newlines)) if first <= start => self.lines_before + newlines + 1,
            _ => self.lines_before + 1,
        }
    }

    /// A bad quote in the record between `start` and `end` (byte offsets), if any; earlier
    /// ones are forgotten.
    pub fn bad_quote(&mut self, start: u64, end: u64) -> Option<BadQuote> {
        while self.bad.front().is_some_and(|b| b.offset() < start) {
            self.bad.pop_front();
        }
        match self.bad.front() {
            Some(&b) if b.offset() < end => {
                self.bad.pop_front();
                Some(b)
            }
            _ => None,
        }
    }

    fn scan(&mut self, data: &[u8]) {
        let base = self.offset;
        for i in memchr::memchr2_iter(b'\r', b'\n', data) {
            let at = base + i as u64;
            let newline = u64::from(data[i] == b'\n');
            match self.ends.back_mut() {
                Some((_, end, n)) if *end == at => {
                    *end += 1;
                    *n += newline;
                }
                _ => self.ends.push_back((at, at + 1, newline)),
            }
        }
        let mut i = 0;
        while i < data.len() {
            match self.state {
                State::Outside => match memchr::memchr(b'"', &data[i..]) {
                    Some(k) => {
                        let at = i + k;
                        let before = if at == 0 { self.prev } else { data[at - 1] };
                        if before == self.delimiter || before == b'\n' || before == b'\r' {
                            self.state = State::Inside(base + at as u64);
                        }
                        // Elsewhere a quote is a character of an unquoted cell (`12" pizza`).
                        i = at + 1;
                    }
                    None => i = data.len(),
                },
                State::Inside(open) => match memchr::memchr(b'"', &data[i..]) {
                    Some(k) => {
                        self.state = State::QuoteEnded(open);
                        i += k + 1;
                    }
                    None => i = data.len(),
                },
                State::QuoteEnded(open) => {
                    let b = data[i];
                    self.state = if b == b'"' {
                        State::Inside(open)
                    } else {
                        if b != self.delimiter && b != b'\n' && b != b'\r' {
                            self.bad.push_back(BadQuote::TextAfter(base + i as u64));
                        }
                        State::Outside
                    };
                    i += 1;
                }
            }
        }
        if let Some(&last) = data.last() {
            self.prev = last;
        }
        self.offset += data.len() as u64;
    }
}

impl<R: Read> Read for Scanned<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n == 0 {
            if let State::Inside(open) = self.state {
                self.bad.push_back(BadQuote::Unclosed(open));
                self.state = State::Outside;
            }
            return Ok(0);
        }
        self.scan(&buf[..n]);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each record's (physical line, bad quote) as the csv crate and the scanner see them,
    /// read `chunk` bytes at a time.
    fn records(data: &[u8], chunk: usize) -> Vec<(u64, Option<BadQuote>, Vec<String>)> {
        struct Chunked<'a>(&'a [u8], usize);
        impl Read for Chunked<'_> {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                let n = buf.len().min(self.1).min(self.0.len());
                buf[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(Scanned::new(Chunked(data, chunk), b','));
        let mut rec = csv::ByteRecord::new();
        let mut out = Vec::new();
        while rdr.read_byte_record(&mut rec).unwrap() {
            let start = rec.position().unwrap().byte();
            let end = rdr.position().byte();
            let line = rdr.get_mut().line_of(start);
            let bad = rdr.get_mut().bad_quote(start, end);
            let cells = rec
                .iter()
                .map(|f| String::from_utf8_lossy(f).into_owned())
                .collect();
            out.push((line, bad, cells));
        }
        out
    }

    fn lines(data: &[u8]) -> Vec<u64> {
        let all: Vec<Vec<u64>> = [1, 2, 3, 7, 4096]
            .iter()
            .map(|&c| records(data, c).into_iter().map(|r| r.0).collect())
            .collect();
        for other in &all[1..] {
            assert_eq!(other, &all[0], "the chunk size changes nothing");
        }
        all[0].clone()
    }

    #[test]
    fn records_start_on_their_physical_lines_with_lf_crlf_and_quoted_line_breaks() {
        assert_eq!(lines(b"a,b\n1,2\n3,4\n"), [1, 2, 3]);
        assert_eq!(lines(b"a,b\r\n1,2\r\n3,4\r\n"), [1, 2, 3]);
        assert_eq!(lines(b"a,b\r\n\"x\r\ny\",2\r\n3,4\r\n"), [1, 2, 4]);
        assert_eq!(lines(b"a,b\n\"x\ny\nz\",2\n3,4"), [1, 2, 5]);
        assert_eq!(lines(b"a,b\n\n1,2\r\n\r\n3,4\n"), [1, 3, 5]);
    }

    #[test]
    fn quotes_that_do_not_close_properly_are_found_in_their_record() {
        let r = records(b"a,b\n\"ti\"tle\",2\n3,4\n", 3);
        assert_eq!(r[1].1, Some(BadQuote::TextAfter(8)));
        assert_eq!((r[0].1, r[2].1), (None, None));
        // Escaped quotes, a quote inside an unquoted cell and an empty quoted cell are fine.
        for ok in [
            &b"a,b\n\"ti\"\"tle\",2\n"[..],
            b"a,b\n12\" pizza,2\n",
            b"a,b\n\"\",2\n",
            b"a,b\r\n\"x\",\"y\"\r\n",
        ] {
            assert!(records(ok, 2).iter().all(|r| r.1.is_none()), "{ok:?}");
        }
        let r = records(b"a,b\n1,2\n\"title,2\n3,4\n", 5);
        assert_eq!(r.len(), 3);
        assert_eq!((r[2].0, r[2].1), (3, Some(BadQuote::Unclosed(8))));
    }
}
