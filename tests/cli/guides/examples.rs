//! Runs the examples of one markdown page, in order, on a fresh temporary shop folder.
//!
//! What a page may hold (CONTRIBUTING.md, "Examples in the docs", says the same for authors):
//! - ```` ```console ```` blocks: `$ COMMAND` lines, each followed by the output it must print
//!   (stdout and stderr together, as a terminal shows them). A line `? N` right after the
//!   command expects exit code N (0 otherwise); a line `...` matches any number of lines;
//!   `[..]` inside a line matches any text on that line. A command ending in ` \` goes on on
//!   the next line.
//! - blocks with `file=PATH` after the language (```` ```csv file=products.csv ````) write
//!   their content to PATH (`mode=600` sets its permissions) before the next command runs.
//! - any other block (```` ```sh ````, ```` ```json ````) is prose and is not run.
//!
//! A command is `shopctl ARGS` (shell quoting and `# comments`, `NAME=value` prefixes for the
//! environment, `< FILE` for stdin) or one of three built-ins that show files: `cat FILE`,
//! `ls DIR`, `chmod MODE FILE`. No shell runs, so a page cannot depend on the machine's tools.
//!
//! `SHOPCTL_DOCS_BLESS=1` rewrites the expected output of every command that does not match
//! with what it printed (wildcards in those commands are lost: put them back by hand).

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::support::{NOW, bin};

/// One thing a page does, in page order.
#[derive(Debug)]
enum Step {
    Write {
        line: usize,
        path: String,
        mode: Option<u32>,
        content: String,
    },
    Run(Run),
}

#[derive(Debug)]
struct Run {
    /// 1-based line of the `$` in the page.
    line: usize,
    command: String,
    code: i32,
    expected: Vec<String>,
    /// The page's lines (0-based, end exclusive) that hold `? N` and the expected output, for
    /// blessing.
    replace: (usize, usize),
}

/// Runs every example of `page` (a path relative to the repository) and panics with the first
/// command whose exit code or output differs from the page.
pub fn check_page(rel: &str) {
    let blessing = std::env::var_os("SHOPCTL_DOCS_BLESS").is_some_and(|v| v == "1");
    check_file(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join(rel),
        rel,
        blessing,
    );
}

/// `check_page` for a file anywhere; `rel` names it in messages. With `blessing`, commands
/// that do not match get their output rewritten instead of failing at once.
fn check_file(path: &Path, rel: &str, blessing: bool) {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{rel}: {e}"));
    let steps = parse(&text).unwrap_or_else(|e| panic!("{rel}:{e}"));
    assert!(
        steps.iter().any(|s| matches!(s, Step::Run(_))),
        "{rel} has no ```console example, so nothing on it is checked"
    );
    let dir = tempfile::tempdir().unwrap();
    let mut fixes: Vec<((usize, usize), Vec<String>)> = Vec::new();
    for step in &steps {
        match step {
            Step::Write {
                line,
                path,
                mode,
                content,
            } => write_file(dir.path(), path, *mode, content)
                .unwrap_or_else(|e| panic!("{rel}:{line}: cannot write {path}: {e}")),
            Step::Run(run) => {
                let (code, output) = execute(dir.path(), &run.command)
                    .unwrap_or_else(|e| panic!("{rel}:{}: {e}", run.line));
                let actual = lines(&output);
                if code == run.code && matches(&run.expected, &actual) {
                    continue;
                }
                if blessing {
                    let mut new = Vec::new();
                    if code != 0 {
                        new.push(format!("? {code}"));
                    }
                    new.extend(actual);
                    fixes.push((run.replace, new));
                    continue;
                }
                panic!("{}", mismatch(rel, run, code, &actual));
            }
        }
    }
    if !fixes.is_empty() {
        bless(path, &text, fixes);
        panic!("{rel}: rewrote the output of commands that did not match; review the diff");
    }
}

