//! Reads a record straight from its JSON bytes, keeping only the fields the program
//! reads: a tree of the field paths guides a serde `DeserializeSeed`, everything else is
//! checked for well-formedness and dropped. Strings without escapes stay borrowed.

use super::fields::{convert, convert_text, describe_json, missing, Absence};
use super::program::{FieldRead, StepKind};
use crate::value::Value;
use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::Value as Json;
use std::borrow::Cow;
use std::fmt;

/// A node of the tree of field paths the program reads; the root is the record.
#[derive(Debug, Default)]
pub struct FieldNode {
    /// Some read ends here: the whole value is kept.
    pub(crate) whole: bool,
    /// The steps taken from here, each with its node, in first-seen order.
    pub(crate) children: Vec<(StepKind, FieldNode)>,
}

impl FieldNode {
    /// Adds the path of `read` and stores in it the child positions along the way.
    pub(crate) fn add(&mut self, read: &mut FieldRead) {
        let mut positions = Vec::with_capacity(read.steps.len());
        let mut node = self;
        for step in read.steps.iter() {
            let position = match node
                .children
                .iter()
                .position(|(kind, _)| same_step(kind, &step.kind))
            {
                Some(position) => position,
                None => {
                    node.children
                        .push((step.kind.clone(), FieldNode::default()));
                    node.children.len() - 1
                }
            };
            positions.push(position);
            node = &mut node.children[position].1;
        }
        node.whole = true;
        read.positions = positions.into();
    }

    /// Whether this node keeps only some parts of its value.
    fn is_sparse(&self) -> bool {
        !self.whole && !self.children.is_empty()
    }

    fn key_child(&self, key: &str) -> Option<usize> {
        self.children
            .iter()
            .position(|(kind, _)| matches!(kind, StepKind::Key(name) if name.as_ref() == key))
    }

    fn index_child(&self, index: usize) -> Option<usize> {
        self.children.iter().position(
            |(kind, _)| matches!(kind, StepKind::Index(position) if usize::try_from(*position) == Ok(index)),
        )
    }
}

fn same_step(a: &StepKind, b: &StepKind) -> bool {
    match (a, b) {
        (StepKind::Key(a), StepKind::Key(b)) => a == b,
        (StepKind::Index(a), StepKind::Index(b)) => a == b,
        _ => false,
    }
}

/// The part of a record that the program reads.
#[derive(Debug)]
pub(crate) enum Slot<'de> {
    /// Not in the record.
    Missing,
    Null,
    Bool(bool),
    Number(serde_json::Number),
    /// An object or list kept whole. Boxed, so that a record's slots stay small enough
    /// for the allocator's per-thread caches.
    Json(Box<Json>),
    /// A string, borrowed from the input where it has no escapes.
    Text(Cow<'de, str>),
    /// An object of which only the fields of the node's children are kept.
    Object(Vec<Slot<'de>>),
    /// A list of which only the items of the node's children are kept.
    List(Vec<Slot<'de>>),
}

impl Slot<'_> {
    /// The JSON of a slot that holds a number or a boolean; null for any other.
    fn scalar(&self) -> Json {
        match self {
            Slot::Bool(value) => Json::Bool(*value),
            Slot::Number(number) => Json::Number(number.clone()),
            _ => Json::Null,
        }
    }
}

/// Parses `bytes` as one JSON value, keeping what `tree` asks for. Fails exactly where
/// parsing into a `serde_json::Value` fails.
pub(crate) fn parse<'de>(bytes: &'de [u8], tree: &FieldNode) -> serde_json::Result<Slot<'de>> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let slot = NodeSeed(tree).deserialize(&mut deserializer)?;
    deserializer.end()?;
    Ok(slot)
}

/// Reads `read` from a sparse record, with the same results and reasons as
/// `fields::read_field` on the whole record.
pub(crate) fn read_field(record: &Slot<'_>, read: &FieldRead) -> Result<Value, String> {
    let mut current = record;
    for (number, step) in read.steps.iter().enumerate() {
        let next = match (&step.kind, current) {
            (_, Slot::Json(json)) => return super::fields::read_from(json, read, number),
            (_, Slot::Missing) => return missing(read, Absence::Missing),
            (_, scalar @ (Slot::Null | Slot::Bool(_) | Slot::Number(_))) => {
                let json = scalar.scalar();
                return super::fields::read_from(&json, read, number);
            }
            (StepKind::Key(_), Slot::Object(children))
            | (StepKind::Index(_), Slot::List(children)) => &children[read.positions[number]],
            (kind, other) if step.declared => {
                let wanted = match kind {
                    StepKind::Key(_) => "an object",
                    StepKind::Index(_) => "a list",
                };
                let got = match other {
                    Slot::Text(text) => describe_json(&Json::String(text.to_string())),
                    Slot::List(_) => "a list".into(),
                    _ => "an object".into(),
                };
                return Err(if step.parent_display.is_empty() {
                    format!("the record is not a JSON object, got {got}")
                } else {
                    format!(
                        "field \"{}\": expected {wanted}, got {got}",
                        step.parent_display
                    )
                });
            }
            _ => return missing(read, Absence::Missing),
        };
        current = next;
    }
    match current {
        Slot::Missing => missing(read, Absence::Missing),
        Slot::Null => missing(read, Absence::Null),
        Slot::Bool(_) | Slot::Number(_) => {
            let json = current.scalar();
            convert(&json, &read.expected, &read.display)
        }
        Slot::Json(json) => convert(json, &read.expected, &read.display),
        Slot::Text(text) => convert_text(text, &read.expected, &read.display),
        // A node with children is kept whole when a read ends there.
        Slot::Object(_) | Slot::List(_) => Err(format!(
            "field \"{}\": internal error: value not kept",
            read.display
        )),
    }
}

