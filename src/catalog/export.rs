//! `catalog export`: the catalog as CSV in one of the import dialects.
