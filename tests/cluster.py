"""Dask on loopback for the tests of --engine dask and --scheduler (variance and discover)."""
from __future__ import annotations

import importlib.util
import socket
from contextlib import contextmanager
from typing import Any, Iterator

import pytest

needs_dask = pytest.mark.skipif(importlib.util.find_spec("distributed") is None, reason="dask[distributed] is not installed (pip install .[dask])")


@contextmanager
def loopback_cluster() -> Iterator[Any]:
    """A two-worker ``distributed.LocalCluster`` whose scheduler listens on a free port of 127.0.0.1."""
    from distributed import LocalCluster

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with LocalCluster(host="127.0.0.1", scheduler_port=port, n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster:
        yield cluster
