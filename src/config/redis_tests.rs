//! `REDIS_URL` as the CRM may write it, beside the separate variables.

use super::*;

fn read(pairs: &[(&str, &str)]) -> Result<RedisConfig, ConfigError> {
    RedisConfig::from_env(&Env::from_pairs(pairs.iter().copied()))
}

#[test]
fn a_redis_url_gives_host_port_password_and_database() {
    let config = read(&[("REDIS_URL", "redis://:p%40ss+word@cache.internal:6380/3")]).unwrap();
    assert_eq!(
        (config.host.as_str(), config.port, config.db),
        ("cache.internal", 6380, 3)
    );
    assert_eq!(config.password.unwrap().expose(), "p@ss+word");
    assert_eq!(config.username, None);
    let plain = read(&[("REDIS_URL", "redis://localhost")]).unwrap();
    assert_eq!(
        (plain.host.as_str(), plain.port, plain.db),
        ("localhost", 6379, 0)
    );
    assert!(plain.password.is_none());
    let acl = read(&[("REDIS_URL", "redis://app:pw@h:1/0")]).unwrap();
    assert_eq!(acl.username.as_deref(), Some("app"));
}

#[test]
fn the_url_wins_over_the_separate_variables() {
    let config = read(&[
        ("REDIS_URL", "redis://from-url:7000"),
        ("REDIS_HOST", "from-host"),
        ("REDIS_PORT", "7001"),
    ])
    .unwrap();
    assert_eq!((config.host.as_str(), config.port), ("from-url", 7000));
}

#[test]
fn rediss_and_bad_urls_are_refused_naming_the_variable_without_the_password() {
    for (url, expected) in [
        (
            "rediss://:pw-xyz@h:6380",
            "REDIS_URL: expected redis:// (TLS",
        ),
        (
            "http://:pw-xyz@h:6380",
            "REDIS_URL: expected redis://[:password@]host",
        ),
        (
            "redis://:pw-xyz@h:6380/x",
            "REDIS_URL: expected a database number",
        ),
        ("not a url pw-xyz", "REDIS_URL: expected redis://"),
    ] {
        let error = read(&[("REDIS_URL", url)]).unwrap_err().to_string();
        assert!(error.starts_with(expected), "{url}: {error}");
        assert!(!error.contains("pw-xyz"), "{error}");
    }
}
