//! The terminal: a guard that restores it on every way out (quit, error,
//! panic, SIGTERM/SIGINT/SIGHUP/SIGQUIT), and the event loop: input →
//! keymap → action → update → draw.
//!
//! The loop waits on one channel fed by three threads, so nothing it waits
//! for can keep it from a signal: crossterm's reader; a signal watcher; and
//! a watcher that notices the terminal going away. The last is needed
//! because crossterm's reader retries for ever on end of input or a read
//! error (crossterm issue #793): a closed terminal window, a killed tmux
//! session or a dropped SSH connection would otherwise leave the explorer
//! spinning, deaf to every signal, with the reader's edits lost.

use std::io::{self, Stdout, Write};
use std::os::fd::AsFd;
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender, channel};

use crate::app::geometry::Rect;
use crossterm::event::{self, DisableMouseCapture, EnableMouseCapture, Event};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use signal_hook::consts::{SIGCONT, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP, SIGWINCH};

use crate::app::{App, Effect};
use crate::load::Loaded;
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

/// Raw mode, the alternate screen and (if asked) mouse reporting.
fn enter_terminal(mouse: bool) -> io::Result<()> {
    enable_raw_mode()?;
    execute!(io::stdout(), EnterAlternateScreen, crossterm::cursor::Hide)?;
    if mouse {
        execute!(io::stdout(), EnableMouseCapture)?;
    }
    Ok(())
}

/// Raw mode and the alternate screen for as long as it lives; restored when
/// it is dropped, unless the terminal is gone (there is nothing to restore,
/// and writing to it would only fail).
struct TerminalGuard {
    restore: bool,
}

impl TerminalGuard {
    fn enter(mouse: bool) -> io::Result<Self> {
        // Restore before the panic message prints, so it is readable.
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore_terminal();
            previous(info);
        }));
        let guard = TerminalGuard { restore: true };
        enter_terminal(mouse)?;
        Ok(guard)
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        if self.restore {
            restore_terminal();
        }
    }
}

/// How the explorer ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Exit {
    /// The reader quit.
    Quit,
    /// A signal stopped it, or the terminal went away (reported as SIGHUP,
    /// as a shell would be told).
    Stopped(Stopped),
}

/// What stopped the explorer, and what became of unsaved edits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stopped {
    /// The signal's number (SIGHUP when the terminal went away).
    pub signal: i32,
    /// The terminal is gone: it was left alone, and nothing more can be
    /// shown on it.
    pub terminal_gone: bool,
    /// Unsaved edits were kept, if there were any: where, or why not.
    pub rescued: Option<Result<PathBuf, String>>,
}

impl Stopped {
    /// The exit code a shell gives a process a signal ended: 128 + its number.
    pub fn code(&self) -> i32 {
        128 + self.signal
    }
}

/// The signals that end the explorer: each is caught so the terminal is
/// restored (raw mode, alternate screen, mouse reporting, cursor) first.
const STOP_SIGNALS: [i32; 4] = [SIGTERM, SIGINT, SIGHUP, SIGQUIT];

/// What reaches the event loop.
enum Input {
    Event(Event),
    Signal(i32),
    /// The terminal is gone: hung up, at end of input, or unreadable.
    Lost,
}

/// The threads that feed the event loop, until it ends.
struct Inputs {
    receiver: Receiver<Input>,
    signals: signal_hook::iterator::Handle,
}

impl Inputs {
    fn start() -> io::Result<Inputs> {
        let (sender, receiver) = channel();
        let mut signals = signal_hook::iterator::Signals::new(
            STOP_SIGNALS
                .iter()
                .chain(&[SIGTSTP, SIGCONT, SIGWINCH])
                .copied(),
        )?;
        let handle = signals.handle();
        let to_loop = sender.clone();
        std::thread::Builder::new()
            .name("signals".into())
            .spawn(move || {
                for signal in signals.forever() {
                    // A resize is told here too: the terminal library can
                    // miss one that comes with a key, and say it only at
                    // the next resize.
                    let input = match signal {
                        SIGWINCH => match crossterm::terminal::size() {
                            Ok((width, height)) => Input::Event(Event::Resize(width, height)),
                            Err(_) => continue,
                        },
                        _ => Input::Signal(signal),
                    };
                    if to_loop.send(input).is_err() {
                        break;
                    }
                }
            })?;
        watch_for_hangup(sender.clone())?;
        // The terminal's events are listened for from here on, SIGWINCH
        // among them: a resize after this is reported, one before it is in
        // the size read next. (The input thread would listen only once it
        // first reads, and a resize before then would be lost.)
        event::poll(std::time::Duration::ZERO)?;
        std::thread::Builder::new()
            .name("input".into())
            .spawn(move || {
                loop {
                    let input = match event::read() {
                        Ok(event) => Input::Event(event),
                        Err(_) => Input::Lost,
                    };
                    let lost = matches!(input, Input::Lost);
                    if sender.send(input).is_err() || lost {
                        break;
                    }
                }
            })?;
        Ok(Inputs {
            receiver,
            signals: handle,
        })
    }
}

