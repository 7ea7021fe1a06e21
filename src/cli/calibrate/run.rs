//! Runs a calibration: the probes, then the report file and the `.env` lines on stdout.

use std::collections::BTreeMap;
use std::time::Duration;

use super::args::CalibrateArgs;
use super::probe::Probe;
use super::report::{CodeName, Report, env_lines};
use super::steps::Calibration;
use crate::dinamize::{DinamizeClient, UnknownCodes};

/// Exit code when the login fails or the report cannot be written.
const EXIT_FAILED: u8 = 1;

/// `dinamize-sync calibrate`: returns the process exit code.
pub fn calibrate(args: CalibrateArgs) -> u8 {
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("calibrate: {e}");
            return EXIT_FAILED;
        }
    };
    runtime.block_on(run(args))
}

async fn run(args: CalibrateArgs) -> u8 {
    let timeout = Duration::from_millis(args.request_timeout_ms.max(1));
    let client = match DinamizeClient::new(args.base_url.clone(), timeout, UnknownCodes::default())
    {
        Ok(client) => client,
        Err(e) => {
            eprintln!("calibrate: {e}");
            return EXIT_FAILED;
        }
    };
    let mut calibration = Calibration {
        probe: Probe::new(client, args.max_requests, args.rate_limit_per_minute),
        codes: BTreeMap::new(),
        observations: BTreeMap::new(),
        token: None,
        list: args.list.clone(),
    };
    let logged_in = calibration
        .login(&args.user, &args.password, &args.client_code)
        .await;
    if logged_in {
        calibration.read_only().await;
        if args.allow_writes {
            calibration.writes(chrono::Utc::now().timestamp()).await;
        }
    } else {
        eprintln!("calibrate: the login failed; see the report");
    }
    let report = report(&args, calibration);
    for line in &report.env {
        println!("{line}");
    }
    eprintln!(
        "calibrate: {} of at most {} requests sent; report in {}",
        report.requests_used,
        report.max_requests,
        args.report.display()
    );
    match write(&args, &report) {
        Ok(()) if logged_in => 0,
        Ok(()) => EXIT_FAILED,
        Err(e) => {
            eprintln!("calibrate: cannot write {}: {e}", args.report.display());
            EXIT_FAILED
        }
    }
}

fn report(args: &CalibrateArgs, calibration: Calibration) -> Report {
    let codes = CodeName::ALL
        .iter()
        .map(|name| (name.key().to_owned(), calibration.codes.get(name).cloned()))
        .collect();
    Report {
        base_url: args.base_url.to_string(),
        client_code: args.client_code.clone(),
        writes: args.allow_writes,
        list: calibration.list.clone(),
        max_requests: args.max_requests,
        requests_used: calibration.probe.used(),
        codes,
        observations: calibration.observations,
        env: env_lines(&calibration.codes),
        steps: calibration.probe.steps,
    }
}

fn write(args: &CalibrateArgs, report: &Report) -> std::io::Result<()> {
    let json = serde_json::to_vec_pretty(report).map_err(std::io::Error::other)?;
    std::fs::write(&args.report, json)
}
