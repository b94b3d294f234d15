//! # relgraph
//!
//! Finds companies, products, hardware and people in text with dictionaries (a gazetteer compiled
//! to Aho-Corasick automata) and pattern recognisers, links them with relations found by rule
//! packs compiled to `regex`, and builds a knowledge graph.
//!
//! The pipeline, one module a stage: load ([`dictionary`], [`rules`]) -> compile ([`gazetteer`]) ->
//! match ([`normalize`], [`segment`], patterns) -> resolve ([`Extractor`]) -> relate ([`relate`]) ->
//! graph.
//!
//! ```
//! use relgraph::Extractor;
//!
//! let extractor = Extractor::default(); // embedded dictionaries and rule packs
//! let doc = extractor.extract("Satya Nadella, CEO of Microsoft, announced a partnership with OpenAI.");
//! assert!(doc.entity("satya_nadella").is_some());
//! assert!(doc.has_relation("satya_nadella", "works_for", "microsoft"));
//! // Offsets are byte offsets into the text.
//! let m = &doc.entity("openai").unwrap().mentions[0];
//! assert_eq!(&"Satya Nadella, CEO of Microsoft, announced a partnership with OpenAI."[m.start..m.end], "OpenAI");
//! ```

mod ascii;
pub mod dictionary;
pub mod error;
pub mod eval;
mod extractor;
pub mod gazetteer;
pub mod graph;
mod lanes;
mod language;
pub mod model;
pub mod normalize;
mod parallel;
mod patterns;
pub mod relate;
pub mod rules;
pub mod segment;

pub use error::{Diagnostic, Error, Location, Result};
pub use extractor::{Extractor, ExtractorBuilder, Options, OverlapPolicy};
pub use model::{Document, Entity, EntityType, Evidence, Mention, Modality, Relation, Resolution, Source};
pub use rules::{RelationSchema, RuleLimits, RulePack};
