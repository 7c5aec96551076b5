//! The fake API as a stateful stand-in: resources kept across calls, jobs
//! that make their changes, seeds, and the rules a test gives it.

mod rules;
mod state;
