//! Errors: a located diagnostic for dictionary and rule files, and the crate error type.

use std::fmt;
use std::path::PathBuf;

/// A place in a source file, 1-based line and column (columns count characters).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Location {
    /// File path, or a name such as `<builtin>/companies.dict` for embedded data.
    pub path: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.path, self.line, self.column)
    }
}

/// One problem found while loading a dictionary or rule file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Diagnostic {
    /// Where it is.
    pub location: Location,
    /// What is wrong, in one line.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

impl Diagnostic {
    pub(crate) fn new(path: &str, line: usize, column: usize, message: impl Into<String>) -> Self {
        Diagnostic { location: Location { path: path.to_string(), line, column }, message: message.into() }
    }
}

/// The error type of the crate.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Dictionary or rule files had errors; every one of them is listed, as `path:line:column: message`.
    #[error("{} error(s) loading dictionaries or rules:\n{}", .0.len(), DiagnosticList(.0))]
    Load(Vec<Diagnostic>),
    /// A file could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// A compiled automaton or regex exceeded a limit or could not be built.
    #[error("{0}")]
    Build(String),
    /// A graph file could not be read back.
    #[error("graph: {0}")]
    Graph(String),
}

struct DiagnosticList<'a>(&'a [Diagnostic]);

impl fmt::Display for DiagnosticList<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "  {d}")?;
        }
        Ok(())
    }
}

impl Error {
    /// The located diagnostics of a [`Error::Load`], empty for other kinds.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            Error::Load(d) => d,
            _ => &[],
        }
    }
}

/// Shorthand for results of this crate.
pub type Result<T> = std::result::Result<T, Error>;
