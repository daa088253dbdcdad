//! The single writer: one thread owns the only writing connection and commits in groups.
//!
//! Every durable change in the server goes through here. Requests queue jobs; the thread takes
//! whatever is queued (up to `MAX_GROUP`), runs each job inside its own savepoint (so one failed
//! job rolls back alone), commits the group once with `synchronous=FULL`, and only then answers
//! each job. A request is therefore answered after its row is durable, and a thousand concurrent
//! sends cost a handful of fsyncs instead of a thousand.

use super::StoreError;
use rusqlite::Connection;
use std::sync::mpsc;
use std::thread::JoinHandle;

const MAX_GROUP: usize = 1024;

/// Called once the group containing the job has committed (`None`) or failed (`Some`).
type Reply = Box<dyn FnOnce(Option<&StoreError>) + Send>;
/// A job runs against the writer's connection (or is told why it cannot run) and says whether
/// it succeeded.
type Job = Box<dyn FnOnce(Result<&Connection, &StoreError>) -> (bool, Reply) + Send>;

pub struct Writer {
    jobs: Option<mpsc::Sender<Job>>,
    thread: Option<JoinHandle<()>>,
}

impl Writer {
    /// Starts the writer thread on `conn`.
    pub fn start(conn: Connection) -> Writer {
        let (tx, rx) = mpsc::channel::<Job>();
        let thread = std::thread::Builder::new()
            .name("notifyd-writer".into())
            .spawn(move || run(conn, rx))
            .expect("cannot start the writer thread");
        Writer {
            jobs: Some(tx),
            thread: Some(thread),
        }
    }

    /// Runs `f` in the next group and waits, without blocking the runtime, until it is durable.
    pub async fn write<R, F>(&self, f: F) -> Result<R, StoreError>
    where
        F: FnOnce(&Connection) -> Result<R, StoreError> + Send + 'static,
        R: Send + 'static,
    {
        let (tx, rx) = tokio::sync::oneshot::channel();
        self.submit(f, move |r| {
            let _ = tx.send(r);
        })?;
        rx.await.map_err(|_| StoreError::Closed)?
    }

    /// Like `write`, for callers outside the async runtime.
    pub fn write_blocking<R, F>(&self, f: F) -> Result<R, StoreError>
    where
        F: FnOnce(&Connection) -> Result<R, StoreError> + Send + 'static,
        R: Send + 'static,
    {
        let (tx, rx) = mpsc::channel();
        self.submit(f, move |r| {
            let _ = tx.send(r);
        })?;
        rx.recv().map_err(|_| StoreError::Closed)?
    }

    fn submit<R, F, D>(&self, f: F, deliver: D) -> Result<(), StoreError>
    where
        F: FnOnce(&Connection) -> Result<R, StoreError> + Send + 'static,
        R: Send + 'static,
        D: FnOnce(Result<R, StoreError>) + Send + 'static,
    {
        let job: Job = Box::new(move |conn| {
            let result = match conn {
                Ok(conn) => f(conn),
                Err(e) => Err(StoreError::CommitFailed(e.to_string())),
            };
            let ok = result.is_ok();
            let reply: Reply = Box::new(move |commit_error| match commit_error {
                None => deliver(result),
                Some(e) if ok => deliver(Err(StoreError::CommitFailed(e.to_string()))),
                Some(_) => deliver(result),
            });
            (ok, reply)
        });
        let jobs = self.jobs.as_ref().ok_or(StoreError::Closed)?;
        jobs.send(job).map_err(|_| StoreError::Closed)
    }

    /// Stops accepting jobs, lets the thread commit what is queued, and waits for it.
    pub fn shutdown(&mut self) {
        self.jobs.take();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        self.shutdown();
    }
}

fn run(conn: Connection, jobs: mpsc::Receiver<Job>) {
    let mut group: Vec<Job> = Vec::with_capacity(MAX_GROUP);
    while let Ok(first) = jobs.recv() {
        group.push(first);
        while group.len() < MAX_GROUP {
            match jobs.try_recv() {
                Ok(job) => group.push(job),
                Err(_) => break,
            }
        }
        commit_group(&conn, &mut group);
    }
}

fn commit_group(conn: &Connection, group: &mut Vec<Job>) {
    let mut replies: Vec<Reply> = Vec::with_capacity(group.len());
    let begun = control(conn, "BEGIN IMMEDIATE");
    if let Err(e) = begun {
        for job in group.drain(..) {
            let (_, reply) = job(Err(&e));
            replies.push(reply);
        }
        return answer(replies, None);
    }
    for job in group.drain(..) {
        replies.push(run_in_savepoint(conn, job));
    }
    let committed = control(conn, "COMMIT");
    if let Err(e) = &committed {
        let _ = control(conn, "ROLLBACK");
        return answer(replies, Some(e));
    }
    answer(replies, None);
}

fn run_in_savepoint(conn: &Connection, job: Job) -> Reply {
    if let Err(e) = control(conn, "SAVEPOINT job") {
        return job(Err(&e)).1;
    }
    let (ok, reply) = job(Ok(conn));
    let end = match ok {
        true => control(conn, "RELEASE job"),
        false => control(conn, "ROLLBACK TO job").and_then(|_| control(conn, "RELEASE job")),
    };
    if let Err(e) = end {
        return Box::new(move |_| reply(Some(&e)));
    }
    reply
}

/// A transaction-control statement, prepared once and kept (they run several times a job).
fn control(conn: &Connection, sql: &str) -> Result<(), StoreError> {
    conn.prepare_cached(sql)?.execute([])?;
    Ok(())
}

fn answer(replies: Vec<Reply>, error: Option<&StoreError>) {
    for reply in replies {
        reply(error);
    }
}