/// What a failing example says: where it is, and the first line that differs.
fn mismatch(rel: &str, run: &Run, code: i32, actual: &[String]) -> String {
    let mut why = String::new();
    if code != run.code {
        why.push_str(&format!("expected exit {}, got {code}\n", run.code));
    }
    // The first difference before any `...`, which is where a reader should look.
    let same = run
        .expected
        .iter()
        .zip(actual)
        .take_while(|(e, a)| *e != "..." && line_matches(e, a))
        .count();
    if let Some(e) = run.expected.get(same).filter(|e| *e != "...") {
        let a = actual.get(same).map_or("(nothing)", String::as_str);
        why.push_str(&format!(
            "first difference, output line {}:\n  page: {e}\n  got:  {a}\n",
            same + 1
        ));
    }
    format!(
        "{rel}:{}: `{}` does not do what the page says\n{why}\
         --- the page expects:\n{}\n--- it printed:\n{}\n---\n\
         (SHOPCTL_DOCS_BLESS=1 cargo test --test cli guides rewrites the page)",
        run.line,
        run.command,
        run.expected.join("\n"),
        actual.join("\n"),
    )
}

/// Replaces the expected output of the commands in `fixes` with what they printed.
fn bless(path: &Path, text: &str, fixes: Vec<((usize, usize), Vec<String>)>) {
    let mut page: Vec<String> = text.lines().map(str::to_string).collect();
    for ((start, end), mut new) in fixes.into_iter().rev() {
        // Keep the blank lines that separated this command from the next one.
        let blank = page[start..end]
            .iter()
            .rev()
            .take_while(|l| l.trim().is_empty())
            .count();
        new.extend(std::iter::repeat_n(String::new(), blank));
        page.splice(start..end, new);
    }
    std::fs::write(path, page.join("\n") + "\n").unwrap();
}

/// The steps of a page: file blocks and console commands, in order.
fn parse(text: &str) -> Result<Vec<Step>, String> {
    let all: Vec<&str> = text.lines().collect();
    let mut steps = Vec::new();
    let mut i = 0;
    while i < all.len() {
        let line = all[i];
        let Some(info) = line.trim_start().strip_prefix("```") else {
            i += 1;
            continue;
        };
        let indented = line.len() != line.trim_start().len();
        let end = (i + 1..all.len())
            .find(|&j| all[j].trim() == "```")
            .ok_or_else(|| format!("{}: a code block that never ends", i + 1))?;
        let body = &all[i + 1..end];
        let mut words = info.split_whitespace();
        let lang = words.next().unwrap_or("");
        let attrs: BTreeMap<&str, &str> = words.filter_map(|w| w.split_once('=')).collect();
        if let Some(path) = attrs.get("file") {
            if indented {
                return Err(format!("{}: a file= block must not be indented", i + 1));
            }
            let mode = match attrs.get("mode") {
                Some(m) => Some(
                    u32::from_str_radix(m, 8).map_err(|_| format!("{}: bad mode {m}", i + 1))?,
                ),
                None => None,
            };
            let mut content = body.join("\n");
            content.push('\n');
            steps.push(Step::Write {
                line: i + 1,
                path: path.to_string(),
                mode,
                content,
            });
        } else if lang == "console" {
            if indented {
                return Err(format!("{}: a console block must not be indented", i + 1));
            }
            console_block(body, i + 1, &mut steps)?;
        }
        i = end + 1;
    }
    Ok(steps)
}

/// `body` is the block's lines; `first` the 0-based page line of its first line.
fn console_block(body: &[&str], first: usize, steps: &mut Vec<Step>) -> Result<(), String> {
    let mut k = 0;
    while k < body.len() {
        let Some(start) = body[k].strip_prefix("$ ") else {
            return Err(format!(
                "{}: a console block's text must follow a `$ ` command line",
                first + k + 1
            ));
        };
        let line = first + k + 1;
        let mut command = start.to_string();
        while command.ends_with('\\') && k + 1 < body.len() {
            command.pop();
            k += 1;
            command.push_str(body[k]);
        }
        k += 1;
        let from = k;
        let mut code = 0;
        if let Some(n) = body.get(k).and_then(|l| l.strip_prefix("? ")) {
            code = n
                .trim()
                .parse()
                .map_err(|_| format!("{}: `? N` wants an exit code", first + k + 1))?;
            k += 1;
        }
        let mut expected = Vec::new();
        while k < body.len() && !body[k].starts_with("$ ") {
            expected.push(body[k].trim_end().to_string());
            k += 1;
        }
        while expected.last().is_some_and(|l| l.is_empty()) {
            expected.pop();
        }
        steps.push(Step::Run(Run {
            line,
            command,
            code,
            expected,
            replace: (first + from, first + k),
        }));
    }
    Ok(())
}

