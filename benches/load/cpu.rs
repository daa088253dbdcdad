//! CPU time of the server's threads and the load generator's, read from /proc, so each row can
//! say what one request costs in CPU: a figure far steadier than requests/s on a shared machine,
//! where a neighbour's load moves throughput but hardly moves the work a request needs.

use std::ops::{AddAssign, Sub};

/// Seconds of CPU (user + system).
#[derive(Clone, Copy, Debug, Default)]
pub struct Cpu {
    pub server: f64,
    pub load: f64,
}

/// Where the server runs: in this process (threads named `notifyd…`; the rest are the load
/// generator's) or in a spawned child (all its threads; all of ours are load).
#[derive(Clone, Copy)]
pub enum Server {
    InProcess,
    Child(u32),
}

/// The CPU used so far.
pub fn used(server: Server) -> Cpu {
    let mut cpu = Cpu::default();
    for (name, secs) in threads("self") {
        match server {
            Server::InProcess if name.starts_with("notifyd") => cpu.server += secs,
            _ => cpu.load += secs,
        }
    }
    if let Server::Child(pid) = server {
        cpu.server = threads(&pid.to_string()).map(|(_, secs)| secs).sum();
    }
    cpu
}

/// Each thread's name and CPU seconds (`utime` + `stime`, in Linux's fixed 100 ticks a second).
fn threads(pid: &str) -> impl Iterator<Item = (String, f64)> {
    let tasks = std::fs::read_dir(format!("/proc/{pid}/task"))
        .into_iter()
        .flatten();
    tasks.flatten().filter_map(|task| {
        let stat = std::fs::read_to_string(task.path().join("stat")).ok()?;
        let (head, rest) = stat.rsplit_once(") ")?;
        let name = head.split_once(" (")?.1.to_owned();
        // After the name: state is field 3, utime 14 and stime 15.
        let fields: Vec<&str> = rest.split_whitespace().collect();
        let ticks: u64 =
            fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
        Some((name, ticks as f64 / 100.0))
    })
}

impl Sub for Cpu {
    type Output = Cpu;
    fn sub(self, earlier: Cpu) -> Cpu {
        Cpu {
            server: self.server - earlier.server,
            load: self.load - earlier.load,
        }
    }
}

impl AddAssign for Cpu {
    fn add_assign(&mut self, other: Cpu) {
        self.server += other.server;
        self.load += other.load;
    }
}
