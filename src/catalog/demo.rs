//! The bundled example catalog for `shopctl demo`.