fn write_file(dir: &Path, rel: &str, mode: Option<u32>, content: &str) -> std::io::Result<()> {
    let path = inside(dir, rel)?;
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(&path, content)?;
    if let Some(mode) = mode {
        set_mode(&path, mode)?;
    }
    Ok(())
}

fn set_mode(path: &Path, mode: u32) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
}

/// A page's path, which must stay inside its folder.
fn inside(dir: &Path, rel: &str) -> std::io::Result<PathBuf> {
    let p = Path::new(rel);
    if p.is_absolute() || p.components().any(|c| c.as_os_str() == "..") {
        return Err(std::io::Error::other(format!(
            "{rel}: examples use paths inside their folder"
        )));
    }
    Ok(dir.join(p))
}

/// Runs one command line in `dir`; returns its exit code and everything it printed.
fn execute(dir: &Path, line: &str) -> Result<(i32, String), String> {
    let mut words =
        shlex::split(line).ok_or_else(|| format!("cannot split `{line}` into words"))?;
    let mut env = Vec::new();
    while let Some((name, value)) = words.first().and_then(|w| assignment(w)) {
        env.push((name, value));
        words.remove(0);
    }
    let mut stdin = None;
    if let Some(pos) = words.iter().position(|w| w == "<") {
        let file = words.get(pos + 1).ok_or("`<` wants a file")?;
        stdin = Some(inside(dir, file).map_err(|e| e.to_string())?);
        words.truncate(pos);
    }
    let (program, args) = words.split_first().ok_or("an empty command")?;
    match program.as_str() {
        "shopctl" => shopctl(dir, args, &env, stdin.as_deref()),
        "cat" | "ls" | "chmod" => builtin(dir, program, args).map_err(|e| e.to_string()),
        other => Err(format!(
            "`{other}`: examples run shopctl, cat, ls or chmod; put other commands in a \
             ```sh block"
        )),
    }
}

/// `NAME=value` before the program.
fn assignment(word: &str) -> Option<(String, String)> {
    let (name, value) = word.split_once('=')?;
    let ok = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
    ok.then(|| (name.to_string(), value.to_string()))
}

/// The real binary in a cleared environment, like `TestShop`: the shop file is `shop.db` in
/// the page's folder, the clock is fixed and times are shown in UTC.
fn shopctl(
    dir: &Path,
    args: &[String],
    env: &[(String, String)],
    stdin: Option<&Path>,
) -> Result<(i32, String), String> {
    let (mut reader, writer) = std::io::pipe().map_err(|e| e.to_string())?;
    let mut cmd = Command::new(bin());
    cmd.env_clear()
        .env("HOME", dir)
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("SHOPCTL_DB", "shop.db")
        .env("SHOPCTL_NOW", NOW)
        .env("TZ", "UTC")
        .env("NO_COLOR", "1")
        .envs(env.iter().map(|(k, v)| (k, v)))
        .current_dir(dir)
        .args(args)
        .stdout(writer.try_clone().map_err(|e| e.to_string())?)
        .stderr(writer);
    match stdin {
        Some(file) => cmd.stdin(std::fs::File::open(file).map_err(|e| e.to_string())?),
        None => cmd.stdin(Stdio::null()),
    };
    let mut child = cmd
        .spawn()
        .map_err(|e| format!("cannot run shopctl: {e}"))?;
    // The Command holds the pipe's write ends; reading to the end waits for the child's only.
    drop(cmd);
    let mut out = Vec::new();
    reader.read_to_end(&mut out).map_err(|e| e.to_string())?;
    let status = child.wait().map_err(|e| e.to_string())?;
    Ok((
        status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out).into_owned(),
    ))
}

/// `cat FILE`, `ls DIR` (names, sorted), `chmod MODE FILE`.
fn builtin(dir: &Path, program: &str, args: &[String]) -> std::io::Result<(i32, String)> {
    let [first, rest @ ..] = args else {
        return Err(std::io::Error::other(format!(
            "{program} wants an argument"
        )));
    };
    match (program, rest) {
        ("cat", []) => Ok((0, std::fs::read_to_string(inside(dir, first)?)?)),
        ("ls", []) => {
            let mut names: Vec<String> = std::fs::read_dir(inside(dir, first)?)?
                .map(|e| e.map(|e| e.file_name().to_string_lossy().into_owned()))
                .collect::<Result<_, _>>()?;
            names.sort();
            Ok((0, names.join("\n")))
        }
        ("chmod", [file]) => {
            let mode = u32::from_str_radix(first, 8)
                .map_err(|_| std::io::Error::other(format!("chmod: bad mode {first}")))?;
            set_mode(&inside(dir, file)?, mode)?;
            Ok((0, String::new()))
        }
        _ => Err(std::io::Error::other(format!(
            "{program}: unexpected arguments {args:?}"
        ))),
    }
}

