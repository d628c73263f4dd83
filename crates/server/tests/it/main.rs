//! The server driven through its router on the small demo province.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers: a failure should stop the test where it happens

mod basics;
mod credentials;
mod eligibility;
mod evaluations;
mod imports;
mod matrix;
mod monitoring;
mod places;
mod relatedness;
mod risk;
mod support;
mod trail;
mod ui;
