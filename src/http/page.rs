//! The CRM's page shape, shared by every list route: `?page=&limit=` in, and
//! `{items, pagination: {page, limit, total}}` out. `page` counts from 1; `limit` is 1 to
//! [`MAX_LIMIT`], [`DEFAULT_LIMIT`] when absent. An empty parameter (`?page=`) counts as absent,
//! as a frontend sends it for "no choice".

use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};

use super::contacts::fields::{self, FieldError};

/// Items per page when `limit` is absent.
pub const DEFAULT_LIMIT: u32 = 20;
/// The largest `limit`: a page stays one small query and one small answer.
pub const MAX_LIMIT: u32 = 100;

/// `?page=&limit=`. Read as text and checked by [`PageQuery::read`], so a bad value is a 400
/// naming the parameter rather than serde's message.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// Page number, from 1 (default 1) to 4 294 967 295.
    #[param(value_type = Option<i64>, minimum = 1, maximum = 4_294_967_295_u32, example = 1)]
    pub page: Option<String>,
    /// Items per page, 1 to 100 (default 20).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 100, example = 20)]
    pub limit: Option<String>,
}

/// A checked page request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest {
    /// From 1.
    pub page: u32,
    /// 1 to [`MAX_LIMIT`].
    pub limit: u32,
}

impl PageQuery {
    /// The page asked for, or each bad parameter named.
    pub fn read(&self) -> Result<PageRequest, Vec<FieldError>> {
        let page = fields::number_in("page", given(&self.page).as_ref(), 1, 1, u32::MAX);
        let limit = fields::number_in(
            "limit",
            given(&self.limit).as_ref(),
            DEFAULT_LIMIT,
            1,
            MAX_LIMIT,
        );
        match (page, limit) {
            (Ok(page), Ok(limit)) => Ok(PageRequest { page, limit }),
            (page, limit) => Err(page.err().into_iter().chain(limit.err()).collect()),
        }
    }
}

/// A query parameter's value, with an empty one treated as absent.
pub fn given(value: &Option<String>) -> Option<Value> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(|v| Value::String(v.to_string()))
}

impl PageRequest {
    /// Rows to skip (`OFFSET`).
    pub fn offset(&self) -> i64 {
        i64::from(self.page - 1) * i64::from(self.limit)
    }

    /// Rows to take (`LIMIT`).
    pub fn limit(&self) -> i64 {
        i64::from(self.limit)
    }
}

/// Where a page sits in the whole list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Pagination {
    /// This page's number, from 1.
    #[schema(value_type = i64, minimum = 1, maximum = 4_294_967_295_u32)]
    pub page: u32,
    /// Items per page asked for (the last page may hold fewer).
    pub limit: u32,
    /// Items in the whole filtered list.
    pub total: i64,
}

/// One page of a list: `{items, pagination}`, as the CRM's own lists answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct Page<T> {
    /// This page's items, in the list's order.
    pub items: Vec<T>,
    pub pagination: Pagination,
}

impl<T> Page<T> {
    /// The page `request` of a list of `total` items.
    pub fn new(items: Vec<T>, request: PageRequest, total: i64) -> Self {
        Self {
            items,
            pagination: Pagination {
                page: request.page,
                limit: request.limit,
                total,
            },
        }
    }
}

/// A list route's page and filters, read together so that one 400 names every bad parameter.
pub fn page_and_filters<F>(
    page: Result<PageRequest, Vec<FieldError>>,
    filters: Result<F, Vec<FieldError>>,
) -> Result<(PageRequest, F), crate::http::ApiError> {
    match (page, filters) {
        (Ok(page), Ok(filters)) => Ok((page, filters)),
        (page, filters) => {
            let errors = page.err().into_iter().flatten();
            Err(crate::http::ApiError::validation(
                errors.chain(filters.err().into_iter().flatten()).collect(),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(page: Option<&str>, limit: Option<&str>) -> PageQuery {
        PageQuery {
            page: page.map(str::to_string),
            limit: limit.map(str::to_string),
        }
    }

    #[test]
    fn absent_or_empty_parameters_give_the_first_page_of_twenty() {
        let first = PageRequest { page: 1, limit: 20 };
        assert_eq!(query(None, None).read(), Ok(first));
        assert_eq!(query(Some(""), Some(" ")).read(), Ok(first));
        assert_eq!(query(Some("3"), Some("100")).read().unwrap().offset(), 200);
    }

    #[test]
    fn each_bad_parameter_is_named() {
        let names = |q: PageQuery| -> Vec<String> {
            q.read().unwrap_err().into_iter().map(|(f, _)| f).collect()
        };
        assert_eq!(names(query(Some("0"), Some("101"))), ["page", "limit"]);
        assert_eq!(names(query(None, Some("0"))), ["limit"]);
        assert_eq!(names(query(Some("-1"), Some("x"))), ["page", "limit"]);
    }
}
