//! Tests for the foundation.
