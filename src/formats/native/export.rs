//! A model written as a native document: every mention listed and
//! `autolink` off, so reading it back gives the same model.

use super::{
    DocumentJson, EntityJson, FurnitureJson, MentionJson, NativeFile, ParagraphJson, PartJson,
    RelationJson,
};
use crate::model::{Block, Model};

/// The whole model in the native format, every mention listed and
/// `autolink` off, so reading it back gives the same model.
pub fn export(model: &Model) -> NativeFile {
    NativeFile {
        title: None,
        source: None,
        document: Some(document(model)),
        entities: model
            .entities
            .iter()
            .map(|e| EntityJson {
                id: e.id.clone(),
                name: e.name.clone(),
                kind: e.kind.clone(),
                aliases: e.aliases.clone(),
                description: e.description.clone(),
                confidence: e.confidence,
                extra: Vec::new(),
            })
            .collect(),
        mentions: model
            .mentions()
            .iter()
            .map(|m| MentionJson {
                entity: model.entities[m.entity].id.clone(),
                paragraph: m.paragraph + 1,
                start: m.start,
                end: m.end,
                text: Some(model.mention_text(m)),
            })
            .collect(),
        relations: model
            .relations_to_write()
            .iter()
            .map(|r| RelationJson {
                source: model.entities[r.source].id.clone(),
                target: model.entities[r.target].id.clone(),
                label: r.label.clone(),
                evidence: r.evidence.iter().map(|p| p + 1).collect(),
                derived: r.derived,
                notes: r.notes.clone(),
                extra: Vec::new(),
            })
            .collect(),
        autolink: Some(false),
        unlinked: Vec::new(),
    }
}

/// The document: its title, paragraphs, furniture and parts.
fn document(model: &Model) -> DocumentJson {
    let doc = &model.document;
    let text = model.text();
    let furniture = text
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            p.furniture.as_ref().map(|note| FurnitureJson {
                paragraph: i + 1,
                note: note.clone(),
            })
        })
        .collect();
    DocumentJson {
        title: Some(doc.title.clone()),
        source: Some(doc.source.clone()),
        paragraphs: Some(
            text.iter()
                .enumerate()
                .map(|(i, p)| ParagraphJson {
                    index: i + 1,
                    text: p.text.clone(),
                    block: (p.block != Block::Text).then(|| p.block.into()),
                })
                .collect(),
        ),
        furniture,
        parts: doc
            .parts
            .iter()
            .map(|p| PartJson {
                title: p.title.clone(),
                file: p.file.clone(),
                annotation: p.annotation.clone(),
                first: p.paragraphs.start + 1,
                paragraphs: p.paragraphs.len(),
            })
            .collect(),
    }
}
