//! `notifyd serve` (the default command): open and provision the database, bind, print
//! `listening on http://ADDR` as the first line of stdout (then, on a first start, the new test
//! key and a one-time sign-in link for the admin pages), serve until Ctrl-C or SIGTERM, then
//! drain in-flight requests, flush the writer and exit 0.
//!
//! `start` does the same in-process and returns a handle: tests and the benchmark use it to
//! run a real server on 127.0.0.1:0 beside them. `runtime` is the Tokio runtime the server and
//! the benchmark run on, sized to leave the writer thread a core.

use crate::app::App;
use crate::cli::{Cli, CliError, ServeArgs};
use crate::clock::Clock;
use crate::config::Settings;
use crate::limits::Limits;
use crate::providers::Providers;
use crate::provision::Bootstrapped;
use crate::store::Store;
use crate::{http, provision, setup};
use std::io::Write;
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// The server's runtime: one async worker fewer than the machine has cores (at least one),
/// because under load the writer thread keeps a core busy with its commits. On two cores one
/// worker plus the writer spends 10–20 % less CPU per send than two workers that take turns
/// with it (`cargo bench --bench load`). Scanning reads and password hashing run on the
/// blocking pool, not on a worker. `TOKIO_WORKER_THREADS` overrides the count.
pub fn runtime(thread_name: &str) -> std::io::Result<tokio::runtime::Runtime> {
    let mut builder = tokio::runtime::Builder::new_multi_thread();
    if std::env::var_os("TOKIO_WORKER_THREADS").is_none() {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        builder.worker_threads(cores.saturating_sub(1).max(1));
    }
    builder.thread_name(thread_name).enable_all().build()
}

/// A server running in this process.
pub struct Running {
    pub addr: SocketAddr,
    pub app: Arc<App>,
    /// The key and sign-in link made for a newcomer on an empty database, to show once.
    pub bootstrapped: Option<Bootstrapped>,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<()>,
}

impl Running {
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops accepting, drains in-flight requests, stops the background jobs and flushes the
    /// writer: once this returns, nothing of this server writes to its database.
    pub async fn stop(mut self) -> Result<(), CliError> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        let _ = (&mut self.task).await;
        self.app.background.stop();
        self.app.store.flush().await?;
        Ok(())
    }
}

/// Opens, provisions, binds and starts serving (inside a Tokio runtime).
pub async fn start(settings: Settings, clock: Clock) -> Result<Running, CliError> {
    let opened = setup::open_database(&settings)?;
    provision::apply(
        &opened.conn,
        &opened.master,
        &settings.file.services,
        clock.now_us(),
    )?;
    let bootstrapped = if settings.bootstrap && settings.file.services.is_empty() {
        provision::bootstrap(&opened.conn, &opened.master, clock.now_us())?
    } else {
        None
    };
    let today = crate::clock::utc_day_start(clock.now_us());
    let limits = Limits::new(&crate::store::daily_counts::for_day(&opened.conn, today)?);
    drop(opened.conn);
    let store = Store::open(&settings.db)?;
    let listener = TcpListener::bind(&settings.listen)
        .await
        .map_err(|e| CliError(format!("cannot listen on {}: {e}", settings.listen)))?;
    let addr = listener.local_addr()?;
    let providers = Providers::from_settings(&settings).map_err(CliError)?;
    let app = App::start(store, opened.master, clock, settings, limits, providers);
    crate::retention::start(
        &app.background,
        app.store.clone(),
        app.clock.clone(),
        app.retention.clone(),
    );
    resume_in_background(&app);
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(http::server::run(app.clone(), listener, async {
        let _ = stopped.await;
    }));
    Ok(Running {
        addr,
        app,
        bootstrapped,
        stop: Some(stop),
        task,
    })
}

