//! The catalog: products (one per SKU), variants grouped by `group`, stock and images.
