//! The index file's tables. The README documents them for people who query
//! the file with `sqlite3` or DuckDB; any change here bumps
//! [`SCHEMA_VERSION`], and an index of another version is rebuilt.

/// The version of the tables below. An index written with another is rebuilt.
pub const SCHEMA_VERSION: i64 = 3;

/// The tables, created in one go on an empty file.
pub const CREATE: &str = r"
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Every file read, documents or not (a refused or empty file is
-- remembered too, so it is read again only once it changes).
CREATE TABLE files (
    path     TEXT PRIMARY KEY,
    size     INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    hash     TEXT NOT NULL
);

-- One row per document. A file holding several documents (JSONL, CoNLL)
-- has one row per document, numbered by `part`.
CREATE TABLE documents (
    id          INTEGER PRIMARY KEY,
    path        TEXT NOT NULL,
    part        INTEGER NOT NULL,
    label       TEXT NOT NULL,
    size        INTEGER NOT NULL,
    mtime_ns    INTEGER NOT NULL,
    hash        TEXT NOT NULL,
    format      TEXT NOT NULL,
    title       TEXT NOT NULL,
    annotation  TEXT NOT NULL,
    paragraphs  INTEGER NOT NULL,
    mentions    INTEGER NOT NULL,
    UNIQUE (path, part)
);

CREATE TABLE paragraphs (
    id        INTEGER PRIMARY KEY,
    document  INTEGER NOT NULL,
    position  INTEGER NOT NULL,
    block     TEXT NOT NULL,
    furniture TEXT,
    text      TEXT NOT NULL,
    UNIQUE (document, position)
);

CREATE VIRTUAL TABLE paragraph_search USING fts5(
    text,
    content = 'paragraphs',
    content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
-- Added paragraphs are put in paragraph_search by the writer itself (four
-- times quicker than a trigger); removed ones leave it by this trigger.
CREATE TRIGGER paragraphs_removed AFTER DELETE ON paragraphs BEGIN
    INSERT INTO paragraph_search (paragraph_search, rowid, text)
    VALUES ('delete', old.id, old.text);
END;

CREATE TABLE entities (
    id          INTEGER PRIMARY KEY,
    key         TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    aliases     TEXT NOT NULL,
    description TEXT NOT NULL,
    mentions    INTEGER NOT NULL DEFAULT 0,
    -- Where the entity is first mentioned, in the order of the corpus.
    first_document INTEGER,
    first_seq      INTEGER,
    -- How sure discovery is, in percent; NULL for a catalog's entity.
    confidence     INTEGER
);

CREATE TABLE mentions (
    document  INTEGER NOT NULL,
    seq       INTEGER NOT NULL,
    paragraph INTEGER NOT NULL,
    start     INTEGER NOT NULL,
    end       INTEGER NOT NULL,
    entity    INTEGER NOT NULL,
    PRIMARY KEY (document, seq)
) WITHOUT ROWID;

CREATE TABLE relations (
    id       INTEGER PRIMARY KEY,
    document INTEGER,
    source   INTEGER NOT NULL,
    target   INTEGER NOT NULL,
    label    TEXT NOT NULL,
    derived  INTEGER NOT NULL,
    notes    TEXT NOT NULL,
    evidence TEXT NOT NULL
);

CREATE TABLE problems (
    id       INTEGER PRIMARY KEY,
    path     TEXT NOT NULL,
    file     TEXT NOT NULL,
    kind     TEXT NOT NULL,
    severity TEXT NOT NULL,
    place    TEXT NOT NULL,
    message  TEXT NOT NULL
);
";

/// The secondary indexes, made after a build from scratch has written its
/// rows (sorting once is quicker than keeping them up to date row by row).
pub const INDEXES: &str = r"
CREATE INDEX IF NOT EXISTS mentions_of_entity ON mentions (entity, document, seq, paragraph);
CREATE INDEX IF NOT EXISTS headings ON paragraphs (document, position, block) WHERE block != 'text';
CREATE INDEX IF NOT EXISTS relations_of_document ON relations (document);
CREATE INDEX IF NOT EXISTS problems_of_path ON problems (path);
";
