"""glossary.run.spill writes a batch of rows in one transaction (not one per row, as autocommit would)."""
from __future__ import annotations

from glossary.run import spill
from glossary.run.spill import Spill


def test_a_batch_is_one_transaction(monkeypatch):
    monkeypatch.setattr(spill, "BATCH_ROWS", 10)
    s = Spill(("n",))
    statements: list[str] = []
    s._connection.set_trace_callback(statements.append)
    s.extend((i,) for i in range(25))
    list(s)
    # rows inside a transaction leave no COMMIT of their own; autocommit would commit each INSERT
    assert [q for q in statements if q.split()[0] in ("BEGIN", "COMMIT")] == ["BEGIN", "COMMIT"] * 3
    assert [n for (n,) in s] == list(range(25))
    assert not s._connection.in_transaction
