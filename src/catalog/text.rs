//! Reading CSV text as it comes from spreadsheets and shop exports: a UTF-8 BOM, other
//! encodings (`--encoding`), the delimiter (`,` `;` or tab), and a byte count for the progress
//! bar. Everything streams; nothing holds the whole file.

use std::fs::File;
use std::io::{self, BufReader, Cursor, Read};
use std::path::Path;

use anyhow::{Context, Result};
use encoding_rs::Encoding;
use indicatif::ProgressBar;

/// A byte that is not UTF-8, found while reading (carried inside an `io::Error`).
#[derive(Debug, thiserror::Error)]
#[error("not UTF-8 text at byte {offset} (line {line})")]
pub struct NotUtf8 {
    pub offset: u64,
    pub line: u64,
}

/// Finds a `NotUtf8` behind a csv or io error.
pub fn not_utf8(err: &csv::Error) -> Option<&NotUtf8> {
    match err.kind() {
        csv::ErrorKind::Io(e) => e
            .get_ref()
            .and_then(|inner| inner.downcast_ref::<NotUtf8>()),
        _ => None,
    }
}

/// Passes bytes through unchanged and fails at the first one that is not UTF-8, with its
/// offset in the file, so that a wrong encoding is refused rather than stored as mojibake.
struct Utf8Checked<R> {
    inner: R,
    /// Bytes already checked (plus a skipped BOM), for the offset in the error.
    checked: u64,
    /// Newlines seen, for the line in the error.
    lines: u64,
    /// The start of a multi-byte sequence cut by the end of the last read.
    pending: Vec<u8>,
    scratch: Vec<u8>,
}

impl<R: Read> Read for Utf8Checked<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n == 0 {
            if !self.pending.is_empty() {
                return Err(self.error(0));
            }
            return Ok(0);
        }
        let data: &[u8] = if self.pending.is_empty() {
            &buf[..n]
        } else {
            self.scratch.clear();
            self.scratch.extend_from_slice(&self.pending);
            self.scratch.extend_from_slice(&buf[..n]);
            &self.scratch
        };
        let (good, rest) = match std::str::from_utf8(data) {
            Ok(_) => (data.len(), Vec::new()),
            Err(e) if e.error_len().is_none() => {
                (e.valid_up_to(), data[e.valid_up_to()..].to_vec())
            }
            Err(e) => {
                let at = e.valid_up_to();
                self.lines += count_newlines(&data[..at]);
                return Err(self.error(at as u64));
            }
        };
        self.lines += count_newlines(&data[..good]);
        self.checked += good as u64;
        self.pending = rest;
        Ok(n)
    }
}

impl<R> Utf8Checked<R> {
    fn error(&self, extra: u64) -> io::Error {
        io::Error::new(
            io::ErrorKind::InvalidData,
            NotUtf8 {
                offset: self.checked + extra,
                line: self.lines + 1,
            },
        )
    }
}

fn count_newlines(data: &[u8]) -> u64 {
    // memchr's SIMD search: a byte-by-byte count was a few percent of a whole import.
    memchr::memchr_iter(b'\n', data).count() as u64
}

/// Decodes another encoding (windows-1252, latin1, utf-16...) to UTF-8 as it streams.
struct Transcoded<R> {
    inner: R,
    decoder: encoding_rs::Decoder,
    input: Vec<u8>,
    pos: usize,
    len: usize,
    eof: bool,
    output: Vec<u8>,
    opos: usize,
    olen: usize,
}

impl<R: Read> Read for Transcoded<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        // Decoded text waits in `output` so that any buffer size works.
        while self.opos == self.olen {
            if self.pos == self.len && self.eof {
                return Ok(0);
            }
            if self.pos == self.len {
                self.len = self.inner.read(&mut self.input)?;
                self.pos = 0;
                self.eof = self.len == 0;
            }
            let (_, read, written, _) = self.decoder.decode_to_utf8(
                &self.input[self.pos..self.len],
                &mut self.output,
                self.eof,
            );
            self.pos += read;
            self.opos = 0;
            self.olen = written;
        }
        let n = buf.len().min(self.olen - self.opos);
        buf[..n].copy_from_slice(&self.output[self.opos..self.opos + n]);
        self.opos += n;
        Ok(n)
    }
}

/// Counts bytes read from the file for the progress bar.
struct Counted<R> {
    inner: R,
    bar: ProgressBar,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.bar.inc(n as u64);
        Ok(n)
    }
}

/// An opened CSV file: its text as UTF-8 and the delimiter found in its first line.
pub struct Text {
    pub reader: Box<dyn Read>,
    pub delimiter: u8,
}

