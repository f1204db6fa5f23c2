//! JSON documents read from a stream, one at a time, each with the line it starts on: one
//! document per file, or several in a row (JSON Lines, or pretty documents one after another).
//! Only the document being read is held (in a buffer that grows to the largest document), so
//! a webhook log of any size is read in bounded memory and in one pass; lines are counted as
//! the reader moves, never from the start again.

use std::io::Read;

use serde_json::value::RawValue;

/// Bytes read at a time.
const CHUNK: usize = 1 << 20;

/// What stops the reading: the input could not be read, or is not JSON at a position (the
/// rest cannot be trusted to start where it seems to).
#[derive(Debug)]
pub enum ReadError {
    Io(std::io::Error),
    Syntax {
        line: usize,
        column: usize,
        /// serde_json's message without its own " at line L column C".
        message: String,
    },
}

pub struct Documents<R> {
    reader: R,
    buf: Vec<u8>,
    /// The first byte not yet read as a document.
    pos: usize,
    /// Line and (byte) column of `buf[pos]`, from 1.
    line: usize,
    column: usize,
    eof: bool,
    started: bool,
    /// The end of the line `line` gave.
    line_end: usize,
}

impl<R: Read> Documents<R> {
    pub fn new(reader: R) -> Documents<R> {
        Documents {
            reader,
            buf: Vec::with_capacity(CHUNK),
            pos: 0,
            line: 1,
            column: 1,
            eof: false,
            started: false,
            line_end: 0,
        }
    }

    /// The next document and the line it starts on; `None` at the end of the input. The
    /// document is its own copy (`Box`): one copy of its bytes costs less than parsing it
    /// twice, which handing out a borrow of the buffer would need.
    #[allow(clippy::should_implement_trait)] // `Iterator` would hide the line in a tuple anyway
    pub fn next(&mut self) -> Result<Option<(usize, Box<RawValue>)>, ReadError> {
        loop {
            self.skip_whitespace();
            if self.pos == self.buf.len() {
                if self.eof {
                    return Ok(None);
                }
                self.refill()?;
                continue;
            }
            let rest = &self.buf[self.pos..];
            let mut stream =
                serde_json::Deserializer::from_slice(rest).into_iter::<Box<RawValue>>();
            let (read, offset, whole) = (stream.next(), stream.byte_offset(), rest.len());
            match read {
                // A value that ends where the buffer ends may go on (a number): read more first.
                Some(Ok(_)) if offset == whole && !self.eof => {}
                Some(Ok(doc)) => {
                    let line = self.line;
                    self.advance(self.pos + offset);
                    return Ok(Some((line, doc)));
                }
                // An error on the buffer's last, unfinished line may be a number or a word cut
                // by the chunk ("12." is an invalid number): read more first. An error on an
                // earlier line is the input's own.
                Some(Err(e)) if !self.eof && e.line() > newlines(rest) => {}
                Some(Err(e)) => return Err(self.syntax(&e)),
                None => unreachable!("a non-blank rest holds a value or an error"),
            }
            self.refill()?;
        }
    }

    /// The next line and its number, when it is whole within a chunk or so, UTF-8 and not
    /// blank; `None` at the end of the input or when the line does not qualify. Most webhook
    /// logs hold one document per line, which the caller may then read in one pass without
    /// `next` reading it first; `take_line` moves past it, and `next` reads it otherwise.
    pub fn line(&mut self) -> Result<Option<(usize, &str)>, ReadError> {
        let end = loop {
            self.skip_whitespace();
            let rest = &self.buf[self.pos..];
            if let Some(nl) = memchr::memchr(b'\n', rest) {
                break self.pos + nl;
            }
            // No newline in sight (pretty documents have them): leave it to `next`, which
            // holds one document at a time however the file is laid out.
            if self.eof || rest.len() > CHUNK {
                break self.buf.len();
            }
            self.refill()?;
        };
        self.line_end = end;
        if end == self.pos || (end == self.buf.len() && !self.eof) {
            return Ok(None);
        }
        Ok(std::str::from_utf8(&self.buf[self.pos..end])
            .ok()
            .map(|text| (self.line, text)))
    }

    /// Moves past the line `line` gave, which holds no newline.
    pub fn take_line(&mut self) {
        self.column += self.line_end - self.pos;
        self.pos = self.line_end;
    }

    fn skip_whitespace(&mut self) {
        let mut end = self.pos;
        let first = !self.started && self.pos == 0;
        if first && self.buf.starts_with("\u{feff}".as_bytes()) {
            // A byte order mark, as Windows editors write it.
            end += 3;
            self.pos = end;
        }
        while end < self.buf.len() && self.buf[end].is_ascii_whitespace() {
            end += 1;
        }
        if !self.buf.is_empty() {
            self.started = true;
        }
        self.advance(end);
    }

    /// Moves to `end`, counting the lines passed.
    fn advance(&mut self, end: usize) {
        for &b in &self.buf[self.pos..end] {
            if b == b'\n' {
                self.line += 1;
                self.column = 1;
            } else {
                self.column += 1;
            }
        }
        self.pos = end;
    }

