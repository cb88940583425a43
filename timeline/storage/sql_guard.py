"""Whether an analyst's SQL only reads, decided by a SQL parser before any database sees it.

`timeline sql` runs a statement only if sqlglot, reading it in the database's dialect, finds exactly one
read query (``SELECT``, ``WITH … SELECT``, ``VALUES``, or ``EXPLAIN`` of one) with nothing in it that
writes, locks rows, stores a result (``INTO``), or reaches outside the database through a function: files,
programs, other servers, server settings, sequences, advisory locks. Anything the parser cannot read is
refused. The database's read-only session stays the second wall behind this one.

What runs is what was read. The statement is sent rebuilt from the parser's own tokens, with comments left
out (MySQL runs the text of a ``/*! … */`` comment; PostgreSQL nests them), and with the colons inside
quoted tokens escaped from SQLAlchemy's ``text()``, so only the ``:name`` parameters the parser saw are
bound (PyMySQL would otherwise splice a quoted value into the middle of a string literal).
"""

import logging
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import ClassVar

from sqlglot import exp
from sqlglot.dialects.dialect import Dialect
from sqlglot.errors import ParseError, SqlglotError
from sqlglot.tokenizer_core import Token, TokenType
from sqlglot.tokens import Tokenizer

from timeline.errors import InputError

# sqlglot logs a warning when it falls back to an opaque Command; that is refused here, not worth a line.
logging.getLogger("sqlglot").setLevel(logging.ERROR)

# The SQLAlchemy backend name -> sqlglot's dialect.
DIALECTS = {"sqlite": "sqlite", "postgresql": "postgres", "mysql": "mysql", "mariadb": "mysql"}

READS = "SELECT, WITH … SELECT, VALUES, or EXPLAIN of one"
PARSER_RECURSION_LIMIT = 8_000  # about 400 nested parentheses


@dataclass(frozen=True)
class FunctionRules:
    """The functions a read query may not call: by name, or by prefix unless named in ``allowed``."""

    names: frozenset[str]
    prefixes: tuple[str, ...] = ()
    allowed: frozenset[str] = field(default_factory=frozenset)

    def refuses(self, name: str) -> bool:
        name = name.lower()
        return name in self.names or (name.startswith(self.prefixes) and name not in self.allowed)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Sleeping (pg_sleep, SLEEP, BENCHMARK) is left to the statement timeout; everything here touches files,
# programs, other servers, settings, sequences, locks or other sessions, or runs SQL given as text.
REFUSED_FUNCTIONS: dict[str, FunctionRules] = {
    "postgres": FunctionRules(
        names=_words(
            """set_config nextval setval txid_current loread lowrite query_to_xml query_to_xmlschema
            query_to_xml_and_xmlschema cursor_to_xml cursor_to_xmlschema ts_stat ts_rewrite
            brin_summarize_new_values brin_summarize_range brin_desummarize_range gin_clean_pending_list"""
        ),
        # pg_read_file, pg_ls_dir, pg_terminate_backend, pg_advisory_lock, pg_notify, …; lo_export, …
        prefixes=("pg_", "lo_", "dblink", "binary_upgrade_"),
        allowed=_words(
            """pg_typeof pg_sleep pg_sleep_for pg_sleep_until pg_size_pretty pg_size_bytes pg_column_size
            pg_relation_size pg_table_size pg_indexes_size pg_total_relation_size pg_database_size
            pg_get_viewdef pg_get_indexdef pg_get_constraintdef pg_get_expr pg_get_userbyid
            pg_get_serial_sequence pg_table_is_visible pg_backend_pid pg_postmaster_start_time
            pg_is_in_recovery pg_client_encoding pg_encoding_to_char pg_input_is_valid
            pg_describe_object"""
        ),
    ),
    "mysql": FunctionRules(
        names=_words(
            """load_file get_lock release_lock release_all_locks master_pos_wait master_gtid_wait
            source_pos_wait wait_for_executed_gtid_set wait_until_sql_thread_after_gtids nextval setval
            sys_exec sys_eval"""
        ),
    ),
    "sqlite": FunctionRules(
        names=_words("load_extension readfile writefile edit fts3_tokenizer fsdir zipfile"),
    ),
}

