"""schemathesis against the running service's own OpenAPI document: every operation called with data made
from its schema (valid and invalid), and each answer checked: never a server error, a status code the
document names, the content type and the body its schema says."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from tests.conftest import ROOT
from tests.service_server import serve, wait_done

PLEDGE = ROOT / "fixtures" / "giao-uoc-cum-7-tinh-2024.yaml"
LETTER = ROOT / "fixtures" / "cong-van-so-lieu-2023.yaml"

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve(tmp_path_factory.mktemp("openapi") / "du-lieu", TDKT_MAX_UPLOAD_MB="1") as url:
        yield url


def real_jobs(base: str) -> dict[str, list[str]]:
    """A signed-in-turn pledge with its PDF and a letter, made for real: their ids and file names are what the
    generated requests use half the time, so downloads and the pledge's answers are checked too."""
    made: dict[str, list[str]] = {}
    with httpx.Client(base_url=base, timeout=120) as client:
        for path, fields in ((PLEDGE, {"pdf": "true"}), (LETTER, {"per_member": "true"})):
            answer = client.post("/api/v1/jobs", files={"data": (path.name, path.read_bytes())}, data=fields)
            job = wait_done(client, answer.headers["location"])
            made[str(job["id"])] = [f["name"] for item in job["items"] for f in item["files"]]  # type: ignore[index]
    return made


def with_real_ids(operation: Any, made: dict[str, list[str]]) -> Any:
    def fill(pair: tuple[schemathesis.Case, tuple[bool, str, int]]) -> schemathesis.Case:
        case, (real, job_id, index) = pair
        if real and case.path_parameters and "job_id" in case.path_parameters:
            case.path_parameters["job_id"] = job_id
            if "name" in case.path_parameters:
                case.path_parameters["name"] = made[job_id][index % len(made[job_id])]
        return case

    choices = st.tuples(st.booleans(), st.sampled_from(sorted(made)), st.integers(0, 20))
    return st.tuples(operation.as_strategy(), choices).map(fill)


def test_every_answer_is_as_the_openapi_document_says(base: str) -> None:
    made = real_jobs(base)
    schema = schemathesis.openapi.from_url(f"{base}/openapi.json")
    failures: dict[str, str] = {}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 9  # jobs, files, zip, pledge, signatures, templates, certificates, health
    for operation in operations:

        @given(case=with_real_ids(operation, made))
        @settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def call(case: schemathesis.Case) -> None:
            case.call_and_validate(checks=CHECKS)

        try:
            call()
        except Exception as error:  # noqa: BLE001 - every operation is tried; all failures reported together
            failures[operation.label] = str(error)[:2000]
    assert not failures, "\n\n".join(f"{label}:\n{text}" for label, text in failures.items())