impl Drop for Inputs {
    fn drop(&mut self) {
        self.signals.close();
    }
}

/// The file descriptor the terminal is read from, as crossterm chooses it:
/// standard input when it is a terminal, `/dev/tty` otherwise.
fn terminal_input() -> io::Result<Box<dyn AsFd + Send>> {
    use std::io::IsTerminal;
    if io::stdin().is_terminal() {
        Ok(Box::new(io::stdin()))
    } else {
        Ok(Box::new(std::fs::File::open("/dev/tty")?))
    }
}

/// Whether the terminal has gone away (hung up, or its other side closed),
/// asking without waiting.
fn terminal_gone() -> bool {
    terminal_input().map_or(true, |tty| {
        hung_up(&*tty, Some(&rustix::event::Timespec::default())).unwrap_or(true)
    })
}

/// Waits (for ever with no timeout) until the terminal hangs up: true if it
/// did, false if the time ran out.
fn hung_up(tty: &dyn AsFd, timeout: Option<&rustix::event::Timespec>) -> io::Result<bool> {
    use rustix::event::{PollFd, PollFlags};
    loop {
        // No events asked for: poll still reports a hangup and errors.
        let mut fds = [PollFd::from_borrowed_fd(tty.as_fd(), PollFlags::empty())];
        match rustix::event::poll(&mut fds, timeout) {
            Ok(_) => {
                let seen = fds[0].revents();
                return Ok(seen.intersects(PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL));
            }
            Err(rustix::io::Errno::INTR) => {}
            Err(e) => return Err(e.into()),
        }
    }
}

/// A thread that says when the terminal goes away.
fn watch_for_hangup(sender: Sender<Input>) -> io::Result<()> {
    let tty = terminal_input()?;
    std::thread::Builder::new()
        .name("hangup".into())
        .spawn(move || {
            loop {
                if let Ok(false) = hung_up(&*tty, None) {
                    std::thread::sleep(std::time::Duration::from_millis(100));
                } else {
                    let _ = sender.send(Input::Lost);
                    return;
                }
            }
        })?;
    Ok(())
}

