"""The API against its own OpenAPI spec with schemathesis: no generated request may get a server error.

The number of examples per operation is bounded so the run stays well under a minute."""
from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode

from api_fixtures import api_db  # noqa: F401 - fixture

pytestmark = [pytest.mark.filterwarnings("ignore::DeprecationWarning"),
              pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")]
EXAMPLES = 15


@pytest.fixture(scope="module")
def served_app(api_db):
    from eventwire.serve import create_app
    app = create_app(str(api_db))
    yield app
    app.state.db.close()


@pytest.fixture(scope="module")
def api_schema(served_app):
    return schemathesis.openapi.from_asgi("/openapi.json", served_app)


OPERATIONS = ["GET /v1/events", "GET /v1/events/{event_id}", "GET /v1/documents/{doc_id}", "GET /v1/dyads/{a}/{b}",
              "GET /v1/actors", "GET /v1/actors/{code}", "GET /v1/map", "POST /v1/code", "GET /v1/health",
              "GET /v1/version"]


def _check(case) -> None:
    response = case.call()
    assert response.status_code < 500, (case.method, case.formatted_path, case.query, response.text[:500])
    if response.status_code >= 400:
        body = response.json()
        assert body["code"].startswith("EW") and body["message"], body
    case.validate_response(response, checks=[not_a_server_error])


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=lambda m: m.value)
@pytest.mark.parametrize("label", OPERATIONS)
def test_no_server_error_on_any_generated_request(api_schema, label, mode):
    """Hypothesis drives schemathesis's generated cases for one operation (valid ones, then invalid ones)."""
    if mode == GenerationMode.NEGATIVE and label in ("GET /v1/health", "GET /v1/version"):
        pytest.skip("no parameters, so no invalid request to generate")
    ops = {op.label: op for op in (r.ok() for r in api_schema.get_all_operations())}
    strategy = ops[label].as_strategy(generation_mode=mode)

    @given(case=strategy)
    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck), phases=[Phase.explicit, Phase.generate])
    def run(case):
        _check(case)
    run()


def test_spec_lists_every_endpoint(api_schema):
    ops = {(op.method.upper(), op.path) for op in (r.ok() for r in api_schema.get_all_operations())}
    assert {("GET", "/v1/events"), ("GET", "/v1/events/{event_id}"), ("GET", "/v1/documents/{doc_id}"),
            ("GET", "/v1/dyads/{a}/{b}"), ("GET", "/v1/actors"), ("GET", "/v1/actors/{code}"), ("GET", "/v1/map"),
            ("POST", "/v1/code"), ("GET", "/v1/health"), ("GET", "/v1/version")} <= ops
