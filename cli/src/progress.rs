//! How far long work is: on a terminal, one line drawn in place (step N of
//! M, the object, the job being waited for and how long it has run, as
//! "Still creating... [10s elapsed]"); otherwise plain lines, one per step
//! and per change of a job's state, that a log or a pipe keeps as written.

use crate::io::Io;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::time::Duration;

/// A line drawn in place on stderr, where it is a terminal (`None`
/// elsewhere: the caller writes plain lines, or nothing, as it did).
pub(crate) fn spinner(io: &Io) -> Option<ProgressBar> {
    io.err_is_terminal().then(|| {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        if let Ok(style) = ProgressStyle::with_template("{spinner} {wide_msg}") {
            bar.set_style(style);
        }
        bar.enable_steady_tick(Duration::from_millis(250));
        bar
    })
}

/// The progress of a number of steps.
pub(crate) struct Steps<'a> {
    io: &'a Io,
    bar: Option<ProgressBar>,
    total: usize,
    step: usize,
    what: String,
    shown: String,
}

impl<'a> Steps<'a> {
    /// Progress over `total` steps, drawn on stderr when it is a terminal.
    pub(crate) fn new(io: &'a Io, total: usize) -> Steps<'a> {
        let bar = io.err_is_terminal().then(|| {
            let bar = ProgressBar::with_draw_target(
                Some(u64::try_from(total).unwrap_or(u64::MAX)),
                ProgressDrawTarget::stderr(),
            );
            if let Ok(style) = ProgressStyle::with_template("{bar:20} {wide_msg}") {
                bar.set_style(style);
            }
            bar.enable_steady_tick(Duration::from_millis(250));
            bar
        });
        Steps {
            io,
            bar,
            total,
            step: 0,
            what: String::new(),
            shown: String::new(),
        }
    }

    /// The next step has started: `what` it is.
    pub(crate) fn started(&mut self, what: String) {
        self.step += 1;
        self.shown.clear();
        match &self.bar {
            Some(bar) => bar.set_message(format!("[{}/{}] {what}", self.step, self.total)),
            None => self.io.note(&format!("{what}...")),
        }
        self.what = what;
    }

    /// The step's job is in `state`, `elapsed` after it started.
    pub(crate) fn job(&mut self, state: &str, elapsed: Duration) {
        let seconds = elapsed.as_secs();
        match &self.bar {
            Some(bar) => bar.set_message(format!(
                "[{}/{}] {}: job {state} [{seconds}s elapsed]",
                self.step, self.total, self.what
            )),
            None if self.shown != state => {
                self.io
                    .note(&format!("  job: {state} [{seconds}s elapsed]"));
            }
            None => {}
        }
        state.clone_into(&mut self.shown);
    }

    /// The step is done.
    pub(crate) fn done(&self) {
        if let Some(bar) = &self.bar {
            bar.inc(1);
        }
    }
}

impl Drop for Steps<'_> {
    fn drop(&mut self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
