//! What a failed command hands the page: one readable sentence.

use serde::{Serialize, Serializer};

/// A command's failure, serialized as the message the page shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommandError(pub String);

impl std::fmt::Display for CommandError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for CommandError {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl From<mahres_core::Error> for CommandError {
    fn from(err: mahres_core::Error) -> Self {
        Self(err.to_string())
    }
}

impl From<String> for CommandError {
    fn from(message: String) -> Self {
        Self(message)
    }
}

pub type CommandResult<T> = Result<T, CommandError>;
