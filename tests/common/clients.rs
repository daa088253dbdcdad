//! The official GOV.UK Notify clients, pinned, installed by the test run itself into
//! `target/clients/` (once; concurrent test processes install into private directories and
//! rename into place), and driven by the scripts in `tests/clients/`.

use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

pub const PYTHON_CLIENT: &str = "notifications-python-client==13.0.0";
pub const NODE_CLIENT: &str = "notifications-node-client@8.4.0";

fn target_dir() -> PathBuf {
    // target/<profile>/deps/<test binary>
    let exe = std::env::current_exe().expect("test executable path");
    exe.ancestors()
        .nth(3)
        .expect("target directory")
        .to_path_buf()
}

fn scripts() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("clients")
}

/// Installs into `final_dir` unless it is there already; safe against parallel installers.
fn install(final_dir: &Path, install_into: impl Fn(&Path) -> std::process::Output) -> PathBuf {
    if final_dir.join(".installed").exists() {
        return final_dir.to_path_buf();
    }
    let staging = final_dir.with_extension(format!("tmp-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&staging);
    std::fs::create_dir_all(&staging).expect("create staging dir");
    let out = install_into(&staging);
    assert!(
        out.status.success(),
        "installing into {} failed:\n{}\n{}",
        staging.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::write(staging.join(".installed"), b"").unwrap();
    if std::fs::rename(&staging, final_dir).is_err() {
        // Another process finished first; use its copy.
        let _ = std::fs::remove_dir_all(&staging);
    }
    assert!(
        final_dir.join(".installed").exists(),
        "client install missing at {}",
        final_dir.display()
    );
    final_dir.to_path_buf()
}

/// `target/clients/python`: the python client and its dependencies, for PYTHONPATH.
pub fn python_client() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        install(&target_dir().join("clients").join("python"), |dir| {
            Command::new("python3")
                .args([
                    "-m",
                    "pip",
                    "install",
                    "--quiet",
                    "--disable-pip-version-check",
                    "--target",
                ])
                .arg(dir)
                .arg(PYTHON_CLIENT)
                .output()
                .expect("run pip")
        })
    })
}

/// `target/clients/node`: the node client in its own node_modules.
pub fn node_client() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        install(&target_dir().join("clients").join("node"), |dir| {
            Command::new("npm")
                .args(["install", "--no-audit", "--no-fund", "--silent", "--prefix"])
                .arg(dir)
                .arg(NODE_CLIENT)
                .output()
                .expect("run npm")
        })
    })
}

fn run(mut command: Command, calls: &Value) -> Vec<Value> {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start client script");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(calls.to_string().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "client script failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice::<Value>(&out.stdout)
        .unwrap_or_else(|e| {
            panic!(
                "client output is not JSON ({e}): {}",
                String::from_utf8_lossy(&out.stdout)
            )
        })
        .as_array()
        .cloned()
        .expect("a list of results")
}

/// Runs `calls` ([{"method", "args", "kwargs"}]) with the python client.
pub fn python(base_url: &str, key: &str, calls: Value) -> Vec<Value> {
    let mut command = Command::new("python3");
    command
        .arg(scripts().join("run_python.py"))
        .args([base_url, key])
        .env("PYTHONPATH", python_client());
    run(command, &calls)
}

/// Runs `calls` ([{"method", "args"}]) with the node client.
pub fn node(base_url: &str, key: &str, calls: Value) -> Vec<Value> {
    let mut command = Command::new("node");
    command
        .arg(scripts().join("run_node.js"))
        .args([base_url, key])
        .env("NODE_PATH", node_client().join("node_modules"));
    run(command, &calls)
}
