//! The real binary in a pseudo-terminal, its screen read back through a
//! terminal emulator. A session reaps what it spawned: dropped, it closes
//! the terminal (a hangup, as a closed window gives), waits, then kills the
//! whole process group, so no test leaves an `entscope` behind.

use std::io::{Read, Write};
use std::os::fd::{AsRawFd, RawFd};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};

pub const BIN: &str = env!("CARGO_BIN_EXE_entscope");
pub const WAIT: Duration = Duration::from_secs(15);

/// Shell code run after the explorer: its exit code and the terminal modes.
pub const REPORT: &str = "code=$?; printf 'modes: '; stty -a | tr ' ;' '\\n\\n' | grep -x -e '-*icanon' -e '-*echo' | tr '\\n' ' '; \
                      echo; echo \"EXIT=$code\"; sleep 5";

/// A running program in a pseudo-terminal and what its screen shows.
pub struct Session {
    pub parser: vt100::Parser,
    pub output: Receiver<Vec<u8>>,
    writer: Option<Box<dyn Write + Send>>,
    child: Box<dyn Child + Send + Sync>,
    master: Option<Box<dyn MasterPty + Send>>,
    /// Set to make the reading thread let go of its copy of the master.
    closed: Arc<AtomicBool>,
    /// The reading thread, joined when the terminal is closed.
    reading: Option<std::thread::JoinHandle<()>>,
    /// Where this session remembers places between runs (its own, so tests
    /// never see each other's).
    state: Option<tempfile::TempDir>,
}

/// How often the reading thread looks whether the terminal was closed.
const READ_POLL: Duration = Duration::from_millis(25);

/// A descriptor number, to be duplicated into one that is owned.
struct Raw(RawFd);

impl AsRawFd for Raw {
    fn as_raw_fd(&self) -> RawFd {
        self.0
    }
}

/// Reads what the program writes until `closed` is set or the terminal
/// ends. The thread reads from its own copy of the master side and drops it
/// when told: a copy held in a blocking read would keep the terminal open
/// after the session closed it, and no hangup would ever come.
fn read_until_closed(
    master: &dyn MasterPty,
    closed: Arc<AtomicBool>,
) -> (Receiver<Vec<u8>>, std::thread::JoinHandle<()>) {
    let fd = master.as_raw_fd().expect("a master descriptor");
    let mut reader = filedescriptor::FileDescriptor::dup(&Raw(fd)).expect("a copy of the master");
    let (tx, output) = channel();
    let reading = std::thread::spawn(move || {
        let mut buf = [0u8; 8192];
        while !closed.load(Ordering::Relaxed) {
            let mut poll = [filedescriptor::pollfd {
                fd: reader.as_raw_fd(),
                events: filedescriptor::POLLIN,
                revents: 0,
            }];
            match filedescriptor::poll(&mut poll, Some(READ_POLL)) {
                Ok(0) => continue,
                Ok(_) => {}
                Err(_) => break,
            }
            match reader.read(&mut buf) {
                Ok(n) if n > 0 => {
                    if tx.send(buf[..n].to_vec()).is_err() {
                        break;
                    }
                }
                _ => break,
            }
        }
    });
    (output, reading)
}

/// How a session's program is started.
pub struct Launch<'a> {
    pub program: &'a str,
    pub args: Vec<String>,
    pub cwd: Option<&'a Path>,
    pub env: Vec<(&'a str, String)>,
    pub cols: u16,
    pub rows: u16,
}

impl<'a> Launch<'a> {
    /// `program args…` run in `dir`, with its cache and state in `dir/cache`
    /// and `dir/state`, in a 110 x 30 terminal.
    pub fn in_folder(dir: &'a Path, program: &'a str, args: &[&str]) -> Launch<'a> {
        Launch {
            program,
            args: args.iter().map(|a| (*a).to_string()).collect(),
            cwd: Some(dir),
            env: vec![
                ("XDG_CACHE_HOME", dir.join("cache").display().to_string()),
                ("XDG_STATE_HOME", dir.join("state").display().to_string()),
            ],
            cols: 110,
            rows: 30,
        }
    }
}

impl Session {
    /// Runs `sh -c script` in a `cols` x `rows` terminal.
    pub fn shell(script: &str, cols: u16, rows: u16) -> Session {
        let state = tempfile::tempdir().expect("a state folder");
        let mut session = Session::shell_in(script, cols, rows, state.path());
        session.state = Some(state);
        session
    }

    /// As [`Session::shell`], remembering places in `state`.
    pub fn shell_in(script: &str, cols: u16, rows: u16, state: &Path) -> Session {
        Session::launch(&Launch {
            program: "sh",
            args: vec!["-c".into(), script.into()],
            cwd: None,
            env: vec![("XDG_STATE_HOME", state.display().to_string())],
            cols,
            rows,
        })
    }

