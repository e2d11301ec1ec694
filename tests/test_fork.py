"""Forked children never hang on a lock another thread of the parent held (gunicorn, Celery
prefork and multiprocessing's fork start method fork while threads load tables or make classes).

awserrors renews its locks in a forked child (os.register_at_fork), and a fork waits while
another thread makes the AWS-wide taxonomy (which imports the engine and botocore).  What it
cannot renew are CPython's own per-module import locks of other imports: like any Python
program, fork after the first lookups have imported what they need (or use the spawn start
method) when other threads may be importing at that moment.  (When the making thread imports
``logging`` during that wait, logging's own fork handler prints an ignored "cannot release
un-acquired lock" in the parent: its release runs though its acquire ran before it existed.)"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

#: A script's helper: wait 30 s at most for a forked child; a child still running then hung.
AWAIT_CHILD = textwrap.dedent(
    """
    import os, time

    def await_child(pid):
        deadline = time.monotonic() + 30
        while not os.waitpid(pid, os.WNOHANG)[0]:
            if time.monotonic() > deadline:
                os.kill(pid, 9)
                print("hung", flush=True)
                return
            time.sleep(0.01)
    """
)

FORK_WHILE_HELD = AWAIT_CHILD + textwrap.dedent(
    """
    import os, sys, threading, time
    import awserrors

    path = awserrors.mappings_dir() / "ec2_client.yaml"
    awserrors.load(path).exception_class_for("X")  # everything a first load imports, imported
    taxonomy = awserrors.Taxonomy([str(path)], module_name="fork_probe")  # tables not loaded yet
    held, release = threading.Event(), threading.Event()

    def first_load_in_progress():
        # What a thread holds while it loads the tables and makes classes.
        with taxonomy._lock, taxonomy._classes.lock:
            held.set()
            release.wait()

    thread = threading.Thread(target=first_load_in_progress)
    thread.start()
    held.wait()
    pid = os.fork()
    if pid == 0:
        print(taxonomy.exception_class_for("InvalidInstanceID.NotFound").__name__, flush=True)
        os._exit(0)
    await_child(pid)
    release.set()
    thread.join()
    """
)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no os.fork on this platform")
def test_a_child_forked_while_a_thread_holds_the_locks_loads_on_its_own() -> None:
    done = subprocess.run(
        [sys.executable, "-c", FORK_WHILE_HELD], capture_output=True, text=True, timeout=300
    )
    assert 0 == done.returncode, done.stderr
    assert "EC2InstanceNotFoundException" == done.stdout.strip()


FORK_WHILE_BUILDING = textwrap.dedent(
    """
    import os, sys
    from awserrors import _cache_write

    paths = [sys.argv[1]]
    lock = _cache_write.lock_build("fork_probe", paths, "module=fork_probe")  # this process is building
    assert lock is not None
    ready, go = os.pipe()
    pid = os.fork()
    if pid == 0:  # e.g. a worker a server forks; it lives on after the parent's build
        os.read(ready, 1)
        again = _cache_write.lock_build("fork_probe", paths, "module=fork_probe")  # at once: released
        _cache_write.unlock_build(lock)  # the parent's: not this child's to release nor delete
        os._exit(0 if again is not None and os.path.exists(again.path) else 3)
    _cache_write.unlock_build(lock)
    os.write(go, b"x")
    print(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]))
    """
)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no os.fork on this platform")
def test_a_child_forked_while_the_build_lock_is_held_does_not_keep_it(tmp_path: Path) -> None:
    """A forked child shares the parent's open lock file: unless it closes its copy, the lock
    stays held as long as the child lives, and every other process waits for it."""
    env = {**os.environ, "AWSERRORS_CACHE_DIR": str(tmp_path)}
    env.pop("AWSERRORS_NO_CACHE", None)
    done = subprocess.run(
        [sys.executable, "-c", FORK_WHILE_BUILDING, os.path.join(str(tmp_path), "probe.yaml")],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert 0 == done.returncode, done.stderr
    assert "0" == done.stdout.strip()  # the child took the lock at once


def test_install_and_uninstall_on_a_client_leave_no_handler_behind() -> None:
    import boto3

    import awserrors

    client = boto3.client(
        "dynamodb", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="y"
    )

    def after_call_handlers() -> int:
        return sum(1 for _ in client.meta.events._emitter._lookup_cache.get("after-call", ()))

    for _ in range(200):
        awserrors.install(client)
        awserrors.uninstall(client)
    handlers = client.meta.events._emitter._unique_id_handlers
    assert not [key for key in handlers if str(key).startswith("awserrors")]


FORK_WHILE_MAKING_THE_TAXONOMY = AWAIT_CHILD + textwrap.dedent(
    """
    import os, sys, threading, time

    importing, go_on = threading.Event(), threading.Event()

    class SlowEngineImport:
        # Runs while Python holds awserrors._modules' import lock: the making thread is mid-import.
        @staticmethod
        def find_spec(name, path=None, target=None):
            if name == "awserrors._modules":
                importing.set()
                go_on.wait(30)
            return None

    sys.meta_path.insert(0, SlowEngineImport)
    import awserrors

    thread = threading.Thread(target=lambda: awserrors.NotFoundError)  # a first use: makes the taxonomy
    thread.start()
    importing.wait(30)
    threading.Timer(0.5, go_on.set).start()  # the import goes on half a second later
    pid = os.fork()  # waits for the taxonomy (without the fix: forks mid-import)
    if pid == 0:
        print(awserrors.exception_class_for("NoSuchKey", service="s3").__name__, flush=True)
        os._exit(0)
    await_child(pid)
    thread.join()
    """
)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no os.fork on this platform")
def test_a_child_forked_while_a_thread_makes_the_taxonomy_does_not_hang() -> None:
    """The thread holds an import lock of the engine while making the AWS-wide taxonomy; a fork
    then waits for it, so that the child does not inherit that lock held by no thread of its own."""
    done = subprocess.run(
        [sys.executable, "-c", FORK_WHILE_MAKING_THE_TAXONOMY], capture_output=True, text=True, timeout=300
    )
    assert (0, "NoSuchKey") == (done.returncode, done.stdout.strip()), done.stderr
