//! Loading: what is asked for (files, folders, an index, the bundled
//! article), read into a model, with what the load had to say.

pub use crate::formats::Loaded;

/// What a load had to say, as lines for the document list: documents
/// refused, lines skipped, warnings, and files passed over.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LoadNotes {
    /// "read 11 of 12 documents; 1 refused, 3 lines skipped", kept in the
    /// status line for the whole session when anything was lost.
    pub loss: Option<String>,
    pub refused: Vec<String>,
    /// Lines skipped for errors, and warnings.
    pub problems: Vec<String>,
    pub passed_over: Vec<String>,
}

impl LoadNotes {
    pub fn of(loaded: &Loaded) -> Self {
        let lines = |list: &[crate::formats::Problem]| {
            list.iter().map(std::string::ToString::to_string).collect()
        };
        LoadNotes {
            loss: loaded.loss(),
            refused: lines(&loaded.refused),
            problems: lines(&loaded.problems),
            passed_over: lines(&loaded.passed_over),
        }
    }

    pub fn len(&self) -> usize {
        self.refused.len() + self.problems.len() + self.passed_over.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The sections of the document list: a heading and its lines.
    pub fn sections(&self) -> [(&'static str, &[String]); 3] {
        [
            ("Refused", &self.refused),
            ("Problems (lines skipped, warnings)", &self.problems),
            ("Passed over", &self.passed_over),
        ]
    }
}
