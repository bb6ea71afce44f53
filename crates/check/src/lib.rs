//! Loading, rules and diagnostics for the Western Balkans defence dataset.
//!
//! A library with no printing policy: [`engine::run`] gives a [`Report`];
//! the emitters in [`emit`] render it; the `xtask` binary decides what to
//! print and how to exit.

pub mod diagnostic;
pub mod emit;
pub mod engine;
pub mod fx;
pub(crate) mod group;
pub mod hash;
pub mod interval;
pub mod layout;
pub mod loader;
pub mod model;
pub mod rates;
pub mod rules;
pub(crate) mod series;
pub mod yaml;

pub use diagnostic::{Diagnostic, Severity};
pub use engine::{Options, Report, run};
