//! Starting the simulator as a real HTTP server inside the current actix System, and the
//! handle tests keep to reach its address and state and to stop it.

use super::config::SimConfig;
use super::routes;
use super::state::SimState;
use actix_web::{App, HttpServer, dev::ServerHandle, web};
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;

/// Worker threads of the simulator: it holds its data under one lock, so more do not help.
const WORKERS: usize = 2;

/// A running simulator.
#[derive(Debug, Clone)]
pub struct SimHandle {
    addr: SocketAddr,
    state: Arc<SimState>,
    server: ServerHandle,
}

/// Binds `addr` (`"127.0.0.1:0"` for a free port) and serves in the background of the
/// current actix System until [`SimHandle::stop`].
pub async fn start(config: SimConfig, addr: &str) -> io::Result<SimHandle> {
    let state = web::Data::new(SimState::new(config));
    let data = state.clone();
    let server = HttpServer::new(move || {
        App::new()
            .app_data(data.clone())
            .configure(routes::configure)
    })
    .workers(WORKERS)
    .disable_signals()
    .shutdown_timeout(1)
    .bind(addr)?;
    let bound = server.addrs().first().copied();
    let bound = bound.ok_or_else(|| io::Error::other("the simulator bound no address"))?;
    let server = server.run();
    let handle = server.handle();
    actix_rt::spawn(server);
    log::info!("Dinamize simulator listening on http://{bound}");
    Ok(SimHandle {
        addr: bound,
        state: state.into_inner(),
        server: handle,
    })
}

impl SimHandle {
    /// `http://host:port`, without a trailing slash.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The bound port.
    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The live state: journal, clock, faults, accounts, contacts.
    pub fn state(&self) -> &SimState {
        &self.state
    }

    /// Stops the server without waiting for requests in flight (a timed-out one never ends).
    pub async fn stop(&self) {
        self.server.stop(false).await;
    }
}
