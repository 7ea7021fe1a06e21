//! The benchmark's output: one JSON line per scenario, in the shape `shared/BENCH.md` fixes.

use serde_json::{Value, json};

/// The implementation name every line carries.
pub const IMPL: &str = "dinamize-sync";

/// Prints one scenario's line: `{"impl":…,"scenario":…, <fields>, "load1":…}` (in that
/// order, whatever the order of serde_json's maps).
pub fn print_line(scenario: &str, fields: Value) {
    let mut line = format!(
        "{{\"impl\":{},\"scenario\":{}",
        json!(IMPL),
        json!(scenario)
    );
    if let Value::Object(fields) = fields {
        for (key, value) in fields {
            line.push_str(&format!(",{}:{value}", json!(key)));
        }
    }
    line.push_str(&format!(",\"load1\":{}}}", json!(load1())));
    println!("{line}");
}

/// The 1-minute load average (0 where /proc/loadavg is unavailable).
pub fn load1() -> f64 {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .unwrap_or(0.0)
}

/// Rounds to one decimal, as the reference output does.
pub fn round1(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}
