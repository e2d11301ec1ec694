"""Real engines carry awserrors exceptions from a worker process back to the caller.

A worker makes a real boto3 call that fails against the loopback server; the caller
catches ``awserrors.NotFoundError`` with the code, message and operation intact.
Celery runs as a real worker process with its JSON serializer and its filesystem
broker and result backend (no server needed); ``concurrent.futures`` uses the spawn
start method, so the error crosses by pickling into a fresh interpreter.
"""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pytest

import awserrors
from loopback import (
    Loopback,
    s3_error,
    server_fixture,  # noqa: F401  (the "server" fixture)
)

TESTS = Path(__file__).resolve().parent


def test_a_process_pool_with_spawn_gives_the_caller_the_class_and_its_facts(server: Loopback) -> None:
    import engine_tasks

    server.answer(s3_error("NoSuchKey", "The specified key does not exist.", status=404))
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        future = pool.submit(engine_tasks.get_object, server.url)
        with pytest.raises(awserrors.NotFoundError) as caught:
            future.result(timeout=120)
    error = caught.value
    # translated() finds the raising client's service: its class, as an installed client raises.
    assert type(error) is awserrors.services.s3.NoSuchKey  # type: ignore[attr-defined]
    assert ("NoSuchKey", "The specified key does not exist.", "GetObject", 404) == (
        error.error_code,
        error.error_message,
        error.operation_name,
        error.http_status_code,
    )
    assert error.request_id  # the whole response crossed


CELERY_APP = textwrap.dedent(
    """
    import os

    from celery import Celery

    import engine_tasks

    folder = os.environ["ENGINE_TEST_FOLDER"]
    app = Celery("celery_app")
    app.conf.update(
        broker_url="filesystem://",
        broker_transport_options={
            "data_folder_in": f"{folder}/broker",
            "data_folder_out": f"{folder}/broker",
            "store_processed": False,
        },
        result_backend=f"file://{folder}/results",
        task_serializer="json",
        result_serializer="json",
        accept_content=["json"],
    )
    get_object = app.task(name="get_object")(engine_tasks.get_object)
    """
)


@pytest.fixture
def celery_worker(tmp_path: Path) -> Iterator[Any]:
    """A real Celery worker process (solo pool) and the caller's app, sharing a folder broker."""
    pytest.importorskip(
        "celery", reason="celery is in the integrations extra, which scripts/test.sh installs"
    )
    for name in ("broker", "results"):
        (tmp_path / name).mkdir()
    (tmp_path / "celery_app.py").write_text(CELERY_APP, encoding="utf-8")
    env = {
        **os.environ,
        "ENGINE_TEST_FOLDER": str(tmp_path),
        "PYTHONPATH": os.pathsep.join([str(tmp_path), str(TESTS), os.environ.get("PYTHONPATH", "")]),
    }
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "celery_app",
            "worker",
            "--pool=solo",
            "-c",
            "1",
            "-l",
            "warning",
        ],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    os.environ["ENGINE_TEST_FOLDER"] = str(tmp_path)
    sys.path.insert(0, str(tmp_path))
    try:
        import celery_app

        yield celery_app
    finally:
        sys.path.remove(str(tmp_path))
        sys.modules.pop("celery_app", None)
        del os.environ["ENGINE_TEST_FOLDER"]
        worker.terminate()
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()


def test_a_celery_worker_with_the_json_serializer_gives_the_caller_the_class(
    server: Loopback, celery_worker: Any
) -> None:
    # Celery rebuilds a task's exception from the JSON only with a class of a module the
    # caller has imported (sys.modules): import the taxonomy's namespaces first.
    awserrors.aws.import_namespaces()
    server.answer(s3_error("NoSuchKey", "The specified key does not exist.", status=404))
    result = celery_worker.get_object.delay(server.url)
    with pytest.raises(awserrors.NotFoundError) as caught:
        result.get(timeout=120)
    error = caught.value
    assert type(error) is awserrors.services.s3.NoSuchKey  # type: ignore[attr-defined]
    assert ("NoSuchKey", "The specified key does not exist.", "GetObject") == (
        error.error_code,
        error.error_message,
        error.operation_name,
    )
    assert 404 == error.http_status_code  # the code's documented status (JSON carries the message only)


def test_a_dask_cluster_of_worker_processes_gives_the_caller_the_class(server: Loopback) -> None:
    distributed = pytest.importorskip(
        "distributed", reason="distributed is in the integrations extra, which scripts/test.sh installs"
    )
    import engine_tasks

    server.answer(s3_error("NoSuchKey", "The specified key does not exist.", status=404))
    with (
        distributed.LocalCluster(
            n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        future = client.submit(engine_tasks.get_object, server.url, pure=False)
        with pytest.raises(awserrors.NotFoundError) as caught:
            future.result(timeout=120)
    error = caught.value
    assert type(error) is awserrors.services.s3.NoSuchKey  # type: ignore[attr-defined]
    assert ("NoSuchKey", "The specified key does not exist.", "GetObject", 404) == (
        error.error_code,
        error.error_message,
        error.operation_name,
        error.http_status_code,
    )
