//! Real builds: compile tests of the public API (trybuild), the packages as
//! published, and crates built from edited copies of the spec.

mod areas;
mod compile;
mod inline;
mod packaging;
mod regeneration;
