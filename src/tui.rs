//! The terminal: a guard that restores it on every way out (quit, error,
//! panic), and the blocking event loop: read event → keymap → action →
//! update → draw.

use std::io::{self, Stdout, Write};

use crossterm::event::{self, DisableMouseCapture, EnableMouseCapture};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;

use crate::app::App;
use crate::formats::Loaded;
use crate::keymap::action_for;
use crate::ui;

/// Options for the interactive explorer.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub mouse: bool,
    pub color: bool,
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

/// Runs the explorer until the reader quits.
pub fn run(loaded: Loaded, options: Options) -> io::Result<()> {
    let _guard = TerminalGuard::enter(options.mouse)?;
    let mut terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
    let size = terminal.size()?;
    let mut app = App::new(loaded, Rect::new(0, 0, size.width, size.height));
    app.mouse = options.mouse;
    app.color = options.color;
    event_loop(&mut terminal, &mut app)
}

fn event_loop(terminal: &mut Terminal<CrosstermBackend<Stdout>>, app: &mut App) -> io::Result<()> {
    let mut mouse_on = app.mouse;
    terminal.draw(|frame| ui::draw(frame, app))?;
    let mut dirty = false;
    while app.running {
        let event = event::read()?;
        if let Some(action) = action_for(app, &event) {
            app.update(action);
            dirty = true;
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
            terminal.draw(|frame| ui::draw(frame, app))?;
            dirty = false;
        }
    }
    Ok(())
}
