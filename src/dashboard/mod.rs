//! `GET /admin`: the operators' dashboard. Three files compiled into the binary
//! (`include_str!`, nothing fetched online). The page holds no data: it asks for the CRM's JWT
//! (or takes it from the `#token=` fragment the CRM can link with, which never reaches a
//! server log) and reads the admin JSON routes of `/api/dinamize/sync/*` and
//! `/api/dinamize/account` with it, for every company of the token, refreshing every 5 s.

use actix_web::{HttpResponse, get};

const PAGE: &str = include_str!("page.html");
const SCRIPT: &str = include_str!("page.js");
const STYLE: &str = include_str!("page.css");

/// The page.
#[get("/admin")]
pub async fn admin_page() -> HttpResponse {
    asset("text/html; charset=utf-8", PAGE)
}

/// Its script.
#[get("/admin/page.js")]
pub async fn admin_script() -> HttpResponse {
    asset("text/javascript; charset=utf-8", SCRIPT)
}

/// Its style sheet.
#[get("/admin/page.css")]
pub async fn admin_style() -> HttpResponse {
    asset("text/css; charset=utf-8", STYLE)
}

fn asset(content_type: &str, body: &'static str) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(content_type)
        // Nothing but this origin: no CDN, no inline script, no framing.
        .insert_header((
            "Content-Security-Policy",
            "default-src 'self'; frame-ancestors 'none'; base-uri 'none'",
        ))
        .insert_header(("Referrer-Policy", "no-referrer"))
        .insert_header(("Cache-Control", "no-store"))
        .body(body)
}
