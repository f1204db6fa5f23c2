//! shopctl as a library: everything the command line does is usable without it.
#![deny(unsafe_code)]

pub mod catalog;
pub mod channel;
pub mod cli;
pub mod clock;
pub mod error;
pub mod files;
pub mod inbox;
pub mod messages;
pub mod model;
pub mod money;
pub mod orders;
pub mod output;
pub mod payments;
pub mod payouts;
pub mod provider;
pub mod refunds;
pub mod serve;
pub mod store;
pub mod sync;
