//! A PostgreSQL cluster owned by one test (its own data directory and port), which the test
//! may restart: never the shared server other tests use. Made with the server's own
//! `initdb` and `pg_ctl`, run as the `postgres` user when the test runs as root.

use std::path::PathBuf;
use std::process::Command;

use super::free_port;

/// A running cluster.
pub struct OwnPostgres {
    pub port: u16,
    dir: PathBuf,
    bin: PathBuf,
}

impl OwnPostgres {
    /// Initialises and starts a cluster on a free port (trust auth, no fsync: a test's).
    pub fn start() -> Self {
        let bin = std::fs::read_dir("/usr/lib/postgresql")
            .expect("PostgreSQL's binaries under /usr/lib/postgresql")
            .filter_map(Result::ok)
            .map(|e| e.path().join("bin"))
            .find(|p| p.join("initdb").exists())
            .expect("initdb");
        let dir = std::env::temp_dir().join(format!(
            "dsync-pg-{}-{:08x}",
            std::process::id(),
            rand::random::<u32>()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        let own = Self {
            port: free_port(),
            dir,
            bin,
        };
        own.run(
            "chown",
            &["-R", "postgres", own.dir.to_str().unwrap()],
            false,
        );
        let data = own.data();
        own.run(
            own.bin.join("initdb").to_str().unwrap(),
            &["-D", &data, "-A", "trust", "-U", "postgres", "--no-sync"],
            true,
        );
        own.pg_ctl(&["start"]);
        own
    }

    /// `postgres://postgres@127.0.0.1:<port>/<db>`.
    pub fn url(&self, db: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{db}", self.port)
    }

    /// Stops the server at once (as a crash would), waiting until it is gone.
    pub fn stop(&self) {
        self.pg_ctl(&["-m", "immediate", "stop"]);
    }

    /// Stops (fast: connections are cut) and starts the server again.
    pub fn restart(&self) {
        self.pg_ctl(&["-m", "fast", "restart"]);
    }

    fn data(&self) -> String {
        self.dir.join("data").to_str().unwrap().to_owned()
    }

    fn pg_ctl(&self, args: &[&str]) {
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off",
            self.port,
            self.dir.to_str().unwrap()
        );
        let log = self.dir.join("log").to_str().unwrap().to_owned();
        let data = self.data();
        let mut all = vec!["-D", &data, "-o", &options, "-l", &log, "-w"];
        all.extend_from_slice(args);
        self.run(self.bin.join("pg_ctl").to_str().unwrap(), &all, true);
    }

    fn run(&self, program: &str, args: &[&str], as_postgres: bool) {
        let is_root = Command::new("id")
            .arg("-u")
            .output()
            .is_ok_and(|o| o.stdout.starts_with(b"0"));
        let status = if as_postgres && is_root {
            Command::new("runuser")
                .args(["-u", "postgres", "--", program])
                .args(args)
                .output()
        } else {
            Command::new(program).args(args).output()
        }
        .expect("the PostgreSQL tool runs");
        assert!(
            status.status.success(),
            "{program} {args:?}: {}",
            String::from_utf8_lossy(&status.stderr)
        );
    }
}

impl Drop for OwnPostgres {
    fn drop(&mut self) {
        let data = self.data();
        let _ = Command::new("runuser")
            .args(["-u", "postgres", "--"])
            .arg(self.bin.join("pg_ctl"))
            .args(["-D", &data, "-m", "immediate", "stop"])
            .output();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
