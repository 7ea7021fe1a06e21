//! Arrows run one way: a module lower in the stack never names one above it. Each rule reads
//! every `.rs` file under `src/<module>/`, expands its `crate::` paths (grouped `use
//! crate::{a, b::{c}}` included) and fails naming the file and the path that runs backwards.

use std::path::{Path, PathBuf};

/// `(module, forbidden crate paths)`: the module must not use anything under these.
const RULES: &[(&str, &[&str])] = &[
    (
        "crypto",
        &["tokens", "redis", "accounts", "db::schema", "rotation"],
    ),
    ("accounts", &["tokens", "rotation", "startup", "sync"]),
    ("auth", &["http"]),
    ("limiter", &["db::schema::crm_dinamize_accounts"]),
];

#[test]
fn no_module_uses_one_above_it() {
    let mut backwards = Vec::new();
    for (module, forbidden) in RULES {
        let files = rust_files(
            &Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("src")
                .join(module),
        );
        assert!(
            !files.is_empty(),
            "src/{module} has no .rs file: rule is stale"
        );
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            for path in crate_paths(&text) {
                if forbidden.iter().any(|f| under(&path, f)) {
                    backwards.push(format!("{}: crate::{path}", file.display()));
                }
            }
        }
    }
    assert!(
        backwards.is_empty(),
        "arrows running backwards:\n{}",
        backwards.join("\n")
    );
}

#[test]
fn the_scan_sees_plain_grouped_and_nested_paths() {
    let text = "use crate::tokens::X;\nuse crate::{config::Config, db::{DbPool, schema::crm_auth_tokens as t}};\nlet k = crate::redis::keys();";
    assert_eq!(
        crate_paths(text),
        [
            "tokens::X",
            "config::Config",
            "db::DbPool",
            "db::schema::crm_auth_tokens as t",
            "redis::keys",
        ]
    );
    assert!(under("db::schema::crm_auth_tokens as t", "db::schema"));
    assert!(
        !under("tokens_extra::X", "tokens"),
        "a whole segment, not a prefix"
    );
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}

/// Every `crate::…` path in `text`, groups expanded, each without the `crate::`.
fn crate_paths(text: &str) -> Vec<String> {
    let mut paths = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("crate::") {
        let after = &rest[at + "crate::".len()..];
        let end = path_end(after);
        expand("", &after[..end], &mut paths);
        rest = &after[end..];
    }
    paths
}

/// Where the path starting `text` ends: a balanced `{…}` group, or the first character that
/// cannot be in a path.
fn path_end(text: &str) -> usize {
    let mut depth = 0usize;
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => return i,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            c if depth == 0 && !(c.is_alphanumeric() || c == '_' || c == ':') => return i,
            _ => {}
        }
    }
    text.len()
}

/// `a::{b, c::{d}}` under `prefix` → `prefix a::b`, `prefix a::c::d`.
fn expand(prefix: &str, path: &str, out: &mut Vec<String>) {
    let path = path.trim();
    let Some(open) = path.find('{') else {
        let path = path.trim_end_matches("::");
        if !path.is_empty() {
            out.push(format!("{prefix}{path}"));
        }
        return;
    };
    let head = format!("{prefix}{}", &path[..open]);
    let inner = &path[open + 1..path.rfind('}').unwrap_or(path.len())];
    let (mut depth, mut start) = (0usize, 0usize);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                expand(&head, &inner[start..i], out);
                start = i + 1;
            }
            _ => {}
        }
    }
    expand(&head, &inner[start..], out);
}

/// True when `path` is `module` or inside it (whole segments only).
fn under(path: &str, module: &str) -> bool {
    path == module
        || path
            .strip_prefix(module)
            .is_some_and(|rest| rest.starts_with("::") || rest.starts_with(' '))
}