/// Output as the page writes it: lines without trailing spaces, no trailing empty lines.
fn lines(output: &str) -> Vec<String> {
    let mut v: Vec<String> = output.lines().map(|l| l.trim_end().to_string()).collect();
    while v.last().is_some_and(|l| l.is_empty()) {
        v.pop();
    }
    v
}

/// Whether `actual` fits `expected`, where a line `...` stands for any number of lines and
/// `[..]` for any text within a line.
fn matches(expected: &[String], actual: &[String]) -> bool {
    match expected.split_first() {
        None => actual.is_empty(),
        Some((first, rest)) if first == "..." => {
            (0..=actual.len()).any(|skip| matches(rest, &actual[skip..]))
        }
        Some((first, rest)) => actual
            .split_first()
            .is_some_and(|(a, more)| line_matches(first, a) && matches(rest, more)),
    }
}

fn line_matches(pattern: &str, line: &str) -> bool {
    let mut parts = pattern.split("[..]");
    let first = parts.next().unwrap_or("");
    let Some(mut rest) = line.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    let Some((last, middle)) = parts.split_last() else {
        return rest.is_empty();
    };
    for part in middle {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.ends_with(last)
}

#[test]
fn wildcards_match_what_they_say() {
    let v = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    assert!(matches(&v(&["a", "...", "d"]), &v(&["a", "b", "c", "d"])));
    assert!(matches(&v(&["a", "...", "b"]), &v(&["a", "b"])));
    assert!(matches(&v(&["..."]), &v(&[])));
    assert!(!matches(&v(&["a", "...", "d"]), &v(&["a", "b", "c"])));
    assert!(!matches(&v(&["a"]), &v(&["a", "b"])));
    assert!(line_matches("id [..] SGD", "id 12.50 SGD"));
    assert!(line_matches("[..]", "anything"));
    assert!(line_matches("a[..]b[..]c", "a--b--c"));
    assert!(!line_matches("a[..]b", "a--c"));
    assert!(!line_matches("ab[..]b", "ab"));
    assert!(!line_matches("created", "created 2"));
}

#[test]
fn a_page_is_parsed_into_files_and_commands_with_codes() {
    let page = "text\n```csv file=a.csv mode=600\nx,y\n```\n```console\n$ shopctl a \\\n  b\n? 3\nout\n...\n\n$ cat a.csv\nx,y\n```\n```sh\n$ not run\n```\n";
    let steps = parse(page).unwrap();
    assert_eq!(steps.len(), 3);
    let Step::Write { path, mode, .. } = &steps[0] else {
        panic!("{steps:?}")
    };
    assert_eq!((path.as_str(), *mode), ("a.csv", Some(0o600)));
    let Step::Run(run) = &steps[1] else {
        panic!("{steps:?}")
    };
    assert_eq!(run.command, "shopctl a   b");
    assert_eq!((run.code, run.line), (3, 6));
    assert_eq!(run.expected, ["out", "..."]);
    assert!(parse("```console\nno prompt\n```\n").is_err());
    assert!(parse("```console\n$ x\n").is_err());
}

/// The harness itself: a page whose example no longer matches fails, naming the line.
#[test]
#[should_panic(
    expected = "page.md:4: `shopctl --db none.db status` does not do what the page says"
)]
fn an_example_that_no_longer_matches_fails() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("page.md");
    let text =
        "# A page\n\n```console\n$ shopctl --db none.db status\n? 1\nerror: no shop here\n```\n";
    std::fs::write(&page, text).unwrap();
    check_file(&page, "page.md", false);
}

#[test]
fn an_example_that_matches_passes() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("page.md");
    let text =
        "```console\n$ shopctl --db none.db status\n? 1\nerror: no shop at none.db[..]\n```\n";
    std::fs::write(&page, text).unwrap();
    check_file(&page, "page.md", false);
}
