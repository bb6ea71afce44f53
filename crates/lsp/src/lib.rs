//! A language server for the dataset: every rule's findings on the open
//! buffers while a maintainer types, hover documentation, go to
//! definition, find references, completion of ids, rule codes and enum
//! values, and code actions (the schema modeline, an `allow` skeleton).
//!
//! It speaks LSP over stdio with `lsp-server`'s message types and its own
//! framing ([`transport`]), which answers malformed messages with an error
//! instead of closing the connection. See docs/EDITORS.md.

pub mod client;
pub mod doc;
pub mod features;
pub mod server;
pub mod text;
pub mod transport;
pub mod uri;

pub use server::{Config, serve};
