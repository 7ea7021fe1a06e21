//! Search filters (`search: [{field, operator, value}]`, ANDed), ordering (`order: [{field,
//! type}]`) and `status_contact`. Wildcard operators take the plain value: `{"operator": "*v*",
//! "value": "gmail"}` means "contains gmail". Text comparisons ignore case; `<` `>` `<=` `>=`
//! compare as numbers when both sides are numbers, otherwise as text (dates sort as text).

use super::contact::{Contact, canonical_field};
use crate::sim::envelope::Fail;
use crate::sim::params::{object, opt_list};
use chrono::{DateTime, Utc};
use serde_json::Value;
use std::cmp::Ordering;

/// A search operator of the contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operator {
    Eq,
    Ne,
    Contains,
    NotContains,
    StartsWith,
    NotStartsWith,
    EndsWith,
    NotEndsWith,
    Lt,
    Gt,
    Le,
    Ge,
}

impl Operator {
    /// The operator spelled as on the wire.
    pub fn parse(op: &str) -> Option<Self> {
        Some(match op.trim() {
            "=" => Self::Eq,
            "!=" => Self::Ne,
            "*v*" => Self::Contains,
            "!*v*" => Self::NotContains,
            "v*" => Self::StartsWith,
            "!v*" => Self::NotStartsWith,
            "*v" => Self::EndsWith,
            "!*v" => Self::NotEndsWith,
            "<" => Self::Lt,
            ">" => Self::Gt,
            "<=" => Self::Le,
            ">=" => Self::Ge,
            _ => return None,
        })
    }

    /// Whether one field value satisfies the operator against `wanted` (`lower` is `wanted`
    /// in lower case); negated operators answer their positive form, which
    /// [`Filter::matches`] inverts over all values.
    fn holds(self, value: &str, wanted: &str, lower: &str) -> bool {
        let equality = matches!(self, Self::Eq | Self::Ne);
        if equality && value.is_ascii() && wanted.is_ascii() {
            return value.eq_ignore_ascii_case(wanted);
        }
        match self {
            Self::Lt => compare(value, wanted) == Ordering::Less,
            Self::Gt => compare(value, wanted) == Ordering::Greater,
            Self::Le => compare(value, wanted) != Ordering::Greater,
            Self::Ge => compare(value, wanted) != Ordering::Less,
            _ => {
                let value = value.to_lowercase();
                match self {
                    Self::Contains | Self::NotContains => value.contains(lower),
                    Self::StartsWith | Self::NotStartsWith => value.starts_with(lower),
                    Self::EndsWith | Self::NotEndsWith => value.ends_with(lower),
                    _ => value == lower,
                }
            }
        }
    }

    fn negated(self) -> bool {
        matches!(
            self,
            Self::Ne | Self::NotContains | Self::NotStartsWith | Self::NotEndsWith
        )
    }
}

/// Numbers compare as numbers, anything else as text.
pub fn compare(a: &str, b: &str) -> Ordering {
    match (a.trim().parse::<f64>(), b.trim().parse::<f64>()) {
        (Ok(x), Ok(y)) => x.partial_cmp(&y).unwrap_or(Ordering::Equal),
        _ => a.cmp(b),
    }
}

/// One condition.
#[derive(Debug, Clone, PartialEq)]
pub struct Filter {
    pub field: String,
    pub operator: Operator,
    pub value: String,
    /// `value` in lower case, computed once.
    lower: String,
}

impl Filter {
    /// A multi-value field matches a positive operator if any value does, a negated one if
    /// no value matches the positive form.
    pub fn matches(&self, contact: &Contact) -> bool {
        let any = contact.any_value(&self.field, |v| {
            self.operator.holds(v, &self.value, &self.lower)
        });
        any != self.operator.negated()
    }
}

fn field_of(item: &Value, has_field: &impl Fn(u32) -> bool) -> Result<String, Fail> {
    let name = item.get("field").and_then(Value::as_str);
    let name = name.ok_or_else(|| Fail::invalid("field is required"))?;
    canonical_field(name, has_field).ok_or_else(|| Fail::invalid(format!("unknown field {name}")))
}

/// Reads `search`; absent or `null` means no condition.
pub fn parse_filters(
    search: Option<&Value>,
    has_field: impl Fn(u32) -> bool,
) -> Result<Vec<Filter>, Fail> {
    opt_list(search, "search")?
        .iter()
        .map(|item| {
            object(item)?;
            let field = field_of(item, &has_field)?;
            let op = item.get("operator").and_then(Value::as_str).unwrap_or("");
            let operator = Operator::parse(op)
                .ok_or_else(|| Fail::invalid(format!("unknown operator {op:?}")))?;
            let value = match item.get("value") {
                Some(Value::String(s)) => s.clone(),
                Some(v @ (Value::Number(_) | Value::Bool(_))) => v.to_string(),
                _ => return Err(Fail::invalid("value must be a string or a number")),
            };
            Ok(Filter {
                field,
                operator,
                lower: value.to_lowercase(),
                value,
            })
        })
        .collect()
}

/// One ordering key; `true` for descending.
pub type OrderKey = (String, bool);

/// Reads `order`; absent means by contact code, ascending.
pub fn parse_order(
    order: Option<&Value>,
    has_field: impl Fn(u32) -> bool,
) -> Result<Vec<OrderKey>, Fail> {
    opt_list(order, "order")?
        .iter()
        .map(|item| Ok((field_of(item, &has_field)?, descending(item)?)))
        .collect()
}

/// Whether an `order` entry's `type` is `DESC` (`ASC` when absent; any case).
pub fn descending(item: &Value) -> Result<bool, Fail> {
    match item.get("type").and_then(Value::as_str) {
        None => Ok(false),
        Some(t) if t.eq_ignore_ascii_case("ASC") => Ok(false),
        Some(t) if t.eq_ignore_ascii_case("DESC") => Ok(true),
        Some(other) => Err(Fail::invalid(format!(
            "order type {other} is not ASC or DESC"
        ))),
    }
}

/// Sorts by the keys in turn, then by contact code.
pub fn sort(contacts: &mut [&Contact], keys: &[OrderKey]) {
    contacts.sort_by(|a, b| {
        keys.iter()
            .map(|(field, desc)| {
                let ord = compare(&a.first_value(field), &b.first_value(field));
                if *desc { ord.reverse() } else { ord }
            })
            .find(|o| o.is_ne())
            .unwrap_or_else(|| a.code.cmp(&b.code))
    });
}

/// `status_contact`: every contact, only those not resting, or only resting ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RestFilter {
    All,
    NoRest,
    RestOnly,
}

impl RestFilter {
    /// Reads `status_contact` (`NO_REST` | `REST_ONLY`; absent means all).
    pub fn parse(value: Option<&Value>) -> Result<Self, Fail> {
        match value.and_then(|v| if v.is_null() { None } else { Some(v.as_str()) }) {
            None => Ok(Self::All),
            Some(Some("NO_REST")) => Ok(Self::NoRest),
            Some(Some("REST_ONLY")) => Ok(Self::RestOnly),
            Some(_) => Err(Fail::invalid("status_contact must be NO_REST or REST_ONLY")),
        }
    }

    /// Whether `contact` passes at `now`.
    pub fn admits(self, contact: &Contact, now: DateTime<Utc>) -> bool {
        match self {
            Self::All => true,
            Self::NoRest => !contact.is_resting(now),
            Self::RestOnly => contact.is_resting(now),
        }
    }
}
