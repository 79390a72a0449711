"""Running a corpus scan in parts: local processes (``--jobs N``) or a Dask cluster.

A corpus is cut into *partitions*: whole files, and big TMX files by byte range at
``<tu`` boundaries (``formats.tmx.split_tmx``), each range knowing how many units and
lines come before it so that unit ids and line numbers are those of a whole read.
A *task* is any picklable callable that turns one partition into a result (``Task``);
this module knows nothing of what it does. ``variance.report.VarianceTask`` scans a
partition into an accumulator, ``discovery.prepare.DiscoveryTask`` reads and tokenises
one; the caller merges the results in partition order, so the result is the one a
single pass would give. A result with a ``stats`` attribute (a ``ReadStats``) tells the
engine where a read stopped at an error.

Workers get the task once (a process-pool initializer, or Dask's ``scatter``) and
build their matchers once, on their first partition. Processes are started with
"spawn" (or "forkserver"), never "fork": safe with threads and on every platform.

Dask is optional (``pip install -e '.[dask]'``): ``engine="dask"`` without a scheduler
starts a ``distributed.LocalCluster`` on 127.0.0.1 with two worker processes.
"""
from __future__ import annotations

import math
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, Protocol

from glossary.corpora.formats.base import ReadOptions, ReadStats, corpus_files, file_bytes, get_format, read_file
from glossary.errors import UsageError
from glossary.progress import Progress, ReadMeter
from glossary.progress import resolve as resolve_progress
from glossary.run.spill import portable_spills

ENGINES = ("local", "dask")
# Files below this size are never cut; above it a TMX is cut into ranges of about
# total size / (4 x workers), so a slow range does not leave a worker idle for long.
MIN_SPLIT_BYTES = 4 << 20
RANGES_PER_WORKER = 4
DASK_WORKERS = 2
# the README's install command for the extra (the PyPI project named "glossary" is another one)
DASK_MISSING = ("the Dask engine needs the dask extra: pip install -e '.[dask]' in the glossary checkout "
                "(or pip install \"dask[distributed]\")")


@dataclass(frozen=True, slots=True)
class Partition:
    """One file, or one byte range of a TMX (``part``), read in reading order ``index``."""

    index: int
    path: str
    format: str
    part: Any = None  # formats.tmx.TmxRange, or None for the whole file
    first: bool = True  # the partition that starts its file (counts the file once)


class Task(Protocol):
    """What the engine runs: one partition in, one picklable result out."""

    def __call__(self, partition: Partition) -> Any: ...


def plan_partitions(paths: list[str], options: ReadOptions, *, workers: int,
                    split_bytes: int | None = None) -> list[Partition]:
    """Partitions of the corpus in reading order; ``split_bytes`` is the size of a range
    (default: a share of the corpus per ``RANGES_PER_WORKER`` ranges per worker)."""
    from glossary.corpora.formats.tmx import split_tmx  # the one format cut by byte range

    files = list(corpus_files(paths, options))
    if split_bytes is None:
        total = sum(_size(path) for path, _ in files)
        split_bytes = max(MIN_SPLIT_BYTES, math.ceil(total / max(1, workers * RANGES_PER_WORKER)))
    out: list[Partition] = []
    for path, fmt in files:
        ranges = None
        size = _size(path)
        if fmt.name == "tmx" and workers > 1 and size > split_bytes:
            ranges = split_tmx(path, math.ceil(size / split_bytes))
        if not ranges:
            out.append(Partition(len(out), str(path), fmt.name))
            continue
        for number, part in enumerate(ranges):
            out.append(Partition(len(out), str(path), fmt.name, part, first=number == 0))
    return out


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def read_partition(partition: Partition, options: ReadOptions, stats: ReadStats) -> Iterator:
    """The segments of one partition, counted in ``stats`` as ``read_corpus`` counts them."""
    path = Path(partition.path)
    fmt = get_format(partition.format)
    if partition.part is None:
        return read_file(path, fmt, options, stats)
    segments = fmt.read_range(path, partition.part, options, stats)  # type: ignore[attr-defined]
    return read_file(path, fmt, options, stats, segments, count_file=partition.first)


# -- local processes --------------------------------------------------------------------------
_INSTALLED: Task | None = None


def _install(task: Task) -> None:
    global _INSTALLED
    _INSTALLED = task


