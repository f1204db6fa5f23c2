//! Descriptions as plain text, for what wants no HTML: the Meta catalog feed (`catalog export
//! --dialect meta`) and the Meta catalog publish. The stored description is kept as imported.

use html2text::render::TrivialDecorator;

/// The plain text of a description: tags removed, entities decoded, paragraphs and line breaks
/// as line breaks, links as their text. A description with no HTML in it is returned as it
/// is, line breaks included (rendering it would fold them into spaces).
pub fn plain_text(description: &str) -> String {
    if !looks_like_html(description) {
        return description.to_string();
    }
    // No wrapping (Meta wraps for display), no table borders or list bullets: plain words.
    let text = html2text::config::with_decorator(TrivialDecorator::new())
        .no_table_borders()
        .string_from_read(description.as_bytes(), usize::MAX)
        // html2text reads from memory and cannot fail on I/O; a failure leaves the text as is.
        .unwrap_or_else(|_| description.to_string());
    let text = text.replace('\u{a0}', " ");
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    lines.join("\n").trim().to_string()
}

/// True when the text has a tag (`<p>`, `</b>`, `<br/>`, `<!-- -->`) or an entity (`&amp;`,
/// `&#233;`): "5 < 6 & 7" stays text.
fn looks_like_html(s: &str) -> bool {
    let b = s.as_bytes();
    b.windows(2)
        .any(|w| w[0] == b'<' && (w[1].is_ascii_alphabetic() || w[1] == b'/' || w[1] == b'!'))
        || has_entity(s)
}

fn has_entity(s: &str) -> bool {
    s.match_indices('&').any(|(i, _)| {
        let rest = &s[i + 1..];
        let end = rest.find(';').filter(|&e| (1..=10).contains(&e));
        end.is_some_and(|e| {
            let name = &rest[..e];
            name.bytes().all(|c| c.is_ascii_alphanumeric())
                || (name.starts_with('#') && name[1..].bytes().all(|c| c.is_ascii_alphanumeric()))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::plain_text;

    #[test]
    fn html_becomes_plain_text() {
        let cases = [
            (
                "<p>This t-shirt is <b>as simple</b> as it gets &amp; more&nbsp;fun.</p>\
                 <p>Second <a href=\"https://x.example\">link</a> para.<br>line two</p>",
                "This t-shirt is as simple as it gets & more fun.\n\nSecond link para.\nline two",
            ),
            ("<ul><li>one</li><li>two</li></ul>", "one\ntwo"),
            ("Caf&eacute; &#8212; &lt;b&gt;", "Café — <b>"),
            ("<h2>Care</h2>\n<p>Wash cold.</p>", "Care\n\nWash cold."),
        ];
        for (html, text) in cases {
            assert_eq!(plain_text(html), text, "{html}");
        }
    }

    #[test]
    fn text_without_html_is_kept_as_it_is() {
        for text in [
            "Warm, woolly",
            "5 < 6 & 7 > 3",
            "line one\nline two",
            "R&D, not an entity &",
        ] {
            assert_eq!(plain_text(text), text);
        }
    }
}