/// Deserializes the value at one node of the field tree.
struct NodeSeed<'t>(&'t FieldNode);

impl<'de> DeserializeSeed<'de> for NodeSeed<'_> {
    type Value = Slot<'de>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Slot<'de>, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for NodeSeed<'_> {
    type Value = Slot<'de>;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("any JSON value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Slot<'de>, E> {
        Ok(Slot::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Slot<'de>, E> {
        Ok(Slot::Number(value.into()))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Slot<'de>, E> {
        Ok(Slot::Number(value.into()))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Slot<'de>, E> {
        // As serde_json does: a float that is not finite cannot come from JSON text.
        Ok(serde_json::Number::from_f64(value).map_or(Slot::Null, Slot::Number))
    }

    fn visit_unit<E>(self) -> Result<Slot<'de>, E> {
        Ok(Slot::Null)
    }

    fn visit_borrowed_str<E>(self, value: &'de str) -> Result<Slot<'de>, E> {
        Ok(Slot::Text(Cow::Borrowed(value)))
    }

    fn visit_str<E>(self, value: &str) -> Result<Slot<'de>, E> {
        Ok(Slot::Text(Cow::Owned(value.to_string())))
    }

    fn visit_string<E>(self, value: String) -> Result<Slot<'de>, E> {
        Ok(Slot::Text(Cow::Owned(value)))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Slot<'de>, A::Error> {
        let node = self.0;
        if !node.is_sparse() {
            return Json::deserialize(MapAccessDeserializer::new(map))
                .map(|json| Slot::Json(Box::new(json)));
        }
        let mut children: Vec<Slot<'de>> = node.children.iter().map(|_| Slot::Missing).collect();
        while let Some(position) = map.next_key_seed(KeySeed(node))? {
            match position {
                // A repeated key replaces the earlier value, as in `serde_json::Value`.
                Some(position) => {
                    children[position] =
                        map.next_value_seed(NodeSeed(&node.children[position].1))?
                }
                None => map.next_value_seed(Skip)?,
            }
        }
        Ok(Slot::Object(children))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Slot<'de>, A::Error> {
        let node = self.0;
        if !node.is_sparse() {
            return Json::deserialize(SeqAccessDeserializer::new(seq))
                .map(|json| Slot::Json(Box::new(json)));
        }
        let mut children: Vec<Slot<'de>> = node.children.iter().map(|_| Slot::Missing).collect();
        let mut index = 0;
        loop {
            let found = match node.index_child(index) {
                Some(position) => seq
                    .next_element_seed(NodeSeed(&node.children[position].1))?
                    .map(|slot| children[position] = slot),
                None => seq.next_element_seed(Skip)?,
            };
            if found.is_none() {
                break;
            }
            index += 1;
        }
        Ok(Slot::List(children))
    }
}

/// Finds a key among a node's children without allocating it.
struct KeySeed<'t>(&'t FieldNode);

impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
    type Value = Option<usize>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<usize>, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed<'_> {
    type Value = Option<usize>;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a key")
    }

    fn visit_str<E>(self, key: &str) -> Result<Option<usize>, E> {
        Ok(self.0.key_child(key))
    }
}

/// Checks a value that the program does not read, as strictly as parsing it into a
/// `serde_json::Value` would (string escapes, UTF-8, number range), and drops it.
struct Skip;

impl<'de> DeserializeSeed<'de> for Skip {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Skip {
    type Value = ();

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }

    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }

    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while map.next_key_seed(Skip)?.is_some() {
            map.next_value_seed(Skip)?;
        }
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(Skip)?.is_some() {}
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_slots_of_a_record_of_thirty_fields_fit_a_small_allocation() {
        // glibc serves up to 1,032 bytes from its per-thread cache; above that, every
        // record would take the slow path.
        assert!(30 * std::mem::size_of::<Slot<'_>>() <= 1032);
    }
}