    /// Drops what was read and reads another chunk after what is left.
    fn refill(&mut self) -> Result<(), ReadError> {
        self.buf.drain(..self.pos);
        self.pos = 0;
        let len = self.buf.len();
        self.buf.resize(len + CHUNK, 0);
        let n = loop {
            match self.reader.read(&mut self.buf[len..]) {
                Ok(n) => break n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(ReadError::Io(e)),
            }
        };
        self.buf.truncate(len + n);
        self.eof = n == 0;
        Ok(())
    }

    /// A syntax error placed in the whole input (serde_json places it in the document).
    fn syntax(&self, e: &serde_json::Error) -> ReadError {
        let message = e.to_string();
        let message = message
            .rfind(" at line ")
            .map_or(message.as_str(), |i| &message[..i]);
        ReadError::Syntax {
            line: self.line + e.line() - 1,
            column: if e.line() == 1 {
                self.column + e.column() - 1
            } else {
                e.column()
            },
            message: message.to_string(),
        }
    }
}

/// Newlines in `bytes`.
fn newlines(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b == b'\n').count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &str) -> Result<Vec<(usize, String)>, ReadError> {
        let mut docs = Documents::new(text.as_bytes());
        let mut out = Vec::new();
        while let Some((line, doc)) = docs.next()? {
            out.push((line, doc.get().to_string()));
        }
        Ok(out)
    }

    #[test]
    fn documents_one_per_line_or_pretty() {
        let docs = all("\u{feff}{\"a\": 1}\n\n{\"b\":\n 2} {\"c\": 3}\n").unwrap();
        let lines: Vec<usize> = docs.iter().map(|d| d.0).collect();
        assert_eq!(lines, [1, 3, 4]);
        assert_eq!(docs[1].1, "{\"b\":\n 2}");
        assert!(all("").unwrap().is_empty());
        assert!(all(" \n\t").unwrap().is_empty());
    }

    /// `line` and `next` in turn: each document once, on its line, whichever reads it.
    #[test]
    fn lines_and_documents_read_in_turn() {
        let text = "\u{feff}{\"a\": 1}\n\n  {\"b\":\n 2} {\"c\": 3}\n{\"d\": 4}  \r\n{\"e\": 5}";
        let mut docs = Documents::new(text.as_bytes());
        assert_eq!(docs.line().unwrap(), Some((1, "{\"a\": 1}")));
        docs.take_line();
        assert_eq!(docs.line().unwrap(), Some((3, "  {\"b\":".trim_start())));
        let (line, doc) = docs.next().unwrap().unwrap();
        assert_eq!((line, doc.get()), (3, "{\"b\":\n 2}"));
        assert_eq!(docs.line().unwrap(), Some((4, "{\"c\": 3}")));
        let (line, doc) = docs.next().unwrap().unwrap();
        assert_eq!((line, doc.get()), (4, "{\"c\": 3}"));
        assert_eq!(docs.line().unwrap(), Some((5, "{\"d\": 4}  \r")));
        docs.take_line();
        assert_eq!(docs.line().unwrap(), Some((6, "{\"e\": 5}")));
        docs.take_line();
        assert_eq!(docs.line().unwrap(), None);
        assert!(docs.next().unwrap().is_none());
        // A syntax error after lines taken is placed where it is.
        let mut docs = Documents::new("{}\n{}\n {\"x\": }".as_bytes());
        for _ in 0..2 {
            assert!(docs.line().unwrap().is_some());
            docs.take_line();
        }
        assert!(docs.line().unwrap().is_some());
        let Err(ReadError::Syntax { line, column, .. }) = docs.next() else {
            panic!("not a syntax error")
        };
        assert_eq!((line, column), (3, 8));
        // Not UTF-8: left to `next`.
        let mut docs = Documents::new(&b"{\"a\": \"\xff\"}\n"[..]);
        assert_eq!(docs.line().unwrap(), None);
    }

    #[test]
    fn syntax_errors_are_placed_in_the_input() {
        let Err(ReadError::Syntax {
            line,
            column,
            message,
        }) = all("{\"a\": 1}\n{\"b\": }\n")
        else {
            panic!("not a syntax error")
        };
        assert_eq!((line, column), (2, 7));
        assert_eq!(message, "expected value");
        // On the line where an earlier document ends.
        let Err(ReadError::Syntax { line, column, .. }) = all("{\"a\": 1} {\"b\": }") else {
            panic!("not a syntax error")
        };
        assert_eq!((line, column), (1, 16));
        // Cut short at the end.
        assert!(matches!(
            all("{\"a\": [1, 2"),
            Err(ReadError::Syntax { line: 1, .. })
        ));
    }

    /// Documents across chunk boundaries, and one larger than a chunk, read whole.
    #[test]
    fn documents_larger_than_a_chunk() {
        let big = format!("{{\"s\": \"{}\"}}", "é".repeat(CHUNK));
        let text = format!("{{\"n\": 12345}}\n{big}\n{{\"n\": 6}}\n");
        let docs = all(&text).unwrap();
        assert_eq!(docs.len(), 3);
        assert_eq!(docs[1], (2, big));
        assert_eq!(docs[2], (3, "{\"n\": 6}".to_string()));
        // Numbers cut by a chunk's end are read whole.
        let cut = format!("{{\"s\": \"{}\", \"n\": 12.5}}", "x".repeat(CHUNK - 18));
        assert_eq!(all(&cut).unwrap(), [(1, cut.clone())]);
        // A number at the very end of the input is whole.
        assert_eq!(all("7").unwrap(), [(1, "7".to_string())]);
    }
}
