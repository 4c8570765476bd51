//! A JSON object edited without being understood: its keys in the file's
//! order, each value kept as the text the file wrote. Curation rewrites the
//! fields entscope owns and leaves every other exactly as it was, however
//! deeply nested (the reader skips users' own fields without a depth limit,
//! so the writer must keep them the same way, never build them as a tree).

use std::fmt;

use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;

/// An object whose values are the file's own text, or what was put in.
#[derive(Debug, Default)]
pub struct RawObject(Vec<(String, Node)>);

/// A value of a [`RawObject`].
#[derive(Debug)]
enum Node {
    /// As the file wrote it.
    Raw(Box<RawValue>),
    /// Objects put in (each may hold raw values of its own).
    Objects(Vec<RawObject>),
    /// A value put in.
    Value(serde_json::Value),
}

impl Serialize for Node {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            // Laid out as the rest of the file is, unless too deep to be
            // built as a tree: then as the file wrote it.
            Node::Raw(raw) => match serde_json::from_str::<serde_json::Value>(raw.get()) {
                Ok(value) => value.serialize(serializer),
                Err(_) => raw.serialize(serializer),
            },
            Node::Objects(objects) => objects.serialize(serializer),
            Node::Value(value) => value.serialize(serializer),
        }
    }
}

impl RawObject {
    pub fn new() -> Self {
        RawObject(Vec::new())
    }

    /// Reads a JSON object (anything else is an error).
    pub fn parse(text: &str) -> serde_json::Result<RawObject> {
        serde_json::from_str(text)
    }

    /// A field as the file wrote it.
    fn get(&self, key: &str) -> Option<&RawValue> {
        match self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v) {
            Some(Node::Raw(raw)) => Some(raw),
            _ => None,
        }
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.0.iter().any(|(k, _)| k == key)
    }

    /// Sets a field where it stands, or at the end when it is new.
    pub fn insert(&mut self, key: &str, value: &impl Serialize) {
        if let Ok(value) = serde_json::to_value(value) {
            self.put(key, Node::Value(value));
        }
    }

    fn put(&mut self, key: &str, value: Node) {
        match self.0.iter_mut().find(|(k, _)| k == key) {
            Some((_, v)) => *v = value,
            None => self.0.push((key.to_string(), value)),
        }
    }

    pub fn remove(&mut self, key: &str) {
        self.0.retain(|(k, _)| k != key);
    }

    /// A field read as a value of some type, if it is one.
    pub fn read<T: for<'de> Deserialize<'de>>(&self, key: &str) -> Option<T> {
        match self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)? {
            Node::Raw(raw) => serde_json::from_str(raw.get()).ok(),
            Node::Value(value) => serde_json::from_value(value.clone()).ok(),
            Node::Objects(_) => None,
        }
    }

    /// The objects of an array field (other elements are passed by).
    pub fn objects(&self, key: &str) -> Vec<RawObject> {
        self.get(key)
            .and_then(|raw| serde_json::from_str::<Vec<Box<RawValue>>>(raw.get()).ok())
            .unwrap_or_default()
            .into_iter()
            .filter_map(|v| RawObject::parse(v.get()).ok())
            .collect()
    }

    /// Sets an array field of objects.
    pub fn insert_objects(&mut self, key: &str, objects: Vec<RawObject>) {
        self.put(key, Node::Objects(objects));
    }
}

impl Serialize for RawObject {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for RawObject {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Fields;
        impl<'de> Visitor<'de> for Fields {
            type Value = RawObject;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawObject, A::Error> {
                let mut out = RawObject::new();
                while let Some((k, v)) = map.next_entry::<String, Box<RawValue>>()? {
                    out.put(&k, Node::Raw(v));
                }
                Ok(out)
            }
        }
        deserializer.deserialize_map(Fields)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_keep_their_order_and_text_at_any_depth() {
        let deep = format!("{}1{}", "[".repeat(5000), "]".repeat(5000));
        let text = format!(r#"{{"b": 1, "mine": {deep}, "a": {{"x": [1,2]}}}}"#);
        let mut o = RawObject::parse(&text).expect("parsed");
        o.insert("b", &2);
        o.insert("c", &"new");
        o.remove("a");
        let out = serde_json::to_string(&o).expect("written");
        assert_eq!(out, format!(r#"{{"b":2,"mine":{deep},"c":"new"}}"#));
        // Laid out as a whole, deep values as they were.
        let pretty = serde_json::to_string_pretty(&o).expect("written");
        assert!(
            pretty.starts_with("{\n  \"b\": 2,\n  \"mine\": [[[[["),
            "{pretty}"
        );
        assert_eq!(o.read::<u64>("b"), Some(2));
        assert!(RawObject::parse("[1]").is_err());
    }
}
