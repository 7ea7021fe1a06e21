"""Two rules of the service that JSON Schema cannot state, told to schemathesis
(loaded by scripts/schemathesis.sh through SCHEMATHESIS_HOOKS). Every other rule is in the
OpenAPI document itself.

1. A contact body is checked by the service, then by Dinamize against the company's own list:
   a custom field `cmpN` or a search field the list does not have is refused there, with
   Dinamize's invalid-request code, answered 422 `dinamize_refused` as the document says. Which
   fields a list has is Dinamize's data, not the document's, so such a 422 is not a request the
   service wrongly rejected. Only that answer is excused: any other refusal of a schema-valid
   request still fails the run.
2. An account's `field_mapping` may not map two lead fields to the same `cmpN` (its description
   says so; JSON Schema has no "distinct values" for an object): the 400 naming that entry is
   excused when the body did repeat a code. Any other refusal still fails the run.
"""

import schemathesis


@schemathesis.hook
def filter_failure(context, failure, case, response):
    if failure.code != "ST202":
        return True
    try:
        answer = response.json()
    except ValueError:
        return True
    path = case.operation.path
    if response.status_code == 422 and path.startswith("/api/dinamize/contacts"):
        return not refused_by_dinamize(answer)
    if response.status_code == 400 and path == "/api/dinamize/account":
        return not shared_mapping_code(case.body, answer)
    return True


def refused_by_dinamize(answer):
    details = answer.get("details") or {}
    return answer.get("code") == "dinamize_refused" and details.get("kind") == "invalid_request"


SHARED = "two lead fields map to the same custom field"


def shared_mapping_code(body, answer):
    mapping = body.get("field_mapping") if isinstance(body, dict) else None
    if not isinstance(mapping, dict):
        return False
    codes = [str(code) for code in mapping.values()]
    repeated = len(codes) != len(set(codes))
    details = answer.get("details")
    only_that = isinstance(details, list) and bool(details) and all(
        d.get("message") == SHARED for d in details
    )
    return repeated and only_that