# Statements, and clauses that write or lock, that may not appear anywhere in a read query.
_NOT_READS = tuple(
    getattr(exp, name)
    for name in sorted(
        _words(
            """DML DDL Insert Update Delete Merge Copy Create Drop Alter TruncateTable Command Set Pragma
            Attach Detach Transaction Commit Rollback Lock LockingStatement Into Describe Show Use Kill
            Analyze LoadData Grant Revoke Cache Uncache Refresh Execute Declare Export Comment Summarize"""
        )
    )
    if hasattr(exp, name)
)

# Words EXPLAIN may take before its query (PostgreSQL, MySQL and MariaDB, SQLite).
_EXPLAIN_WORDS = _words(
    "ANALYZE ANALYSE VERBOSE QUERY PLAN EXTENDED PARTITIONS FORMAT = JSON TREE TRADITIONAL"
)
_QUERY_STARTS = frozenset({TokenType.SELECT, TokenType.WITH, TokenType.VALUES, TokenType.L_PAREN})
_READ_STARTS = _QUERY_STARTS | {TokenType.TABLE}  # PostgreSQL's and MySQL's TABLE name: SELECT * FROM name
# Where SQLAlchemy's text() sees a bind parameter (:name), and where it turns \:name back into :name: inside a
# quoted token the first is escaped and the second keeps its backslash, so text() leaves the token as it is.
_BIND = re.compile(r"(?<![:\w\\]):(?=\w+(?![:\w]))")
_UNESCAPED = re.compile(r"\\(?=:\w*(?![:\w]))")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def refused(reason: str) -> InputError:
    return InputError(f"SQL refused: {reason}")


@dataclass(frozen=True)
class ReadQuery:
    """One read query, as it may be sent: made only by ``read_query``, and run by
    ``timeline.storage.sql.run``."""

    text: str  # rebuilt from its tokens, without comments, for SQLAlchemy's text()
    dialect: str  # sqlglot's name for the dialect it was read in


def read_query(statement: str, backend: str) -> ReadQuery:
    """``statement`` as a ReadQuery for ``backend`` (a SQLAlchemy backend name), if it is one read query.

    Raises InputError (``SQL refused: …``, one line) for anything else.
    """
    dialect = Dialect.get_or_raise(DIALECTS[backend])
    tokenizer = _tokenizer(DIALECTS[backend])
    if _CONTROL.search(statement):
        raise refused("the query holds control characters")
    tokens = _tokens(statement, tokenizer)
    while tokens and tokens[-1].token_type == TokenType.SEMICOLON:
        tokens.pop()
    if not tokens:
        raise refused("the query is empty")
    if any(token.token_type == TokenType.SEMICOLON for token in tokens):
        raise refused("one statement at a time")
    again = _tokens(_rebuilt(statement, tokens, escaped=False), tokenizer)
    if [(t.token_type, t.text) for t in again] != [(t.token_type, t.text) for t in tokens]:
        raise refused("it reads differently without its comments")  # e.g. MySQL's `-` `-` run into `--`
    query = _explained(tokens)
    if query[0].token_type not in _READ_STARTS:
        raise refused(f"{query[0].text.upper()} is not a read query: this runs only {READS}")
    _check_tokens(query, REFUSED_FUNCTIONS[DIALECTS[backend]])
    text = _rebuilt(statement, query, escaped=False)
    # sqlglot's parser recurses a dozen calls per parenthesis: give it room, and refuse what still is deeper.
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, PARSER_RECURSION_LIMIT))
    try:
        trees = dialect.parser().parse(_tokens(text, tokenizer), text)
        found = [tree for tree in trees if tree is not None]
        if len(found) != 1:
            raise refused("one statement at a time")
        _check_tree(found[0], REFUSED_FUNCTIONS[DIALECTS[backend]], query[0])
    except ParseError as error:
        at = error.errors[0] if error.errors else {}
        raise refused(
            f"it does not read as one query (at line {at.get('line')}, column {at.get('col')})"
        ) from None
    except SqlglotError as error:
        raise refused(f"it does not read as one query ({_first_line(error)})") from None
    except RecursionError:
        raise refused("it nests too deeply to be read") from None
    finally:
        sys.setrecursionlimit(limit)
    return ReadQuery(_rebuilt(statement, tokens), DIALECTS[backend])


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


@cache
def _tokenizer(dialect: str) -> Tokenizer:
    """The dialect's tokenizer, but one that reads every word: sqlglot's own turns the rest of a statement
    after EXPLAIN, CALL or VACUUM into one opaque string (comments and all)."""

    class EveryWord(Dialect.get_or_raise(dialect).tokenizer_class):  # type: ignore[misc]
        COMMANDS: ClassVar[set[TokenType]] = set()

    tokenizer: Tokenizer = EveryWord(dialect=dialect)
    return tokenizer