/// Opens `path` for CSV reading. Without `encoding` the file must be UTF-8 (a BOM is skipped).
pub fn open(path: &Path, encoding: Option<&'static Encoding>, bar: &ProgressBar) -> Result<Text> {
    let file = File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut raw = BufReader::with_capacity(
        256 * 1024,
        Counted {
            inner: file,
            bar: bar.clone(),
        },
    );
    let mut head = [0u8; 3];
    let mut got = 0;
    while got < 3 {
        let n = raw.read(&mut head[got..])?;
        if n == 0 {
            break;
        }
        got += n;
    }
    let has_bom = got == 3 && head == [0xEF, 0xBB, 0xBF];
    let head = if has_bom {
        Vec::new()
    } else {
        head[..got].to_vec()
    };
    let rest = Cursor::new(head).chain(raw);
    let mut reader: Box<dyn Read> = match encoding {
        Some(enc) if enc != encoding_rs::UTF_8 => Box::new(Transcoded {
            inner: rest,
            decoder: enc.new_decoder(),
            input: vec![0; 64 * 1024],
            pos: 0,
            len: 0,
            eof: false,
            output: vec![0; 64 * 1024],
            opos: 0,
            olen: 0,
        }),
        _ => Box::new(Utf8Checked {
            inner: rest,
            checked: if has_bom { 3 } else { 0 },
            lines: 0,
            pending: Vec::new(),
            scratch: Vec::new(),
        }),
    };
    // Look at the start of the text for the delimiter, then hand the same bytes back.
    let mut sample = Vec::with_capacity(64 * 1024);
    (&mut reader)
        .take(64 * 1024)
        .read_to_end(&mut sample)
        .map_err(
            |e| match e.get_ref().and_then(|i| i.downcast_ref::<NotUtf8>()) {
                Some(bad) => anyhow::anyhow!(not_utf8_message(path, bad)),
                None => anyhow::Error::from(e),
            },
        )?;
    let delimiter = detect_delimiter(&sample);
    Ok(Text {
        reader: Box::new(Cursor::new(sample).chain(reader)),
        delimiter,
    })
}

/// The error for a file in another encoding, with the way out.
pub fn not_utf8_message(path: &Path, bad: &NotUtf8) -> String {
    format!(
        "{}: {bad}; the file is not UTF-8. If a spreadsheet on Windows saved it, pass \
         --encoding windows-1252 (or the file's encoding), or save it again as \"CSV UTF-8\"",
        path.display()
    )
}

/// The delimiter that appears most often outside quotes on the first line: `,`, `;` or tab.
/// A line of instructions (Meta's `# Required | ...`) is looked past when the next line
/// exists.
pub fn detect_delimiter(sample: &[u8]) -> u8 {
    let mut lines = Vec::new();
    let mut in_quotes = false;
    let mut counts = [0usize; 3];
    for &b in sample {
        match b {
            b'"' => in_quotes = !in_quotes,
            b',' if !in_quotes => counts[0] += 1,
            b';' if !in_quotes => counts[1] += 1,
            b'\t' if !in_quotes => counts[2] += 1,
            b'\n' if !in_quotes => {
                lines.push(counts);
                counts = [0; 3];
                if lines.len() == 2 {
                    break;
                }
            }
            _ => {}
        }
    }
    if lines.is_empty() {
        lines.push(counts);
    }
    let first = if sample.first() == Some(&b'#') && lines.len() > 1 {
        lines[1]
    } else {
        lines[0]
    };
    let best = (0..3).max_by_key(|&i| (first[i], 3 - i)).unwrap_or(0);
    if first[best] == 0 {
        return b',';
    }
    [b',', b';', b'\t'][best]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiters() {
        assert_eq!(detect_delimiter(b"sku,title,price\n"), b',');
        assert_eq!(detect_delimiter(b"sku;title;price\r\nA;\"x,y\";1\n"), b';');
        assert_eq!(detect_delimiter(b"sku\ttitle\tprice\n"), b'\t');
        assert_eq!(detect_delimiter(b"\"a;b\",c\n"), b',');
        assert_eq!(detect_delimiter(b"sku"), b',');
    }

    #[test]
    fn utf8_checker_reports_offset_and_line() {
        let data = b"abc\nd\xe9f\n".to_vec();
        let mut r = Utf8Checked {
            inner: Cursor::new(data),
            checked: 0,
            lines: 0,
            pending: Vec::new(),
            scratch: Vec::new(),
        };
        let mut out = Vec::new();
        let err = r.read_to_end(&mut out).unwrap_err();
        let bad = err.get_ref().unwrap().downcast_ref::<NotUtf8>().unwrap();
        assert_eq!((bad.offset, bad.line), (5, 2));
    }

    #[test]
    fn utf8_checker_accepts_sequences_cut_between_reads() {
        // One byte at a time: every multi-byte character is cut.
        struct OneByte(Cursor<Vec<u8>>);
        impl Read for OneByte {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                let n = buf.len().min(1);
                self.0.read(&mut buf[..n])
            }
        }
        let text = "héllo – ✓ 😀\n";
        let mut r = Utf8Checked {
            inner: OneByte(Cursor::new(text.as_bytes().to_vec())),
            checked: 0,
            lines: 0,
            pending: Vec::new(),
            scratch: Vec::new(),
        };
        let mut out = Vec::new();
        r.read_to_end(&mut out).unwrap();
        assert_eq!(out, text.as_bytes());
    }

    #[test]
    fn windows_1252_is_transcoded() {
        let mut r = Transcoded {
            inner: Cursor::new(b"caf\xe9 \x80\n".to_vec()),
            decoder: encoding_rs::WINDOWS_1252.new_decoder(),
            input: vec![0; 4],
            pos: 0,
            len: 0,
            eof: false,
            output: vec![0; 64 * 1024],
            opos: 0,
            olen: 0,
        };
        let mut out = String::new();
        r.read_to_string(&mut out).unwrap();
        assert_eq!(out, "café €\n");
    }
}
