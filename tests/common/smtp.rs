//! A small SMTP server for tests, on 127.0.0.1:0: it speaks just enough SMTP for a relay
//! client (EHLO, MAIL, RCPT, DATA, RSET, QUIT), keeps every message it accepts, refuses
//! recipients containing `reject` with 550, and answers 451 to recipients containing `later`
//! the first `later_refusals` times.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

#[derive(Clone, Debug)]
pub struct Mail {
    pub from: String,
    pub to: Vec<String>,
    pub data: String,
}

pub struct SmtpSink {
    pub port: u16,
    mails: Arc<Mutex<Vec<Mail>>>,
    _runtime: tokio::runtime::Runtime,
}

impl SmtpSink {
    pub fn start(later_refusals: usize) -> SmtpSink {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .unwrap();
        let port = listener.local_addr().unwrap().port();
        let mails = Arc::new(Mutex::new(Vec::new()));
        let refusals = Arc::new(Mutex::new(later_refusals));
        let shared = mails.clone();
        runtime.spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                tokio::spawn(session(stream, shared.clone(), refusals.clone()));
            }
        });
        SmtpSink {
            port,
            mails,
            _runtime: runtime,
        }
    }

    pub fn mails(&self) -> Vec<Mail> {
        self.mails.lock().unwrap().clone()
    }

    pub fn wait_for(&self, n: usize) -> Vec<Mail> {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let mails = self.mails();
            if mails.len() >= n {
                return mails;
            }
            assert!(
                Instant::now() < deadline,
                "{} of {n} mails arrived",
                mails.len()
            );
            std::thread::yield_now();
        }
    }
}

async fn session(
    stream: tokio::net::TcpStream,
    mails: Arc<Mutex<Vec<Mail>>>,
    refusals: Arc<Mutex<usize>>,
) {
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read).lines();
    let _ = write.write_all(b"220 test-smtp ESMTP\r\n").await;
    let (mut from, mut to) = (String::new(), Vec::new());
    while let Ok(Some(line)) = lines.next_line().await {
        let upper = line.to_ascii_uppercase();
        let reply: String = if upper.starts_with("EHLO") || upper.starts_with("HELO") {
            "250-test-smtp\r\n250 8BITMIME".into()
        } else if upper.starts_with("MAIL FROM:") {
            from = line[10..].trim().to_owned();
            to.clear();
            "250 OK".into()
        } else if upper.starts_with("RCPT TO:") {
            let rcpt = line[8..].trim().to_owned();
            let mut left = refusals.lock().unwrap();
            if rcpt.contains("reject") {
                "550 5.1.1 No such user".into()
            } else if rcpt.contains("later") && *left > 0 {
                *left -= 1;
                "451 4.3.0 Try again later".into()
            } else {
                to.push(rcpt);
                "250 OK".into()
            }
        } else if upper == "DATA" {
            let _ = write.write_all(b"354 Go ahead\r\n").await;
            let mut data = String::new();
            while let Ok(Some(l)) = lines.next_line().await {
                if l == "." {
                    break;
                }
                data.push_str(&l);
                data.push('\n');
            }
            mails.lock().unwrap().push(Mail {
                from: from.clone(),
                to: to.clone(),
                data,
            });
            "250 OK queued".into()
        } else if upper == "QUIT" {
            let _ = write.write_all(b"221 Bye\r\n").await;
            return;
        } else {
            "250 OK".into()
        };
        let _ = write.write_all(format!("{reply}\r\n").as_bytes()).await;
    }
}