    /// A program run directly in the terminal, as its session leader.
    pub fn launch(launch: &Launch<'_>) -> Session {
        let closed = Arc::new(AtomicBool::new(false));
        let pty = native_pty_system();
        let pair = pty
            .openpty(PtySize {
                rows: launch.rows,
                cols: launch.cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pseudo-terminal");
        let mut cmd = CommandBuilder::new(launch.program);
        cmd.args(&launch.args);
        cmd.env("NO_COLOR", "1");
        cmd.env("TERM", "xterm-256color");
        cmd.env("ENTSCOPE", BIN);
        cmd.env(
            "XDG_CACHE_HOME",
            std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("cache"),
        );
        for (key, value) in &launch.env {
            cmd.env(key, value);
        }
        if let Some(cwd) = launch.cwd {
            cmd.cwd(cwd);
        }
        let child = pair.slave.spawn_command(cmd).expect("spawn");
        drop(pair.slave);
        let writer = pair.master.take_writer().expect("writer");
        let (output, reading) = read_until_closed(pair.master.as_ref(), Arc::clone(&closed));
        Session {
            parser: vt100::Parser::new(
                std::num::NonZeroU16::new(launch.rows).expect("rows"),
                std::num::NonZeroU16::new(launch.cols).expect("cols"),
                0,
            ),
            output,
            writer: Some(writer),
            child,
            master: Some(pair.master),
            closed,
            reading: Some(reading),
            state: None,
        }
    }

    /// The explorer on the bundled article; afterwards the shell reports the
    /// exit code and the terminal modes.
    pub fn explorer(args: &str, cols: u16, rows: u16) -> Session {
        Session::shell(&format!("\"$ENTSCOPE\" {args}; {REPORT}"), cols, rows)
    }

    pub fn pump(&mut self, timeout: Duration) {
        if let Ok(bytes) = self.output.recv_timeout(timeout) {
            self.parser.process(&bytes);
            while let Ok(more) = self.output.try_recv() {
                self.parser.process(&more);
            }
        }
    }

    pub fn screen(&self) -> String {
        self.parser.screen().contents()
    }

    /// Waits until the screen contains `text`; fails with the screen if not.
    pub fn wait_for(&mut self, text: &str) {
        let start = Instant::now();
        while !self.screen().contains(text) {
            assert!(
                start.elapsed() < WAIT,
                "waited for {text:?}; the screen shows:\n{}",
                self.screen()
            );
            self.pump(Duration::from_millis(50));
        }
    }

    /// Types `keys`. Nothing waits here: a test waits for what the keys
    /// show ([`Session::wait_for`]) before it relies on them.
    pub fn send(&mut self, keys: &str) {
        let writer = self.writer.as_mut().expect("the terminal is open");
        writer.write_all(keys.as_bytes()).expect("write keys");
        writer.flush().expect("flush keys");
    }

    /// Resizes the terminal, as dragging a window's corner does: the
    /// program gets SIGWINCH and the emulator takes the new size.
    pub fn resize(&mut self, cols: u16, rows: u16) {
        self.master
            .as_ref()
            .expect("the terminal is open")
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("resize");
        self.parser.set_size(
            std::num::NonZeroU16::new(rows).expect("rows"),
            std::num::NonZeroU16::new(cols).expect("cols"),
        );
    }

    /// The process id of the program started (the session leader).
    pub fn pid(&self) -> u32 {
        self.child.process_id().expect("a process id")
    }

    /// Closes the terminal's master side, as closing a terminal window, a
    /// killed tmux session or a dropped SSH connection does.
    pub fn hang_up(&mut self) {
        self.closed.store(true, Ordering::Relaxed);
        self.writer = None;
        // The reader lets go of its copy within a poll's time; then the
        // master's last copy goes, and the terminal is closed.
        if let Some(reading) = self.reading.take() {
            let _ = reading.join();
        }
        self.master = None;
    }

    /// Waits up to `limit` for the program started to end, reaping it.
    pub fn wait_exit(&mut self, limit: Duration) -> Option<ExitStatus> {
        let start = Instant::now();
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            if start.elapsed() >= limit {
                return None;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Kills every process of the session's process group, then reaps the
    /// one started.
    fn kill_all(&mut self) {
        if let Some(group) = rustix::process::Pid::from_raw(self.pid() as i32) {
            let _ = rustix::process::kill_process_group(group, rustix::process::Signal::KILL);
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        self.hang_up();
        if self.wait_exit(Duration::from_secs(2)).is_none() {
            self.kill_all();
        } else if let Some(group) = rustix::process::Pid::from_raw(self.pid() as i32) {
            // Anything the program left in its group goes too.
            let _ = rustix::process::kill_process_group(group, rustix::process::Signal::KILL);
        }
    }
}

/// The ids of running processes of this build's binary whose command line
/// holds `marker` (a test's own temporary path).
pub fn running_with(marker: &str) -> Vec<u32> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| {
            let cmdline = std::fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
            let cmdline = String::from_utf8_lossy(&cmdline);
            let state = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
            // A zombie has ended; only its parent's wait is missing.
            let zombie = state
                .rsplit_once(") ")
                .is_some_and(|(_, rest)| rest.starts_with('Z'));
            cmdline.contains(BIN) && cmdline.contains(marker) && !zombie
        })
        .collect()
}
