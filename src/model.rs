//! The data the extractor returns: entities with their mentions, relations with their evidence.
//! Every type serialises with serde; the JSON Lines output of the CLI is [`Document`] as JSON.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// Top-level entity type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[non_exhaustive]
pub enum EntityType {
    /// A company or organisation.
    Company,
    /// Software, a service, an AI model, a format.
    Product,
    /// A chip, device, system or network.
    Hardware,
    /// A person.
    Person,
}

impl EntityType {
    /// All types, in a stable order.
    pub const ALL: [EntityType; 4] = [EntityType::Company, EntityType::Product, EntityType::Hardware, EntityType::Person];

    /// Parses `Company`, `Product`, `Hardware` or `Person` (case-insensitive).
    pub fn parse(s: &str) -> Option<Self> {
        match s.to_ascii_lowercase().as_str() {
            "company" => Some(EntityType::Company),
            "product" => Some(EntityType::Product),
            "hardware" => Some(EntityType::Hardware),
            "person" => Some(EntityType::Person),
            _ => None,
        }
    }

    /// The name used in files and output.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Company => "Company",
            EntityType::Product => "Product",
            EntityType::Hardware => "Hardware",
            EntityType::Person => "Person",
        }
    }

    /// A one-letter code (used in the relation rules' sentence view).
    pub(crate) fn code(self) -> char {
        match self {
            EntityType::Company => 'C',
            EntityType::Product => 'P',
            EntityType::Hardware => 'H',
            EntityType::Person => 'N',
        }
    }
}

impl fmt::Display for EntityType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What found an entity or mention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Source {
    /// A dictionary form.
    Dictionary,
    /// A pattern recogniser (model numbers, legal forms, role constructions).
    Pattern,
    /// A short form or acronym introduced earlier in the same document.
    Alias,
    /// The maker's name at the start of a product form ("AMD" in "AMD EPYC").
    Maker,
}

/// One occurrence of an entity in the text. Offsets are byte offsets into the original text,
/// half-open.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    /// Start byte offset.
    pub start: usize,
    /// End byte offset (exclusive).
    pub end: usize,
    /// `text[start..end]`.
    pub text: String,
    /// Index of the sentence it is in.
    pub sentence: usize,
    /// What found it.
    pub source: Source,
}

/// An entity of one document: one per canonical id, with all its mentions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// Canonical id (dictionary id, or a slug of the name for pattern-found entities).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Top-level type.
    #[serde(rename = "type")]
    pub entity_type: EntityType,
    /// Finer kind, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// What found it first.
    pub source: Source,
    /// Confidence in [0, 1]: 1.0 for dictionary entities, lower for patterns.
    pub confidence: f32,
    /// Known names of the entity (dictionary forms, or the forms seen for pattern entities).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// Attributes from the dictionary (maker, ticker, ...).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, String>,
    /// Every mention, in text order.
    pub mentions: Vec<Mention>,
}

/// Whether a relation is stated, hedged or denied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Modality {
    /// Stated as fact.
    #[default]
    Asserted,
    /// Planned, possible, rumoured ("plans to", "may", "talks to acquire").
    Hedged,
    /// Denied or negated ("denied", "will not", "non").
    Negated,
}

/// How an argument of a relation was found when it is not named in the sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
#[non_exhaustive]
pub enum Resolution {
    /// A pronoun or description ("it", "the company") resolved to an earlier mention.
    Anaphor {
        /// Which argument: `head` or `tail`.
        argument: String,
        /// The words in the text.
        text: String,
    },
    /// The document's main subject, with no mention in the sentence ("This includes partnerships
    /// with AMD").
    ImpliedSubject {
        /// Which argument.
        argument: String,
    },
}

/// Why a relation was extracted: the sentence, the matched words and the rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// Start of the sentence (byte offset).
    pub start: usize,
    /// End of the sentence.
    pub end: usize,
    /// The sentence.
    pub text: String,
    /// Start of the words the rule matched.
    pub match_start: usize,
    /// End of the words the rule matched.
    pub match_end: usize,
    /// The rule id (`en.acquires.active`).
    pub rule: String,
    /// Index of the sentence.
    pub sentence: usize,
    /// Set when an argument was not named in the sentence.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resolutions: Vec<Resolution>,
}

/// A relation between two entities of one document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Relation {
    /// Entity id of the head (subject).
    pub head: String,
    /// The label (`acquires`).
    pub relation: String,
    /// Entity id of the tail (object).
    pub tail: String,
    /// Asserted, hedged or negated.
    pub modality: Modality,
    /// Confidence in [0, 1].
    pub confidence: f32,
    /// Attributes: `amount`, `currency`, `year`, `role`, ...
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, String>,
    /// Every piece of evidence, in text order.
    pub evidence: Vec<Evidence>,
}

/// The result for one document: the JSON Lines record of `relgraph extract`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// The document's name (path or JSONL id).
    pub document: String,
    /// Detected language code (`en`, `it`).
    pub language: String,
    /// Entities, in order of first mention.
    pub entities: Vec<Entity>,
    /// Relations, in order of first evidence (negated ones only with `include_negated`).
    pub relations: Vec<Relation>,
    /// Relations the text denies ("X denied it would buy Y"): reported, kept out of `relations` and
    /// of the graph by default.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub negated_relations: Vec<Relation>,
    /// Sentence spans (byte offsets).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sentences: Vec<(usize, usize)>,
}

impl Document {
    /// The entity with this id.
    pub fn entity(&self, id: &str) -> Option<&Entity> {
        self.entities.iter().find(|e| e.id == id)
    }

    /// Whether a relation `head -label-> tail` was found (either direction for symmetric labels).
    pub fn has_relation(&self, head: &str, label: &str, tail: &str) -> bool {
        self.relations.iter().any(|r| {
            r.relation == label
                && (r.head == head && r.tail == tail || crate::relate::is_symmetric(label) && r.head == tail && r.tail == head)
        })
    }
}
