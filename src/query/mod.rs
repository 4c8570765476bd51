//! Questions asked of a model, by the explorer and the subcommands alike:
//! entities by a few letters of a name ([`names`]), the text by words and
//! phrases ([`text`]), paragraphs by the entities they name ([`filter`]),
//! and an entity's mentions in context ([`kwic`]).

pub mod filter;
pub mod kwic;
pub mod names;
pub mod text;