def _tokens(statement: str, tokenizer: Tokenizer) -> list[Token]:
    try:
        return list(tokenizer.tokenize(statement))
    except SqlglotError as error:
        raise refused(f"it does not read as SQL ({_first_line(error)})") from None


def _rebuilt(statement: str, tokens: Sequence[Token], *, escaped: bool = True) -> str:
    """The tokens' own text, joined by the whitespace between them; a gap that held a comment is a space."""
    pieces: list[str] = []
    end = tokens[0].start
    for token in tokens:
        gap = statement[end : token.start]
        pieces.append(gap if re.fullmatch(r"[ \t\r\n]*", gap) else " ")
        raw = statement[token.start : token.end + 1]
        pieces.append(_BIND.sub(r"\\:", _UNESCAPED.sub(r"\\\\", raw)) if escaped else raw)
        end = token.end + 1
    return "".join(pieces)


def _explained(tokens: list[Token]) -> list[Token]:
    """The query an EXPLAIN is of (the tokens themselves if there is no EXPLAIN); its options are words."""
    if tokens[0].text.upper() != "EXPLAIN":
        return tokens
    at = 1
    kinds = [token.token_type for token in tokens]
    if kinds[1:2] == [TokenType.L_PAREN] and kinds[2:3] and kinds[2] not in _QUERY_STARTS:
        # EXPLAIN (ANALYZE, FORMAT JSON) SELECT …: words up to the closing parenthesis.
        parentheses = (TokenType.L_PAREN, TokenType.R_PAREN)
        close = next((i for i in range(2, len(kinds)) if kinds[i] in parentheses), 0)
        if kinds[close] != TokenType.R_PAREN:
            raise refused("EXPLAIN's options are words in one pair of parentheses")
        at = close + 1
    while at < len(tokens) and tokens[at].text.upper() in _EXPLAIN_WORDS:
        at += 1
    if at >= len(tokens) or tokens[at].text.upper() == "EXPLAIN":
        raise refused(f"EXPLAIN needs a read query: {READS}")
    return tokens[at:]


def _check_tokens(tokens: Sequence[Token], functions: FunctionRules) -> None:
    """Refuse what is plain from the words alone, whatever the parser makes of them."""
    for before, token, following in zip([None, *tokens[:-1]], tokens, [*tokens[1:], None], strict=True):
        if (
            token.token_type == TokenType.AMP
            and before is not None
            and following is not None
            and before.text.upper() == "U"
            and before.end + 1 == token.start == following.start - 1
            and following.token_type == TokenType.IDENTIFIER
        ):
            # PostgreSQL's U&"pg\005fread_file" is pg_read_file, a name no list of names would match.
            raise refused('names written with Unicode escapes (U&"…") hide what they name')
        if token.token_type == TokenType.HINT:  # MySQL's /*+ SET_VAR(…) */ changes the session's settings
            raise refused("optimizer hints (/*+ … */) may change settings; this only reads")
        if token.token_type == TokenType.INTO:
            raise refused("INTO stores a query's result (in a file, a variable or a table); this only reads")
        called = following is not None and following.token_type == TokenType.L_PAREN
        if called and functions.refuses(token.text):
            raise refused(f"{token.text}() reaches outside the query (files, programs, settings or locks)")


def _check_tree(tree: exp.Expr, functions: FunctionRules, first: Token) -> None:
    root = tree
    while isinstance(root, exp.Subquery):
        root = root.this
    if not isinstance(root, exp.Select | exp.SetOperation | exp.Values):
        raise refused(f"{first.text.upper()} is not a read query: this runs only {READS}")
    for node in tree.walk():
        if isinstance(node, exp.Lock):
            raise refused("FOR UPDATE and FOR SHARE lock rows; this only reads")
        if isinstance(node, _NOT_READS):
            raise refused(f"a query may not hold {type(node).__name__.upper()}: this runs only {READS}")
        if isinstance(node, exp.Func):
            names = [node.name] if isinstance(node, exp.Anonymous) else list(node.sql_names())
            for name in names:
                if functions.refuses(name):
                    raise refused(f"{name}() reaches outside the query (files, programs, settings or locks)")
