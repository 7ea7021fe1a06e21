//! A minimal HTTP receiver that records when each request arrives and how long after the
//! limiter's decision (header `x-decided-at-us`): the stand-in for the simulator's journal, and
//! the measurement behind the guard margin's default.

use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use actix_web::dev::ServerHandle;
use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};

use super::target::DECIDED_AT;
use super::worker::unix_us;

/// One recorded request.
#[derive(Debug, Clone, Copy)]
pub struct Arrival {
    /// When it arrived (wall clock, µs since the Unix epoch).
    pub at_unix_us: u64,
    /// Microseconds between the limiter's decision and the arrival, when the sender said.
    pub lag_us: Option<u64>,
}

/// Arrivals, in arrival order.
pub type Arrivals = Arc<Mutex<Vec<Arrival>>>;

/// A running receiver.
pub struct Receiver {
    /// `http://127.0.0.1:<port>`.
    pub base_url: String,
    /// What arrived so far.
    pub arrivals: Arrivals,
    handle: ServerHandle,
}

impl Receiver {
    /// Starts on a free port inside the current actix System.
    pub fn start() -> std::io::Result<Self> {
        let arrivals: Arrivals = Arc::default();
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let base_url = format!("http://{}", listener.local_addr()?);
        let state = web::Data::new(arrivals.clone());
        let server = HttpServer::new(move || {
            App::new()
                .app_data(state.clone())
                .default_service(web::to(record))
        })
        .workers(1)
        .listen(listener)?
        .run();
        let handle = server.handle();
        actix_rt::spawn(server);
        Ok(Self {
            base_url,
            arrivals,
            handle,
        })
    }

    /// What arrived so far.
    pub fn snapshot(&self) -> Vec<Arrival> {
        self.arrivals.lock().map(|a| a.clone()).unwrap_or_default()
    }

    /// Stops the server.
    pub async fn stop(self) {
        self.handle.stop(true).await;
    }
}

async fn record(request: HttpRequest, arrivals: web::Data<Arrivals>) -> HttpResponse {
    let now_us = unix_us(SystemTime::now());
    let decided = request.headers().get(DECIDED_AT);
    let decided_us = decided.and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    let lag_us = decided_us.map(|d| now_us.saturating_sub(d));
    let arrival = Arrival {
        at_unix_us: now_us,
        lag_us,
    };
    arrivals
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .push(arrival);
    HttpResponse::Ok().json(serde_json::json!({"code": "480001", "body": []}))
}
