"""Reads started aside (report_frames.read_ahead): whoever reaches a read first does it."""

import threading

from app.domain.reports import frames as report_frames


def test_waiting_for_a_read_aside_reads_what_is_queued_behind_it(file_app):
    started, queued_read = threading.Event(), threading.Event()
    readers: dict[str, str] = {}

    def slow() -> str:
        readers["slow"] = threading.current_thread().name
        started.set()
        # Finishes only once the read queued behind it has been done elsewhere (or gives up:
        # a failing test must not hang).
        return "slow" if queued_read.wait(timeout=10) else "gave up waiting"

    def queued() -> str:
        readers["queued"] = threading.current_thread().name
        queued_read.set()
        return "queued"

    assert report_frames.can_read_ahead()
    with report_frames.shared():
        report_frames.read_ahead(("slow",), slow)
        report_frames.read_ahead(("queued",), queued)
        assert started.wait(timeout=10)
        # The first read is under way aside; the second waits for the reader, so this thread,
        # which needs the first, reads the second meanwhile rather than wait idle.
        assert report_frames.cached(("slow",), slow) == "slow"
        assert report_frames.cached(("queued",), queued) == "queued"
    assert readers["slow"].startswith("report-read-ahead")
    assert readers["queued"] == threading.current_thread().name