/// Runs the explorer until the reader quits, a signal stops it or the
/// terminal goes away. Stopped with edits unsaved, they are kept beside the
/// file they belong to.
pub fn run(loaded: Loaded, options: &Options, config: crate::config::Config) -> io::Result<Exit> {
    let inputs = Inputs::start()?;
    let mut guard = TerminalGuard::enter(options.mouse)?;
    let mut terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
    let size = terminal.size()?;
    let mut app = App::new(loaded, Rect::new(0, 0, size.width, size.height));
    app.settings.mouse = options.mouse;
    app.settings.color = options.color;
    app.settings.keymap = config.keymap;
    app.set_view(config.view);
    app.settings.can_copy = std::env::var("TERM").is_ok_and(|t| !t.is_empty() && t != "dumb");
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
    let exit = event_loop(&mut terminal, &mut app, &inputs.receiver, &config.palette);
    if let Ok(Exit::Stopped(stopped)) = &exit
        && stopped.terminal_gone
    {
        guard.restore = false;
    }
    // The guard shows the cursor; dropped, ratatui would try again and, on a
    // terminal that is gone, panic printing its failure to a standard error
    // that is gone too.
    std::mem::forget(terminal);
    drop(guard);
    drop(inputs);
    if let Some(key) = &options.remember {
        crate::state::remember(key, app.place());
    }
    let mut exit = exit?;
    // Stopped with edits unsaved: kept beside the file, not lost.
    if let Exit::Stopped(stopped) = &mut exit
        && app.curation.history.unsaved() > 0
    {
        let (model, _) = app.to_save();
        stopped.rescued = Some(crate::save::rescue(&app.curation.target, &model));
    }
    Ok(exit)
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

/// Does what the app asked of the terminal: a copy, the mouse on or off.
/// True when it asked to quit.
fn carry_out(effects: &[Effect], mouse_on: &mut bool) -> io::Result<bool> {
    for effect in effects {
        match effect {
            Effect::Copy(text) => copy_to_clipboard(text)?,
            Effect::Mouse(on) if *on != *mouse_on => {
                *mouse_on = *on;
                if *on {
                    execute!(io::stdout(), EnableMouseCapture)?;
                } else {
                    execute!(io::stdout(), DisableMouseCapture)?;
                }
            }
            Effect::Mouse(_) => {}
            Effect::Quit => return Ok(true),
        }
    }
    Ok(false)
}

/// Stopped by the terminal going away.
fn lost() -> Exit {
    Exit::Stopped(Stopped {
        signal: SIGHUP,
        terminal_gone: true,
        rescued: None,
    })
}

/// A failed write to the terminal: the terminal went away, or an error.
fn terminal_error(e: io::Error) -> io::Result<Exit> {
    if terminal_gone() { Ok(lost()) } else { Err(e) }
}

fn event_loop(
    terminal: &mut Terminal<CrosstermBackend<Stdout>>,
    app: &mut App,
    inputs: &Receiver<Input>,
    palette: &ui::theme::Palette,
) -> io::Result<Exit> {
    let mut mouse_on = app.settings.mouse;
    if let Err(e) = terminal.draw(|frame| ui::draw_with(frame, app, palette)) {
        return terminal_error(e);
    }
    loop {
        // Every sender gone means every watcher is: nothing can come.
        let Ok(mut input) = inputs.recv() else {
            return Ok(lost());
        };
        let mut dirty = false;
        // Draw once no more input is waiting, so key repeat never lags.
        loop {
            match input {
                Input::Event(event) => {
                    if let Some(action) = app.action_for(&event) {
                        dirty = true;
                        let effects = app.update(action);
                        let done = carry_out(&effects, &mut mouse_on).and_then(|quit| {
                            // After any resize the terminal may have lost what it
                            // showed (shrunk and grown back, it shows a blank where
                            // the panes were, at the size it had): all is drawn again.
                            if let crate::app::Action::Resize { .. } = action {
                                let size = terminal.size()?;
                                terminal.resize(ratatui::layout::Rect::new(
                                    0,
                                    0,
                                    size.width,
                                    size.height,
                                ))?;
                            }
                            Ok(quit)
                        });
                        match done {
                            Ok(true) => return Ok(Exit::Quit),
                            Ok(false) => {}
                            Err(e) => return terminal_error(e),
                        }
                    }
                }
                Input::Signal(SIGTSTP) => {
                    // Stopped (kill -TSTP, a job-control shell): the shell
                    // gets its terminal back as it was; the screen comes
                    // back on SIGCONT.
                    restore_terminal();
                    let _ = signal_hook::low_level::emulate_default_handler(SIGTSTP);
                }
                Input::Signal(SIGCONT) => {
                    // Back: raw mode, the alternate screen, the mouse, and a
                    // whole redraw. (`Terminal::clear` would ask the terminal
                    // where its cursor is, and the answer would go to the
                    // input thread: a blank frame does the same.)
                    let retaken = enter_terminal(mouse_on)
                        .and_then(|()| {
                            execute!(
                                io::stdout(),
                                crossterm::terminal::Clear(crossterm::terminal::ClearType::All)
                            )
                        })
                        .and_then(|()| terminal.draw(|_| {}).map(|_| ()));
                    if let Err(e) = retaken {
                        return terminal_error(e);
                    }
                    dirty = true;
                }
                Input::Signal(signal) => {
                    // A hangup usually comes with the terminal already gone.
                    return Ok(Exit::Stopped(Stopped {
                        signal,
                        terminal_gone: terminal_gone(),
                        rescued: None,
                    }));
                }
                Input::Lost => return Ok(lost()),
            }
            match inputs.try_recv() {
                Ok(next) => input = next,
                Err(_) => break,
            }
        }
        if dirty && let Err(e) = terminal.draw(|frame| ui::draw_with(frame, app, palette)) {
            return terminal_error(e);
        }
    }
}
