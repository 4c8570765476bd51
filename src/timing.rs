//! Phase timing for measuring where a run's time goes: with
//! `ENTSCOPE_TIMING=1` in the environment, each phase prints its duration
//! to standard error when it ends. Otherwise every call is a cheap check.

use std::sync::Mutex;
use std::sync::OnceLock;
use std::time::Instant;

fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("ENTSCOPE_TIMING").is_some_and(|v| !v.is_empty()))
}

static LAST: Mutex<Option<Instant>> = Mutex::new(None);

/// Ends the phase called `name`: prints the time since the last phase ended
/// (or since the first call).
pub fn phase(name: &str) {
    if !enabled() {
        return;
    }
    let now = Instant::now();
    let mut last = LAST
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(then) = *last {
        eprintln!(
            "entscope: {name:>22} {:8.1} ms",
            now.duration_since(then).as_secs_f64() * 1e3
        );
    }
    *last = Some(now);
}
