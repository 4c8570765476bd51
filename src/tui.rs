//! The terminal: a guard that restores it on every way out (quit, error,
//! panic, SIGTERM/SIGINT/SIGHUP/SIGQUIT), and the event loop: read event →
//! keymap → action → update → draw.

use std::io::{self, Stdout, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use crate::geometry::Rect;
use crossterm::event::{self, DisableMouseCapture, EnableMouseCapture};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use crate::app::App;
use crate::formats::Loaded;
use crate::ui;

/// Options for the interactive explorer.
#[derive(Debug, Clone)]
pub struct Options {
    pub mouse: bool,
    pub color: bool,
    /// Open at this paragraph (`--at`, `+N`), numbered from 1.
    pub at: Option<usize>,
    /// Open on this entity (`--entity`).
    pub entity: Option<crate::model::EntityId>,
    /// The key under which the place is remembered between runs, if it is.
    pub remember: Option<String>,
}

/// Puts the terminal back as it was. Safe to call more than once.
fn restore_terminal() {
    let _ = disable_raw_mode();
    let mut out = io::stdout();
    let _ = execute!(
        out,
        DisableMouseCapture,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
    let _ = out.flush();
}

/// Raw mode and the alternate screen for as long as it lives.
struct TerminalGuard;

impl TerminalGuard {
    fn enter(mouse: bool) -> io::Result<Self> {
        // Restore before the panic message prints, so it is readable.
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore_terminal();
            previous(info);
        }));
        enable_raw_mode()?;
        let guard = TerminalGuard;
        execute!(io::stdout(), EnterAlternateScreen, crossterm::cursor::Hide)?;
        if mouse {
            execute!(io::stdout(), EnableMouseCapture)?;
        }
        Ok(guard)
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore_terminal();
    }
}

/// How the explorer ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Exit {
    /// The reader quit.
    Quit,
    /// A signal asked it to stop (its number); the terminal was restored.
    /// Unsaved edits were kept, if there were any: where, or why not.
    Signal(i32, Option<Result<std::path::PathBuf, String>>),
}

/// The signals that end the explorer: each is caught so the terminal is
/// restored (raw mode, alternate screen, mouse reporting, cursor) first.
const STOP_SIGNALS: [i32; 4] = [
    signal_hook::consts::SIGTERM,
    signal_hook::consts::SIGINT,
    signal_hook::consts::SIGHUP,
    signal_hook::consts::SIGQUIT,
];

/// How often the loop looks for a caught signal while no input comes.
const SIGNAL_CHECK: Duration = Duration::from_millis(100);

/// Runs the explorer until the reader quits or a signal stops it.
pub fn run(loaded: Loaded, options: &Options, config: crate::config::Config) -> io::Result<Exit> {
    let caught = Arc::new(AtomicUsize::new(0));
    let mut registered = Vec::new();
    for signal in STOP_SIGNALS {
        registered.push(signal_hook::flag::register_usize(
            signal,
            Arc::clone(&caught),
            signal as usize,
        )?);
    }
    let result = (|| {
        let _guard = TerminalGuard::enter(options.mouse)?;
        let mut terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
        let size = terminal.size()?;
        let mut app = App::new(loaded, Rect::new(0, 0, size.width, size.height));
        app.mouse = options.mouse;
        app.color = options.color;
        app.keymap = config.keymap;
        app.set_view(config.view);
        app.can_copy = std::env::var("TERM").is_ok_and(|t| !t.is_empty() && t != "dumb");
        let recalled = options.remember.as_deref().and_then(crate::state::recall);
        match (options.at, options.entity, recalled) {
            (None, None, Some(place)) => app.return_to(&place),
            (at, entity, _) => {
                if let Some(e) = entity {
                    app.go_to_entity(e);
                }
                if let Some(n) = at {
                    app.open_at(n);
                }
            }
        }
        let mut exit = event_loop(&mut terminal, &mut app, &caught, &config.palette);
        if let Some(key) = &options.remember {
            crate::state::remember(key, app.place());
        }
        // Stopped with edits unsaved: kept beside the file, not lost.
        if let Ok(Exit::Signal(_, rescued)) = &mut exit
            && app.history.unsaved() > 0
        {
            *rescued = Some(crate::formats::curated::rescue(&app.target, &app.model));
        }
        exit
    })();
    for id in registered {
        signal_hook::low_level::unregister(id);
    }
    result
}

/// Asks the terminal to put `text` on the clipboard (OSC 52): it works over
/// SSH, and in tmux with `set-clipboard on`.
fn copy_to_clipboard(text: &str) -> io::Result<()> {
    use base64::Engine as _;
    let encoded = base64::engine::general_purpose::STANDARD.encode(text);
    let mut out = io::stdout();
    write!(out, "\x1b]52;c;{encoded}\x07")?;
    out.flush()
}

fn event_loop(
    terminal: &mut Terminal<CrosstermBackend<Stdout>>,
    app: &mut App,
    caught: &AtomicUsize,
    palette: &ui::theme::Palette,
) -> io::Result<Exit> {
    let mut mouse_on = app.mouse;
    terminal.draw(|frame| ui::draw_with(frame, app, palette))?;
    let mut dirty = false;
    while app.running {
        let signal = caught.load(Ordering::Relaxed);
        if signal != 0 {
            return Ok(Exit::Signal(signal as i32, None));
        }
        if !event::poll(SIGNAL_CHECK)? {
            continue;
        }
        let event = event::read()?;
        if let Some(action) = app.keymap.action_for(app, &event) {
            app.update(action);
            dirty = true;
            if let Some(text) = app.clipboard.take() {
                copy_to_clipboard(&text)?;
            }
            if app.mouse != mouse_on {
                mouse_on = app.mouse;
                if mouse_on {
                    execute!(io::stdout(), EnableMouseCapture)?;
                } else {
                    execute!(io::stdout(), DisableMouseCapture)?;
                }
            }
            if let crate::app::Action::Resize { .. } = action {
                terminal.autoresize()?;
            }
        }
        // Draw once no more input is waiting, so key repeat never lags; an
        // event without an action (a mouse release) must not swallow the
        // draw an earlier one deferred.
        if dirty && app.running && !event::poll(std::time::Duration::ZERO)? {
            terminal.draw(|frame| ui::draw_with(frame, app, palette))?;
            dirty = false;
        }
    }
    Ok(Exit::Quit)
}
