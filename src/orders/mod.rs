//! Orders, their lines, the status machine and fulfilment.

pub mod status;
