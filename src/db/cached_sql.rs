//! Raw SQL that each connection prepares once. `diesel::sql_query` marks its statement unsafe
//! to cache, so PostgreSQL parses it again on every call: a `Parse` round trip before each
//! execution and a `Close` after it (seen with `strace` on the queue's hot path). The queue's
//! statements are fixed text with `$n` parameters, so they are safe to cache by that text:
//! [`cached_sql`] builds the same query, bound the same way, that diesel's statement cache
//! keeps.
//!
//! Binds are given in `$n` order; a parameter used twice in the text is bound twice.

use diesel::QueryResult;
use diesel::expression::AsExpression;
use diesel::pg::Pg;
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::sql_types::{SqlType, Untyped};

/// A piece of the statement: text, or the `$n` parameter (0-based).
#[derive(Debug, Clone, PartialEq)]
enum Piece {
    Text(String),
    Param(usize),
}

/// Raw SQL and its binds, prepared once per connection.
pub struct CachedSql {
    pieces: Vec<Piece>,
    binds: Vec<Box<dyn QueryFragment<Pg> + Send>>,
}

/// The statement `sql`, with `$1`, `$2`, … bound by [`CachedSql::bind`] in that order.
pub fn cached_sql(sql: &str) -> CachedSql {
    CachedSql {
        pieces: split(sql),
        binds: Vec::new(),
    }
}

impl CachedSql {
    /// Binds the next parameter (`$1` first) as SQL type `ST`.
    pub fn bind<ST, V>(mut self, value: V) -> Self
    where
        ST: SqlType + diesel::sql_types::SingleValue,
        V: AsExpression<ST>,
        V::Expression: QueryFragment<Pg> + Send + 'static,
    {
        self.binds.push(Box::new(value.as_expression()));
        self
    }
}

impl QueryFragment<Pg> for CachedSql {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        for piece in &self.pieces {
            match piece {
                Piece::Text(text) => out.push_sql(text),
                Piece::Param(n) => match self.binds.get(*n) {
                    Some(bind) => bind.walk_ast(out.reborrow())?,
                    None => {
                        return Err(diesel::result::Error::QueryBuilderError(
                            format!("parameter ${} has no bind", n + 1).into(),
                        ));
                    }
                },
            }
        }
        Ok(())
    }
}

impl QueryId for CachedSql {
    type QueryId = ();
    // Not static: diesel keys the cache by the statement's text.
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl Query for CachedSql {
    type SqlType = Untyped;
}

/// `sql` cut at each `$n` (n ≥ 1).
fn split(sql: &str) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut text = String::new();
    let mut chars = sql.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        let digits: String = if c == '$' {
            std::iter::from_fn(|| chars.next_if(|(_, d)| d.is_ascii_digit()).map(|(_, d)| d))
                .collect()
        } else {
            String::new()
        };
        match digits.parse::<usize>() {
            Ok(n) if n >= 1 => {
                pieces.push(Piece::Text(std::mem::take(&mut text)));
                pieces.push(Piece::Param(n - 1));
            }
            _ if c == '$' => {
                text.push('$');
                text.push_str(&digits);
            }
            _ => text.push(c),
        }
    }
    pieces.push(Piece::Text(text));
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_are_cut_out_in_place_and_may_repeat() {
        assert_eq!(
            split("a = $1 AND b = $12 OR $1"),
            vec![
                Piece::Text("a = ".into()),
                Piece::Param(0),
                Piece::Text(" AND b = ".into()),
                Piece::Param(11),
                Piece::Text(" OR ".into()),
                Piece::Param(0),
                Piece::Text(String::new()),
            ]
        );
    }

    #[test]
    fn a_dollar_without_a_number_stays_text() {
        assert_eq!(split("x $ y $0"), vec![Piece::Text("x $ y $0".into())]);
    }
}
