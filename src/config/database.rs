//! `DATABASE_*`: the PostgreSQL connection pool and the schema the service's tables live in.
//! `DATABASE_URL` may be the CRM's own, Prisma-style: its `schema` parameter names the CRM's
//! schema and is taken out before the URL reaches the driver (which refuses unknown parameters).

use std::time::Duration;

use url::Url;

use super::ident::identifier;
use super::{ConfigError, Env, Secret, bounds};

/// PostgreSQL, the record of every lead, job and token.
#[derive(Debug, Clone)]
pub struct DatabaseConfig {
    /// `DATABASE_URL` (default `postgres://postgres@127.0.0.1:5432/dinamize_sync`), without its
    /// `schema` parameter; it may hold a password, so it is a secret. `serve` creates the
    /// database when it does not exist.
    pub url: Secret<String>,
    /// `DATABASE_SCHEMA` (default `dinamize_sync`): the schema every table of the service lives
    /// in, created by the migration step; every connection's `search_path`.
    pub schema: String,
    /// The `schema` parameter of a Prisma-style `DATABASE_URL` (`?schema=dwu_crm_dev`): where
    /// the CRM's own tables are. `None` when the URL has none (the CRM's are then in `public`).
    pub crm_schema: Option<String>,
    /// `DATABASE_POOL_SIZE` (default `10`).
    pub pool_size: u32,
    /// `DATABASE_CONNECT_TIMEOUT_MS` (default `5000`): how long a caller waits for a connection.
    pub connect_timeout: Duration,
}

/// Where a newcomer's PostgreSQL is: the machine's local server, trust auth.
pub const DEFAULT_DATABASE_URL: &str = "postgres://postgres@127.0.0.1:5432/dinamize_sync";

/// The default of `DATABASE_SCHEMA`.
pub const DEFAULT_SCHEMA: &str = "dinamize_sync";

impl DatabaseConfig {
    pub(super) fn from_env(env: &Env) -> Result<Self, ConfigError> {
        let raw = env.string("DATABASE_URL", DEFAULT_DATABASE_URL);
        let (url, crm_schema) = split_prisma_url(&raw)?;
        let schema = identifier(
            "DATABASE_SCHEMA",
            &env.string("DATABASE_SCHEMA", DEFAULT_SCHEMA),
        )?;
        Ok(Self {
            url: Secret::new(url),
            schema,
            crm_schema,
            pool_size: env.bounded(&bounds::DATABASE_POOL_SIZE)?,
            connect_timeout: env.bounded_millis(&bounds::DATABASE_CONNECT_TIMEOUT_MS)?,
        })
    }

    /// The URL every connection of the service uses: `search_path` set to [`Self::schema`]
    /// through the `options` parameter, so unqualified names are the service's own tables.
    pub fn url_in_schema(&self) -> String {
        with_search_path(self.url.expose(), &self.schema)
    }
}

/// The URL without Prisma's `schema` parameter, and that parameter (a checked identifier).
fn split_prisma_url(raw: &str) -> Result<(String, Option<String>), ConfigError> {
    let mut parsed =
        Url::parse(raw).map_err(|_| ConfigError::secret("DATABASE_URL", "a postgres:// URL"))?;
    if !matches!(parsed.scheme(), "postgres" | "postgresql") || parsed.path().len() < 2 {
        return Err(ConfigError::secret(
            "DATABASE_URL",
            "a postgres:// URL naming a database",
        ));
    }
    let mut schema = None;
    let kept: Vec<(String, String)> = parsed
        .query_pairs()
        .filter_map(|(key, value)| {
            if key == "schema" {
                schema = Some(value.into_owned());
                None
            } else {
                Some((key.into_owned(), value.into_owned()))
            }
        })
        .collect();
    let schema = schema
        .map(|s| {
            identifier("DATABASE_URL", &s).map_err(|_| {
                ConfigError::secret(
                    "DATABASE_URL",
                    "a `schema` parameter that is a SQL identifier",
                )
            })
        })
        .transpose()?;
    set_query(&mut parsed, &kept);
    Ok((parsed.to_string(), schema))
}

/// `url` with `-c search_path=<schema>` added to its `options` parameter.
pub fn with_search_path(url: &str, schema: &str) -> String {
    let mut parsed = Url::parse(url).expect("DATABASE_URL was checked when it was read");
    let mut pairs: Vec<(String, String)> = parsed.query_pairs().into_owned().collect();
    let setting = format!("-c search_path={schema}");
    match pairs.iter_mut().find(|(key, _)| key == "options") {
        Some((_, options)) => *options = format!("{options} {setting}"),
        None => pairs.push(("options".into(), setting)),
    }
    set_query(&mut parsed, &pairs);
    parsed.to_string()
}

/// Writes `pairs` as the query, spaces as `%20`: the driver percent-decodes, and would keep
/// the `+` of form encoding (a literal `+` is encoded `%2B` by the serializer).
fn set_query(url: &mut Url, pairs: &[(String, String)]) {
    if pairs.is_empty() {
        url.set_query(None);
        return;
    }
    let query = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish()
        .replace('+', "%20");
    url.set_query(Some(&query));
}

#[cfg(test)]
#[path = "database_tests.rs"]
mod tests;
