//! Where the command line writes: the process's stdout and stderr, or
//! buffers (for running it in process, as the tests do).

use serde_json::Value;
use std::cell::RefCell;
use std::io::{IsTerminal, Write};
use std::rc::Rc;

/// The command line's output and error streams.
pub struct Io {
    out: RefCell<Box<dyn Write>>,
    err: RefCell<Box<dyn Write>>,
    terminal: bool,
    err_terminal: bool,
}

/// What was written to one buffer of [`Io::buffers`].
#[derive(Clone, Default)]
pub struct Buffer(Rc<RefCell<Vec<u8>>>);

impl Buffer {
    /// The text written so far.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.borrow()).into_owned()
    }
}

impl Write for Buffer {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Io {
    /// The process's stdout and stderr.
    pub fn std() -> Io {
        Io {
            terminal: std::io::stdout().is_terminal(),
            err_terminal: std::io::stderr().is_terminal(),
            out: RefCell::new(Box::new(std::io::stdout())),
            err: RefCell::new(Box::new(std::io::stderr())),
        }
    }

    /// Two buffers, for stdout and stderr; not a terminal.
    pub fn buffers() -> (Io, Buffer, Buffer) {
        let (out, err) = (Buffer::default(), Buffer::default());
        let io = Io {
            terminal: false,
            err_terminal: false,
            out: RefCell::new(Box::new(out.clone())),
            err: RefCell::new(Box::new(err.clone())),
        };
        (io, out, err)
    }

    /// Writes a line on stdout, flushed.
    ///
    /// # Errors
    ///
    /// When stdout cannot be written (a closed pipe).
    pub fn line(&self, text: &str) -> std::io::Result<()> {
        let mut out = self.out.borrow_mut();
        writeln!(out, "{text}")?;
        out.flush()
    }

    /// Whether stderr is the process's and a terminal, where progress may
    /// be drawn in place.
    pub fn err_is_terminal(&self) -> bool {
        self.err_terminal
    }

    /// Writes a line on stderr (a failure to is not reported: there is
    /// nowhere left to say so).
    pub fn note(&self, text: &str) {
        let _ = writeln!(self.err.borrow_mut(), "{text}");
    }

    /// Prints a value as `--output` says: JSON (pretty on a terminal), or a
    /// list as a table.
    ///
    /// # Errors
    ///
    /// When stdout cannot be written.
    pub fn print(&self, value: &Value, table: bool) -> std::io::Result<()> {
        let mut out = self.out.borrow_mut();
        crate::output::write(&mut *out, value, table, self.terminal)?;
        out.flush()
    }

    /// Writes bytes on stdout as they are.
    ///
    /// # Errors
    ///
    /// When stdout cannot be written.
    pub fn raw(&self, bytes: &[u8]) -> std::io::Result<()> {
        let mut out = self.out.borrow_mut();
        out.write_all(bytes)?;
        out.flush()
    }
}
