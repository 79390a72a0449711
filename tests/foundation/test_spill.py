"""glossary.run.spill: rows on disk, in order, across merges and processes."""
from __future__ import annotations

import os
import pickle

import pytest

from glossary.run import spill
from glossary.run.spill import Spill


def test_rows_come_back_in_insertion_order_across_batches(monkeypatch):
    monkeypatch.setattr(spill, "BATCH_ROWS", 7)
    s = Spill(("n", "text"))
    rows = [(i, f"t{i}") for i in range(50)]
    s.extend(rows)
    assert len(s) == 50
    assert list(s) == rows


def test_query_groups_in_sqlite():
    s = Spill(("key", "value"), indexes=[("key",)])
    s.extend([("a", 1), ("b", 2), ("a", 3)])
    assert list(s.query("SELECT key, SUM(value) FROM rows GROUP BY key ORDER BY key")) == [("a", 4), ("b", 2)]


def test_merge_appends_after_own_rows():
    first, later = Spill(("n",)), Spill(("n",))
    first.extend([(1,), (2,)])
    later.extend([(3,), (4,)])
    first.append((5,))  # still buffered when merged: written before the later part
    first.merge(later)
    assert [n for (n,) in first] == [1, 2, 5, 3, 4]
    assert len(first) == 5


def test_merge_refuses_another_shape():
    with pytest.raises(ValueError):
        Spill(("a",)).merge(Spill(("a", "b")))


@pytest.mark.parametrize("portable", [False, True])
def test_pickle_moves_the_rows(portable):
    s = Spill(("n",), portable=portable)
    s.extend((i,) for i in range(10))
    copy = pickle.loads(pickle.dumps(s))
    assert [n for (n,) in copy] == list(range(10))
    copy.append((10,))
    assert len(copy) == 11


def test_close_and_collection_delete_the_file():
    s = Spill(("n",))
    s.append((1,))
    list(s)
    path = s.path
    assert os.path.exists(path)
    s.close()
    assert not os.path.exists(path)
    t = Spill(("n",))
    directory = os.path.dirname(t.path)
    del t
    assert not os.path.exists(directory)


def test_spills_go_where_the_environment_says(tmp_path, monkeypatch):
    monkeypatch.setenv(spill.TMPDIR_ENV, str(tmp_path))
    s = Spill(("n",))
    assert os.path.dirname(os.path.dirname(s.path)) == str(tmp_path)


def test_portable_block_sets_the_default_only_inside():
    with spill.portable_spills():
        inside = Spill(("n",))
        explicit = Spill(("n",), portable=False)
    outside = Spill(("n",))
    assert (inside.portable, explicit.portable, outside.portable) == (True, False, False)
    inside.append((1,))
    state = inside.__getstate__()
    assert "data" in state and "directory" not in state


def test_engine_makes_a_named_schedulers_spills_portable():
    from glossary.run import engine

    def task(partition):
        return Spill(("n",)).portable

    assert engine._call(task, None, True) is True
    assert engine._call(task, None, False) is False
