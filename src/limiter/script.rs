//! The Redis side of the limiter: the sliding-window Lua scripts (run with EVALSHA, loaded when
//! Redis does not know them yet; one decision, or a batch of one company's concurrent
//! decisions, per round trip) and the block key.

use std::sync::LazyLock;
use std::time::Duration;

use ::redis::aio::ConnectionLike;
use ::redis::{ErrorKind, RedisResult, Script, ServerErrorKind};

use super::decision::{Decision, WindowParams};
use super::lease::{Ahead, Unused};
use crate::redis::KeySpace;

/// The script's source; see the file for its keys, arguments and answers.
static SLIDING_WINDOW: LazyLock<Script> =
    LazyLock::new(|| Script::new(include_str!("sliding_window.lua")));

/// Copies permits granted from memory into a company's window; see the file.
static REPLAY: LazyLock<Script> = LazyLock::new(|| Script::new(include_str!("replay.lua")));

/// The two keys of one company. Both carry the same `{company}` hash tag, so the script's keys
/// live in one Redis Cluster slot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompanyKeys {
    /// The sorted set of permits: `<prefix>ratelimit:{<company_id>}`.
    pub window: String,
    /// Present while the company is blocked: `<prefix>ratelimit-block:{<company_id>}`.
    pub block: String,
}

impl CompanyKeys {
    /// The keys of `company_id` under `prefix` (e.g. `dwu_crm:`).
    pub fn new(prefix: &str, company_id: i64) -> Self {
        let keys = KeySpace::new(prefix);
        Self {
            window: keys.company("ratelimit", company_id),
            block: keys.company("ratelimit-block", company_id),
        }
    }
}

/// What the script answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScriptAnswer {
    /// A permit was counted.
    Allowed,
    /// The lane's cap is reached; its next slot frees after this long.
    Limited(Duration),
    /// The company is blocked (a 240024 answer) for this much longer.
    Blocked(Duration),
}

impl ScriptAnswer {
    /// Decodes the script's `{status, ms}` reply.
    fn from_reply(status: i64, ms: i64) -> Self {
        let wait = Duration::from_millis(ms.max(1) as u64);
        match status {
            1 => ScriptAnswer::Allowed,
            2 => ScriptAnswer::Blocked(wait),
            _ => ScriptAnswer::Limited(wait),
        }
    }

    /// The decision this answer means for the caller.
    pub fn decision(self) -> Decision {
        match self {
            ScriptAnswer::Allowed => Decision::Permit,
            ScriptAnswer::Limited(wait) | ScriptAnswer::Blocked(wait) => Decision::RetryIn(wait),
        }
    }
}

/// What one script call decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decided {
    /// One answer per request, in order.
    pub answers: Vec<ScriptAnswer>,
    /// Permits granted beyond the requests, to lease (members `lease_member(token, 0..leased)`).
    pub leased: u32,
}

/// Runs several decisions of one company in one call, in the order of `reserves` (each its
/// lane's reserve), and grants up to `ahead` more permits to lease; `token` is unique per call
/// (it makes the permits' members unique). EVALSHA, loading the script when Redis does not know
/// it.
pub async fn decide_batch<C: ConnectionLike>(
    con: &mut C,
    keys: &CompanyKeys,
    params: &WindowParams,
    token: &str,
    reserves: &[u32],
    ahead: &Ahead,
) -> RedisResult<Decided> {
    let mut cmd = ::redis::cmd("EVALSHA");
    cmd.arg(SLIDING_WINDOW.get_hash())
        .arg(2)
        .arg(&keys.window)
        .arg(&keys.block)
        .arg(params.limit.max(1))
        .arg(params.window.as_millis() as u64)
        .arg(params.guard.as_millis() as u64)
        .arg(token)
        .arg(ahead.permits)
        .arg(ahead.later.as_millis() as u64)
        .arg(ahead.up_to)
        .arg(reserves);
    let mut flat: Vec<i64> = match cmd.query_async(con).await {
        Err(e) if e.kind() == ErrorKind::Server(ServerErrorKind::NoScript) => {
            SLIDING_WINDOW.load_async(con).await?;
            cmd.query_async(con).await?
        }
        other => other?,
    };
    let leased = flat.pop().unwrap_or(0).clamp(0, i64::from(ahead.permits)) as u32;
    let answers = flat
        .chunks_exact(2)
        .map(|pair| ScriptAnswer::from_reply(pair[0], pair[1]))
        .collect();
    Ok(Decided { answers, leased })
}

/// The member of leased permit `index` (0-based) of round `token`.
pub fn lease_member(token: &str, index: u32) -> String {
    format!("L-{token}-{}", index + 1)
}

/// Removes a lease's unused permits from the company's window, freeing their slots.
pub async fn release<C: ConnectionLike>(
    con: &mut C,
    keys: &CompanyKeys,
    unused: &Unused,
) -> RedisResult<()> {
    let members: Vec<String> = unused
        .range
        .clone()
        .map(|i| lease_member(&unused.token, i))
        .collect();
    if members.is_empty() {
        return Ok(());
    }
    ::redis::cmd("ZREM")
        .arg(&keys.window)
        .arg(members)
        .query_async::<i64>(con)
        .await
        .map(|_| ())
}

/// Adds permits granted `ages` ago (from memory, during an outage) to the company's window.
pub async fn replay<C: ConnectionLike>(
    con: &mut C,
    keys: &CompanyKeys,
    span: Duration,
    ages: &[Duration],
    token: &str,
) -> RedisResult<()> {
    let mut invocation = REPLAY.key(&keys.window);
    invocation.arg(token).arg(span.as_millis() as u64);
    for age in ages {
        invocation.arg(age.as_micros() as u64);
    }
    invocation.invoke_async::<i64>(con).await.map(|_| ())
}

/// Blocks the company for `retry_after` on every instance. A block already in place that ends
/// later is kept (`NX`, then `PEXPIRE … GT` only ever lengthens it).
pub async fn block<C: ConnectionLike>(
    con: &mut C,
    keys: &CompanyKeys,
    retry_after: Duration,
) -> RedisResult<()> {
    let ms = retry_after.as_millis().max(1) as u64;
    ::redis::pipe()
        .cmd("SET")
        .arg(&keys.block)
        .arg(1)
        .arg("PX")
        .arg(ms)
        .arg("NX")
        .ignore()
        .cmd("PEXPIRE")
        .arg(&keys.block)
        .arg(ms)
        .arg("GT")
        .ignore()
        .exec_async(con)
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_share_the_company_hash_tag() {
        let keys = CompanyKeys::new("dwu_crm:", 42);
        assert_eq!(keys.window, "dwu_crm:ratelimit:{42}");
        assert_eq!(keys.block, "dwu_crm:ratelimit-block:{42}");
    }

    #[test]
    fn replies_decode_into_decisions() {
        let ms = Duration::from_millis;
        assert_eq!(ScriptAnswer::from_reply(1, 0).decision(), Decision::Permit);
        assert_eq!(
            ScriptAnswer::from_reply(0, 250),
            ScriptAnswer::Limited(ms(250))
        );
        assert_eq!(
            ScriptAnswer::from_reply(2, 9000),
            ScriptAnswer::Blocked(ms(9000))
        );
        assert_eq!(
            ScriptAnswer::from_reply(0, 0).decision(),
            Decision::RetryIn(ms(1))
        );
    }
}
