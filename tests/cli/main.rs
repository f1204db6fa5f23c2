//! Integration tests: the real shopctl binary on temporary shops.
//!
//! One test binary (modules below) so that 2-core CI links once.

mod support;

#[path = "../meta/double.rs"]
mod meta_double;

#[path = "../http_wire.rs"]
mod http_wire;

mod big_shop;
mod catalog;
mod chat;
mod chat_catalog;
mod config;
mod docs;
mod fidelity;
mod foundation;
mod fuzz;
mod guides;
mod help;
mod layering;
mod orders;
mod orders_stream;
mod output;
mod payouts;
mod razorpay;
mod refunds;
mod safety;
mod sandbox;
mod scripts;
mod serve;
mod stripe;
mod sync;
mod sync_batches;
mod webhooks;
mod whatsapp;
