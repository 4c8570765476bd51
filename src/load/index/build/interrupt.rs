//! Stopping a build cleanly: the signal that stopped it, remembered for the
//! exit code, and the transaction left unwritten.

use rusqlite::Connection;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// The signal that stopped the last build, if one did (0: none).
pub(super) static STOPPED_BY: std::sync::atomic::AtomicI32 = std::sync::atomic::AtomicI32::new(0);

/// The signal that interrupted an index build in this process, if one did:
/// the process should end as that signal would have ended it.
pub fn stopped_by() -> Option<i32> {
    match STOPPED_BY.load(Ordering::Relaxed) {
        0 => None,
        signal => Some(signal),
    }
}

/// A signal while indexing (Ctrl-c, the terminal closed, a kill): the work
/// stops between two files, a long SQL step is cut short, and the previous
/// index is left as it was, with no temporary file behind.
pub(super) struct Interrupt {
    pub(super) flag: Arc<AtomicBool>,
    pub(super) sql: Arc<std::sync::Mutex<Vec<rusqlite::InterruptHandle>>>,
    pub(super) signals: Option<signal_hook::iterator::Handle>,
}

impl Interrupt {
    pub(super) fn start() -> Interrupt {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
        let flag = Arc::new(AtomicBool::new(false));
        let sql = Arc::new(std::sync::Mutex::new(
            Vec::<rusqlite::InterruptHandle>::new(),
        ));
        let signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP, SIGQUIT])
            .ok()
            .and_then(|mut signals| {
                let handle = signals.handle();
                let (flag, sql) = (Arc::clone(&flag), Arc::clone(&sql));
                std::thread::Builder::new()
                    .name("interrupt".into())
                    .spawn(move || {
                        for signal in signals.forever() {
                            STOPPED_BY.store(signal, Ordering::Relaxed);
                            flag.store(true, Ordering::Relaxed);
                            if let Ok(sql) = sql.lock() {
                                for statement in sql.iter() {
                                    statement.interrupt();
                                }
                            }
                        }
                    })
                    .ok()
                    .map(|_| handle)
            });
        Interrupt { flag, sql, signals }
    }

    /// Cuts short what `conn` is doing when a signal comes.
    pub(super) fn watch(&self, conn: &Connection) {
        if let Ok(mut sql) = self.sql.lock() {
            sql.push(conn.get_interrupt_handle());
        }
    }
}

impl Drop for Interrupt {
    fn drop(&mut self) {
        if let Some(signals) = &self.signals {
            signals.close();
        }
    }
}
