//! The index's fields: one schema for resources, notes and groups.

use tantivy::Index;
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, JsonObjectOptions, STORED, STRING, Schema,
    TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{AsciiFoldingFilter, LowerCaser, RemoveLongFilter, TextAnalyzer};

use super::tokenizer::WordTokenizer;

/// Lower-cased, accent-folded words, letters apart from digits: "Café"
/// finds "cafe", "24" finds "EF24-105mm".
pub(crate) const WORDS: &str = "mahres_words";

#[derive(Clone, Copy)]
pub(crate) struct Fields {
    /// "resource:17": the document's identity, for updates and deletes.
    pub key: Field,
    /// "resource", "note", "group".
    pub kind: Field,
    pub id: Field,
    /// Resource name, note title, group name.
    pub name: Field,
    /// Original name, folder words, description, note text.
    pub body: Field,
    pub tags: Field,
    pub groups: Field,
    /// Exact, lower-cased tag and group names, for `tag:` and `group:`.
    pub tag: Field,
    pub group: Field,
    /// "image", "video", …, for `type:`.
    pub category: Field,
    pub content_type: Field,
    pub size: Field,
    /// The item's date (docs/ARCHITECTURE.md, "Dates"), local wall-clock ms.
    pub date: Field,
    /// When it was added to the library (UTC ms).
    pub added: Field,
    /// The keys of the facts it has, for `has:gps`.
    pub has: Field,
    pub width: Field,
    pub height: Field,
    pub name_sort: Field,
    /// Text and list facts, by key, as words: `camera:canon`.
    pub fact_text: Field,
    /// Ordered facts, by key, as numbers (a fast field): ranges and sorts.
    pub fact_num: Field,
    /// Words of the facts declared `words`, for plain word search.
    pub fact_words: Field,
}

/// Names of the fact JSON fields, for sorts (`fact_num.<key>`).
pub(crate) const FACT_NUM: &str = "fact_num";

pub(crate) fn build() -> (Schema, Fields) {
    let mut schema = Schema::builder();
    let words = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(WORDS)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let fields = Fields {
        key: schema.add_text_field("key", STRING | STORED),
        kind: schema.add_text_field("kind", STRING),
        id: schema.add_i64_field("id", INDEXED | STORED | FAST),
        name: schema.add_text_field("name", words.clone()),
        body: schema.add_text_field("body", words.clone()),
        tags: schema.add_text_field("tags", words.clone()),
        groups: schema.add_text_field("groups", words.clone()),
        tag: schema.add_text_field("tag", STRING),
        group: schema.add_text_field("group", STRING),
        category: schema.add_text_field("type", STRING),
        content_type: schema.add_text_field("content_type", STRING),
        size: schema.add_u64_field("size", INDEXED | FAST),
        date: schema.add_i64_field("date", INDEXED | FAST),
        added: schema.add_i64_field("added", INDEXED | FAST),
        has: schema.add_text_field("has", STRING),
        width: schema.add_u64_field("width", INDEXED | FAST),
        height: schema.add_u64_field("height", INDEXED | FAST),
        name_sort: schema.add_text_field("name_sort", STRING | FAST),
        fact_text: schema.add_json_field(
            "fact_text",
            JsonObjectOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(WORDS)
                    .set_index_option(IndexRecordOption::WithFreqsAndPositions),
            ),
        ),
        fact_num: schema.add_json_field(FACT_NUM, JsonObjectOptions::default().set_fast("raw")),
        fact_words: schema.add_text_field("fact_words", words),
    };
    (schema.build(), fields)
}

pub(crate) fn register_tokenizers(index: &Index) {
    let analyzer = TextAnalyzer::builder(WordTokenizer::default())
        .filter(RemoveLongFilter::limit(64))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build();
    index.tokenizers().register(WORDS, analyzer);
}

/// Splits text into the index's words, the same way documents are split.
pub(crate) fn words(index: &Index, text: &str) -> Vec<String> {
    let Ok(mut analyzer) = index.tokenizers().get(WORDS).ok_or(()) else {
        return Vec::new();
    };
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        out.push(stream.token().text.clone());
    }
    out
}

/// The broad kind of a content type, for `type:`.
pub fn category(content_type: &str) -> &'static str {
    let (top, sub) = content_type.split_once('/').unwrap_or((content_type, ""));
    match top {
        "image" => "image",
        "video" => "video",
        "audio" => "audio",
        "text" => "text",
        "application" => match sub {
            "pdf" | "msword" | "rtf" | "epub+zip" => "document",
            s if s.starts_with("vnd.openxmlformats")
                || s.starts_with("vnd.oasis")
                || s.starts_with("vnd.ms-") =>
            {
                "document"
            }
            "zip" | "gzip" | "x-tar" | "x-7z-compressed" | "x-rar-compressed" | "x-bzip2"
            | "x-xz" | "zstd" => "archive",
            _ => "other",
        },
        _ => "other",
    }
}
