from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_case, walk
from workflows.services import desk_and_process_agree


def test_research_case_reaches_completed(cast):
    case = make_case(cast.host)
    case = walk(case, cast)
    assert case.status == "completed"
    assert desk_and_process_agree(case)


def test_query_count_of_one_transition(cast):
    case = make_case(cast.host)
    from tests.factories import upload_required
    from workflows.services import perform_transition
    upload_required(case, "proposal", cast.host)
    with CaptureQueriesContext(connection) as ctx:
        perform_transition(case=case, name="submit", user=cast.host, data={})
    for q in ctx.captured_queries:
        print(q["sql"][:150])
    print(len(ctx.captured_queries))
