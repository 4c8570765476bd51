//! What is wrong with an input: the file, the place in it (a line, a
//! column, a JSON path) and the message, an error or a warning. Every
//! reader reports through these, and every command prints them the same
//! way, input quoted visibly.

use std::fmt;

/// Where in a file a problem is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// The file as a whole.
    File,
    /// A line, one-based.
    Line(usize),
    /// A line and column, both one-based.
    LineColumn(usize, usize),
    /// A path into a JSON value, such as `entities[3].id`.
    JsonPath(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

/// One thing wrong with an input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    pub place: Place,
    pub severity: Severity,
    pub message: String,
}

impl Problem {
    pub fn error(file: impl Into<String>, place: Place, message: impl Into<String>) -> Self {
        Problem {
            file: file.into(),
            place,
            severity: Severity::Error,
            message: message.into(),
        }
    }

    pub fn warning(file: impl Into<String>, place: Place, message: impl Into<String>) -> Self {
        Problem {
            severity: Severity::Warning,
            ..Problem::error(file, place, message)
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // File names and messages quote input: neither reaches a terminal raw.
        let file = crate::display::visible(&self.file);
        match &self.place {
            Place::File => write!(f, "{file}: ")?,
            Place::Line(line) => write!(f, "{file}:{line}: ")?,
            Place::LineColumn(line, column) => write!(f, "{file}:{line}:{column}: ")?,
            Place::JsonPath(path) => write!(f, "{file}: {}: ", crate::display::visible(path))?,
        }
        if self.severity == Severity::Warning {
            f.write_str("warning: ")?;
        }
        // Problems quote document text; keep it on one visible line.
        f.write_str(&crate::display::visible(&self.message))
    }
}

/// Problems found while loading; at least one is an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problems(pub Vec<Problem>);

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Problems {}

impl From<Problem> for Problems {
    fn from(p: Problem) -> Self {
        Problems(vec![p])
    }
}