/// Picks up the notifications still in flight when the last run stopped, beside serving: a
/// restart after heavy load answers at once instead of after reading every pending row.
fn resume_in_background(app: &Arc<App>) {
    let background = app.background.clone();
    let app = app.clone();
    background.spawn(async move {
        match app.delivery.resume(&app.store).await {
            Ok(0) => {}
            Ok(resumed) => tracing::info!("resumed delivery of {resumed} notifications"),
            Err(e) => tracing::error!("cannot resume delivery of in-flight notifications: {e}"),
        }
    });
}

pub fn run(cli: &Cli, args: &ServeArgs) -> Result<(), CliError> {
    let mut settings = cli.settings(args.listen.clone())?;
    init_logging(&settings.log);
    settings.test_clock = args.test_clock;
    let ephemeral = args.ephemeral.then(Ephemeral::new).transpose()?;
    if let Some(dir) = &ephemeral {
        settings.db = dir.0.join("notifyd.db");
        settings.master_key_file = Some(dir.0.join("notifyd.db.key"));
        tracing::info!("ephemeral database {}", dir.0.display());
    }
    let runtime = runtime("tokio-rt-worker")?;
    runtime.block_on(async move {
        let db = settings.db.clone();
        let public_url = settings.public_url.clone();
        let running = start(settings, Clock::system()).await?;
        let url = running.url();
        let admin_url = public_url.unwrap_or_else(|| url.clone());
        announce(&url, &admin_url, running.bootstrapped.as_ref());
        tracing::info!("serving database {}", db.display());
        shutdown_signal().await;
        running.stop().await?;
        tracing::info!("stopped");
        Ok::<(), CliError>(())
    })?;
    drop(ephemeral);
    Ok(())
}

/// A temporary directory for `--ephemeral`, removed when dropped.
struct Ephemeral(std::path::PathBuf);

impl Ephemeral {
    fn new() -> Result<Ephemeral, CliError> {
        let dir = std::env::temp_dir().join(format!(
            "notifyd-ephemeral-{}",
            crate::secrets::random_token::<8>()
        ));
        std::fs::create_dir_all(&dir)
            .map_err(|e| CliError(format!("cannot create {}: {e}", dir.display())))?;
        Ok(Ephemeral(dir))
    }
}

impl Drop for Ephemeral {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The first line of stdout is the URL; a newly bootstrapped key follows, shown once, then the
/// one-time sign-in link for the admin pages.
fn announce(url: &str, admin_url: &str, bootstrapped: Option<&Bootstrapped>) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "listening on {url}");
    if let Some(made) = bootstrapped {
        let key = made.key.full_key.expose();
        let _ = writeln!(
            out,
            "created the service \"{}\" with a test API key (shown once, save it now):\n\n    {key}\n",
            provision::LOCAL_SERVICE_NAME
        );
        let _ = writeln!(
            out,
            "try it: python3 -c 'from notifications_python_client import NotificationsAPIClient as C; print(C(\"{key}\", base_url=\"{url}\").get_all_templates())'"
        );
        let _ = writeln!(
            out,
            "\nadmin pages: sign in as {} with this link (works once, for 15 minutes):\n\n    {admin_url}/sign-in/{}\n",
            provision::LOCAL_ADMIN_EMAIL,
            made.sign_in_token
        );
    }
    let _ = out.flush();
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {}
        _ = terminate => {}
    }
    tracing::info!("shutting down: finishing in-flight requests");
}

fn init_logging(level: &str) {
    let level = level.parse().unwrap_or(tracing::Level::INFO);
    let _ = tracing_subscriber::fmt()
        .with_max_level(level)
        .with_writer(std::io::stderr)
        .with_target(false)
        .try_init();
}

#[cfg(test)]
mod tests {
    /// The writer thread gets a core of its own: one async worker fewer than the cores.
    #[test]
    fn runs_one_worker_fewer_than_the_cores() {
        if std::env::var_os("TOKIO_WORKER_THREADS").is_some() {
            return; // the override decides instead
        }
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let runtime = super::runtime("test-worker").unwrap();
        assert_eq!(
            runtime.metrics().num_workers(),
            cores.saturating_sub(1).max(1)
        );
    }
}
