//! The fake API as a stateful stand-in: resources kept across calls, jobs
//! that make their changes, seeds, the rules a test gives it, several
//! accounts, and its chaos mode.

mod accounts;
mod chaos;
mod rules;
mod state;
