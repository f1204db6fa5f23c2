//! HTML made into plain text, for places that show text only: Meta's catalog (the chat
//! storefront publishes descriptions through it, and the Meta CSV export writes them). One
//! function, so that the chat and the export say the same.
//!
//! Shopify and WooCommerce keep descriptions as HTML (`<p>Soft <strong>cotton</strong>
//! &amp; linen</p>`); Meta shows the tags as text. A real HTML parser (html2text) reads them:
//! tags go, entities are decoded, paragraphs and `<br>` become line breaks, list items become
//! lines; nothing is wrapped. Text without markup is returned as it is (trimmed), which is
//! what most rows of a big import are.

/// No wrapping: a line is as long as its paragraph (html2text wraps at the width it is given).
const NO_WRAP: usize = 1_000_000;

/// `html` as plain text: tags removed, entities decoded, paragraphs separated by a blank line,
/// `<br>` and list items on lines of their own, runs of blank lines made one.
pub fn html_to_text(html: &str) -> String {
    if !html.contains(['<', '&']) {
        return html.trim().to_string();
    }
    let rendered = html2text::config::plain_no_decorate()
        .raw_mode(true)
        .allow_width_overflow()
        .string_from_read(html.as_bytes(), NO_WRAP);
    let text = match rendered {
        Ok(text) => text,
        // html2text refuses nothing that a browser shows; should it ever, the text as written
        // is still better than none.
        Err(_) => return html.trim().to_string(),
    };
    tidy(&text)
}

/// Trailing spaces off each line, at most one blank line in a row, none at either end.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank_run = 0;
    for line in text.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank_run += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank_run > 0 { "\n\n" } else { "\n" });
        }
        blank_run = 0;
        out.push_str(line);
    }
    out
}

/// `text` cut to at most `max` characters at the last space before the limit (or at the
/// limit, in a word longer than that), with "…" at the end. `None` when it fits.
pub fn cut_at_word(text: &str, max: usize) -> Option<String> {
    if text.chars().count() <= max {
        return None;
    }
    // Room for the ellipsis.
    let keep = max.saturating_sub(1);
    let end = text.char_indices().nth(keep).map_or(text.len(), |(i, _)| i);
    let head = &text[..end];
    let at_boundary = text[end..].starts_with(char::is_whitespace);
    let cut = match head.rfind(char::is_whitespace) {
        _ if at_boundary => head,
        // Only when that keeps most of it: a 150-character word should not leave 3.
        Some(i) if i >= end / 2 => &head[..i],
        _ => head,
    };
    Some(format!("{}…", cut.trim_end()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_goes_and_entities_are_decoded() {
        let cases = [
            ("Plain text, kept", "Plain text, kept"),
            ("  padded  ", "padded"),
            (
                "<p>Soft <strong>cotton</strong> &amp; linen</p>",
                "Soft cotton & linen",
            ),
            (
                "<p>First paragraph.</p><p>Second &ndash; with &quot;quotes&quot;.</p>",
                "First paragraph.\n\nSecond – with \"quotes\".",
            ),
            ("One<br>two<br/>three", "One\ntwo\nthree"),
            ("Caf&eacute; &#8364;5 &lt;b&gt;", "Café €5 <b>"),
            ("<ul><li>Red</li><li>Blue</li></ul>", "* Red\n* Blue"),
            (
                "<div><p>a</p>\n\n\n<p>b</p></div><script>alert(1)</script>",
                "a\n\nb",
            ),
        ];
        for (html, text) in cases {
            assert_eq!(html_to_text(html), text, "{html}");
        }
    }

    #[test]
    fn long_text_is_cut_at_a_word() {
        assert_eq!(cut_at_word("short", 10), None);
        assert_eq!(cut_at_word("exactly ten", 11), None);
        assert_eq!(
            cut_at_word("the quick brown fox", 12).unwrap(),
            "the quick…"
        );
        let cut = cut_at_word(&"word ".repeat(100), 200).unwrap();
        assert!(cut.chars().count() <= 200, "{}", cut.len());
        assert!(cut.ends_with("word…"));
        // One long word is cut inside it, at the limit.
        assert_eq!(cut_at_word(&"x".repeat(30), 10).unwrap(), "xxxxxxxxx…");
        // Characters, not bytes.
        assert_eq!(cut_at_word("ééé ééé ééé", 8).unwrap(), "ééé ééé…");
    }
}
