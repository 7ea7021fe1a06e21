//! `Config`: every section, read in an order where later sections may depend on earlier ones.

use super::{
    AlertsConfig, ConfigError, CryptoConfig, DatabaseConfig, DinamizeConfig, Env, HttpConfig,
    JwtConfig, LimiterConfig, RedisConfig, RolesConfig, SyncConfig,
};

/// The whole configuration of the service.
#[derive(Debug, Clone)]
pub struct Config {
    pub http: HttpConfig,
    pub database: DatabaseConfig,
    pub redis: RedisConfig,
    pub dinamize: DinamizeConfig,
    pub crypto: CryptoConfig,
    pub jwt: JwtConfig,
    pub limiter: LimiterConfig,
    /// Where callers' roles per company come from.
    pub roles: RolesConfig,
    pub sync: SyncConfig,
    /// Alert thresholds and the webhook.
    pub alerts: AlertsConfig,
}

impl Config {
    /// Reads the process environment. The binary loads `.env` first.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_vars(&Env::from_process())
    }

    /// Reads the given variables only.
    pub fn from_vars(env: &Env) -> Result<Self, ConfigError> {
        let dinamize = DinamizeConfig::from_env(env)?;
        let embedded = dinamize.uses_embedded_simulator();
        let database = DatabaseConfig::from_env(env)?;
        Ok(Self {
            http: HttpConfig::from_env(env)?,
            roles: RolesConfig::from_env(env, database.crm_schema.as_deref())?,
            database,
            redis: RedisConfig::from_env(env)?,
            crypto: CryptoConfig::from_env(env, embedded)?,
            jwt: JwtConfig::from_env(env, embedded)?,
            limiter: LimiterConfig::from_env(env)?,
            sync: SyncConfig::from_env(env)?,
            alerts: AlertsConfig::from_env(env)?,
            dinamize,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error_of(pairs: &[(&str, &str)]) -> String {
        let env = Env::from_pairs(pairs.iter().copied());
        Config::from_vars(&env).unwrap_err().to_string()
    }

    #[test]
    fn an_empty_environment_gives_the_documented_defaults() {
        let config = Config::from_vars(&Env::default()).unwrap();
        assert_eq!(config.http.port, 8080);
        assert_eq!(config.redis.port, 6379);
        assert_eq!(config.redis.key_prefix, "dwu_crm:");
        assert_eq!(config.redis.ttl_secs, 3600);
        assert_eq!(config.dinamize.token_idle_minutes, 60);
        assert_eq!(config.dinamize.token_max_age_hours, 24);
        assert_eq!(config.dinamize.token_renew_before_minutes, 5);
        assert_eq!(config.dinamize.rate_limit_per_minute, 60);
        assert_eq!(config.dinamize.request_timeout.as_millis(), 20_000);
        assert!(config.dinamize.uses_embedded_simulator());
        assert!(config.crypto.development_key && config.jwt.development_secret);
    }

    #[test]
    fn a_port_that_is_not_a_number_names_the_variable() {
        let error = error_of(&[("REDIS_PORT", "abc")]);
        assert!(
            error.starts_with("REDIS_PORT: expected a port number"),
            "{error}"
        );
        assert!(error.contains("\"abc\""), "{error}");
    }

    #[test]
    fn a_key_of_the_wrong_length_is_refused_without_echoing_it() {
        let error = error_of(&[("ENCRYPT_TOKEN_KEY", "sua-chave-secreta-32-caracteres")]);
        assert!(
            error.starts_with("ENCRYPT_TOKEN_KEY: expected 32 bytes"),
            "{error}"
        );
        assert!(!error.contains("sua-chave"), "{error}");
    }

    #[test]
    fn a_base64_key_of_32_bytes_is_accepted() {
        let env = Env::default().with(
            "ENCRYPT_TOKEN_KEY",
            "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
        );
        let config = Config::from_vars(&env).unwrap();
        assert_eq!(config.crypto.key.expose()[31], 31);
        assert!(!config.crypto.development_key);
    }

    #[test]
    fn an_unknown_algorithm_is_refused() {
        let error = error_of(&[("ENCRYPT_TOKEN_ALGORITHM", "AES-128-CBC")]);
        assert!(
            error.starts_with("ENCRYPT_TOKEN_ALGORITHM: expected AES-256-GCM"),
            "{error}"
        );
    }

    #[test]
    fn a_real_dinamize_needs_real_secrets() {
        let error = error_of(&[("DINAMIZE_API_BASE_URL", "https://api.dinamize.com")]);
        assert!(error.starts_with("ENCRYPT_TOKEN_KEY:"), "{error}");
        let error = error_of(&[
            ("DINAMIZE_API_BASE_URL", "https://api.dinamize.com"),
            ("ENCRYPT_TOKEN_KEY", "0123456789abcdef0123456789abcdef"),
        ]);
        assert!(error.starts_with("JWT_SECRET:"), "{error}");
    }

    #[test]
    fn debug_output_redacts_every_secret() {
        let env = Env::default()
            .with("DINAMIZE_API_PASSWORD", "pa55word-xyz")
            .with("REDIS_PASSWORD", "redis-pw-xyz")
            .with("JWT_SECRET", "jwt-secret-0123456789")
            .with("ENCRYPT_TOKEN_KEY", "0123456789abcdef0123456789abcdef")
            .with("DATABASE_URL", "postgres://u:dbpass-xyz@localhost/db");
        let printed = format!("{:?}", Config::from_vars(&env).unwrap());
        for secret in [
            "pa55word-xyz",
            "redis-pw-xyz",
            "jwt-secret-0123456789",
            "0123456789abcdef",
            "dbpass-xyz",
        ] {
            assert!(!printed.contains(secret), "{secret} leaked");
        }
        assert!(printed.contains("[redacted]"));
    }
}