def _run_installed(partition: Partition) -> Any:
    assert _INSTALLED is not None, "worker started without its task"
    return _INSTALLED(partition)


def _context() -> multiprocessing.context.BaseContext:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def _local(task: Task, partitions: list[Partition], jobs: int) -> Iterator[Any]:
    if jobs <= 1 or len(partitions) <= 1:
        for partition in partitions:
            yield task(partition)
        return
    with ProcessPoolExecutor(max_workers=min(jobs, len(partitions)), mp_context=_context(),
                             initializer=_install, initargs=(task,)) as pool:
        # map keeps partition order; results are merged as they arrive in that order
        yield from pool.map(_run_installed, partitions)


# -- Dask -------------------------------------------------------------------------------------
def _call(task: Task, partition: Partition, portable: bool) -> Any:
    # what grows with the corpus is spilled to disk (glossary.run.spill); a worker on another
    # machine must send those rows back, not the path of a file the caller cannot open
    with portable_spills(portable):
        return task(partition)


def _dask(task: Task, partitions: list[Partition], scheduler: str | None) -> Iterator[Any]:
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise UsageError(DASK_MISSING) from None
    cluster = None
    if scheduler is None:
        cluster = LocalCluster(host="127.0.0.1", n_workers=DASK_WORKERS, threads_per_worker=1, processes=True,
                               dashboard_address=None)
    try:
        with Client(cluster if cluster is not None else scheduler) as client:
            shared = client.scatter(task, broadcast=True)  # one copy of the glossary per worker
            # a named scheduler's workers may be other machines; a local cluster's share our disk
            futures = client.map(_call, [shared] * len(partitions), partitions,
                                 [scheduler is not None] * len(partitions), pure=False)
            for future in futures:  # in partition order
                yield future.result()
                future.release()
    except OSError as exc:
        raise UsageError(f"cannot reach the Dask scheduler {scheduler}: {exc}") from None
    finally:
        if cluster is not None:
            cluster.close()


def run_partitions(task: Task, paths: list[str], options: ReadOptions, *, jobs: int = 1, engine: str = "local",
                   scheduler: str | None = None, split_bytes: int | None = None,
                   progress: Progress | None = None, phase: str = "reading") -> Iterator[Any]:
    """Run ``task`` over the corpus's partitions and yield the results in reading order.

    A partition after one whose read stopped at an error (``skip_bad``) is left out when
    it continues the same file, as a single read would not have read past the error.
    ``progress`` (default: ``glossary.progress.current()``) gets one phase named ``phase``, in
    bytes of the corpus, moved on as each partition's result arrives (with the pairs it read).
    """
    if engine not in ENGINES:
        raise UsageError(f"unknown engine {engine!r} (known: {', '.join(ENGINES)})")
    progress = resolve_progress(progress)
    use_dask = engine == "dask" or scheduler is not None
    # a remote cluster's size is not known here: cut for at least the local cluster's
    workers = max(jobs, DASK_WORKERS) if use_dask else max(1, jobs)
    partitions = plan_partitions(paths, options, workers=workers, split_bytes=split_bytes)
    sizes = [partition_bytes(p, options) for p in partitions] if progress.enabled else [0] * len(partitions)
    meter = ReadMeter(progress, sum(sizes), phase=phase) if progress.enabled else None
    results = _dask(task, partitions, scheduler) if use_dask else _local(task, partitions, jobs)
    stopped: set[str] = set()
    for partition, size, result in zip(partitions, sizes, results):
        stats: ReadStats | None = getattr(result, "stats", None)
        left_out = partition.path in stopped and not partition.first
        if meter is not None:
            meter.part(size, stats.segments if stats is not None and not left_out else 0)
        if left_out:
            continue
        if stats is not None and partition.path in stats.stopped:
            stopped.add(partition.path)
        yield result
    if meter is not None:
        meter.finish()


def partition_bytes(partition: Partition, options: ReadOptions) -> int:
    """The bytes of the corpus a partition covers; a file's partitions add up to its size (its
    first range counts the file's head), a whole file counts its companions too."""
    path = Path(partition.path)
    if partition.part is None:
        return file_bytes(path, get_format(partition.format), options)
    part = partition.part
    return part.end - part.start + (part.start if partition.first else 0)


def default_jobs() -> int:
    return os.cpu_count() or 1
