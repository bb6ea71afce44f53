//! Printing that cannot crash. `out!`/`outln!` write to standard output and
//! remember the first failure instead of panicking (as `println!` does);
//! [`finish`] turns it into the exit status: a closed pipe (`| head`,
//! `| true`) ends quietly with the command's own status, any other failure
//! (`> /dev/full`) is one line on stderr and exit 2, because the report the
//! user asked for was lost. `errln!` writes to stderr and ignores failures
//! (there is nowhere left to report them).

use std::fmt;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::sync::Mutex;

static FAILURE: Mutex<Option<std::io::Error>> = Mutex::new(None);

/// Writes to standard output unless an earlier write failed.
pub fn out(args: fmt::Arguments) {
    let Ok(mut failure) = FAILURE.lock() else { return };
    if failure.is_some() {
        return;
    }
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = stdout.write_fmt(args) {
        *failure = Some(e);
    }
}

/// Writes to standard error; a failure there is ignored.
pub fn err(args: fmt::Arguments) {
    let _ = std::io::stderr().lock().write_fmt(args);
}

/// Whether a write to standard output has failed (a loop printing many
/// lines can stop early).
pub fn failed() -> bool {
    FAILURE.lock().map(|f| f.is_some()).unwrap_or(true)
}

macro_rules! out {
    ($($t:tt)*) => { $crate::out::out(format_args!($($t)*)) };
}

macro_rules! outln {
    () => { $crate::out::out(format_args!("\n")) };
    ($($t:tt)*) => { $crate::out::out(format_args!("{}\n", format_args!($($t)*))) };
}

macro_rules! errln {
    ($($t:tt)*) => { $crate::out::err(format_args!("{}\n", format_args!($($t)*))) };
}

/// Flushes standard output and decides the exit status.
pub fn finish(code: ExitCode) -> ExitCode {
    if let Ok(mut failure) = FAILURE.lock() {
        if failure.is_none()
            && let Err(e) = std::io::stdout().lock().flush()
        {
            *failure = Some(e);
        }
        match failure.take() {
            None => code,
            Some(e) if e.kind() == std::io::ErrorKind::BrokenPipe => code,
            Some(e) => {
                err(format_args!("error: cannot write to standard output: {e}\n"));
                ExitCode::from(2)
            }
        }
    } else {
        code
    }
}

/// Whether to colour output going to a stream: only on a terminal, and
/// never when `NO_COLOR` is set to a non-empty value (no-color.org).
pub fn color(is_terminal: bool, no_color: Option<&std::ffi::OsStr>) -> bool {
    is_terminal && no_color.is_none_or(|v| v.is_empty())
}

/// [`color`] for standard output or standard error as they are now.
pub fn color_for_stdout() -> bool {
    color(std::io::stdout().is_terminal(), std::env::var_os("NO_COLOR").as_deref())
}

pub fn color_for_stderr() -> bool {
    color(std::io::stderr().is_terminal(), std::env::var_os("NO_COLOR").as_deref())
}

/// A safety net for code that still prints with `println!` (a command
/// module written elsewhere): its panic on a failed write becomes the same
/// exit as [`finish`] gives, never exit 101. Other panics are reported as
/// usual.
pub fn install_panic_guard() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let msg = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("");
        if msg.starts_with("failed printing to stdout") {
            if msg.contains("Broken pipe") {
                std::process::exit(0);
            }
            err(format_args!("error: cannot write to standard output: {}\n", msg.trim_start_matches("failed printing to stdout: ")));
            std::process::exit(2);
        }
        if msg.starts_with("failed printing to stderr") {
            std::process::exit(2);
        }
        default(info);
    }));
}

#[cfg(test)]
mod tests {
    use super::color;
    use std::ffi::OsStr;

    #[test]
    fn color_only_on_a_terminal_without_no_color() {
        assert!(color(true, None));
        assert!(color(true, Some(OsStr::new(""))));
        assert!(!color(true, Some(OsStr::new("1"))));
        assert!(!color(false, None));
    }
}
