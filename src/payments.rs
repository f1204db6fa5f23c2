//! Payment methods and the market rules that say where each may be enabled.
