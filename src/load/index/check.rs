//! An index file is input like any document: someone may hand it over. It
//! is read only after its tables are checked to be the ones entscope makes
//! (no trigger, view or table of its own), with SQLite told to run no
//! trigger, expand no view and trust nothing in the file's schema; and the
//! counts it claims are bounded by its size before anything is sized by
//! them.

use std::sync::OnceLock;

use rusqlite::Connection;
use rusqlite::config::DbConfig;

use super::Unusable;
use super::schema::{CREATE, INDEXES};

/// Tells SQLite to treat the file's schema as untrusted: no trigger fires,
/// no view is expanded, no function it names runs, and the defensive mode
/// forbids writing the schema by hand. For reading connections.
pub fn harden(conn: &Connection) -> rusqlite::Result<()> {
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_TRUSTED_SCHEMA, false)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_TRIGGER, false)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_VIEW, false)?;
    Ok(())
}

/// A row of `sqlite_master`: type, name, table and the statement.
type SchemaRow = (String, String, String, Option<String>);

fn rows(conn: &Connection) -> rusqlite::Result<Vec<SchemaRow>> {
    let mut s = conn.prepare("SELECT type, name, tbl_name, sql FROM sqlite_master")?;
    let mut rows: Vec<SchemaRow> = s
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?;
    rows.sort();
    Ok(rows)
}

/// The schema entscope writes, as SQLite records it.
fn expected() -> &'static [SchemaRow] {
    static EXPECTED: OnceLock<Vec<SchemaRow>> = OnceLock::new();
    EXPECTED.get_or_init(|| {
        Connection::open_in_memory()
            .and_then(|conn| {
                conn.execute_batch(CREATE)?;
                conn.execute_batch(INDEXES)?;
                rows(&conn)
            })
            .unwrap_or_default()
    })
}

/// Checks that the file holds exactly the tables, indexes and trigger
/// entscope creates: anything else (a trigger that would run on a read or a
/// write, a view in place of a table, a table with other columns, a table
/// missing) refuses the file, in one line.
pub fn schema(conn: &Connection) -> Result<(), Unusable> {
    let found = rows(conn).map_err(|e| Unusable::Corrupt(e.to_string()))?;
    let expected = expected();
    if found.as_slice() == expected {
        return Ok(());
    }
    let what = |r: &SchemaRow| format!("{} {}", r.0, r.1);
    let extra = found.iter().find(|r| !expected.contains(r));
    // A table missing says more than the indexes that went with it.
    let missing = expected
        .iter()
        .filter(|r| !found.contains(r))
        .min_by_key(|r| r.0 != "table");
    // Something in place of one of entscope's is said as such.
    let replaced = extra.and_then(|x| {
        expected
            .iter()
            .find(|m| m.1 == x.1 && !found.contains(m))
            .map(|m| (x, m))
    });
    let why = if let Some((extra, m)) = replaced {
        format!("{} is not the {} entscope makes", what(extra), m.0)
    } else {
        match (extra, missing) {
            (Some(extra), _) if extra.0 == "trigger" || extra.0 == "view" => {
                format!("it holds a {} of its own ({})", extra.0, extra.1)
            }
            (Some(extra), _) => format!("it holds {} of its own", what(extra)),
            (None, Some(missing)) => format!("it lacks {}", what(missing)),
            (None, None) => "its tables are not entscope's".to_string(),
        }
    };
    Err(Unusable::Tampered(
        crate::display::visible(&why).into_owned(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fresh() -> Connection {
        let conn = Connection::open_in_memory().expect("memory");
        conn.execute_batch(CREATE).expect("tables");
        conn.execute_batch(INDEXES).expect("indexes");
        conn
    }

    #[test]
    fn the_tables_entscope_makes_pass() {
        assert!(!expected().is_empty());
        assert_eq!(schema(&fresh()), Ok(()));
    }

    #[test]
    fn triggers_views_and_other_tables_are_refused_in_one_line() {
        let cases = [
            (
                "CREATE TRIGGER grow AFTER INSERT ON meta BEGIN SELECT 1; END;",
                "it holds a trigger of its own (grow)",
            ),
            (
                "CREATE VIEW everything AS SELECT * FROM documents;",
                "it holds a view of its own (everything)",
            ),
            ("CREATE TABLE extra (x);", "it holds table extra of its own"),
            (
                "DROP TABLE relations; CREATE VIEW relations AS SELECT 1;",
                "view relations is not the table entscope makes",
            ),
            ("DROP TABLE problems;", "it lacks table problems"),
        ];
        for (sql, said) in cases {
            let conn = fresh();
            conn.execute_batch(sql).expect(sql);
            let why = schema(&conn).expect_err(sql).to_string();
            assert!(why.contains(said), "{sql}: {why}");
        }
    }

    #[test]
    fn a_hardened_connection_runs_no_trigger_and_expands_no_view() {
        let conn = fresh();
        conn.execute_batch(
            "CREATE TABLE log (x); CREATE TRIGGER t AFTER INSERT ON meta BEGIN INSERT INTO log VALUES (1); END;
             CREATE VIEW v AS SELECT 1;",
        )
        .expect("planted");
        harden(&conn).expect("hardened");
        conn.execute("INSERT INTO meta VALUES ('a', 'b')", [])
            .expect("insert");
        let fired: i64 = conn
            .query_row("SELECT count(*) FROM log", [], |r| r.get(0))
            .expect("count");
        assert_eq!(fired, 0, "the trigger did not run");
        assert!(conn.query_row("SELECT * FROM v", [], |_| Ok(())).is_err());
    }
}
