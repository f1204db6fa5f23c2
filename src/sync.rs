//! Sync: push the outbox in order, pull with one cursor per resource.
