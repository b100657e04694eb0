"""OpenAPI component schemas; challenge and solution fields are generated from the stage table, never retyped."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from socialchallenge.core.ranges import MIN_SOLUTIONS_MAX, MIN_SOLUTIONS_MIN, SDG_MAX, SDG_MIN
from socialchallenge.models import (
    CampaignStatus,
    ChallengeStatus,
    EventKind,
    IndicatorKind,
    Outcome,
    QuestionKind,
    Stage,
)
from socialchallenge.pipeline.stages import (
    AMOUNT_MAX,
    BUDGET_ITEM_MAX,
    CHALLENGE_FIELDS,
    INDICATOR_NAME_MAX,
    INDICATOR_UNIT_MAX,
    INDICATOR_VALUE_MAX,
    MAX_BUDGET_LINES,
    MAX_QUESTION_CHOICES,
    MAX_QUESTIONS,
    MAX_TAGS,
    QUESTION_CHOICE_MAX,
    QUESTION_PROMPT_MAX,
    SOLUTION_FIELDS,
    TAG_MAX,
    FieldSpec,
    Kind,
    fields_of,
)
from socialchallenge.search.filters import SORTS, STAGE_FILTERS
from socialchallenge.search.query import TOTAL_CAP


def ref(name: str) -> dict:
    """A reference to a component schema."""
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(schema: dict) -> dict:
    """The schema, or null (OpenAPI 3.1 / JSON Schema)."""
    if "type" in schema and isinstance(schema["type"], str):
        return {**schema, "type": [schema["type"], "null"]}
    return {"anyOf": [schema, {"type": "null"}]}


def obj(properties: dict, required: list[str] | None = None, extra: bool = True) -> dict:
    """An object schema; `required` defaults to every property (answers always carry all their keys)."""
    schema: dict[str, Any] = {"type": "object", "properties": properties,
                              "required": list(properties) if required is None else required}
    if not extra:
        schema["additionalProperties"] = False
    return schema


DATETIME = {"type": "string", "format": "date-time"}
ID = {"type": "integer", "minimum": 1, "maximum": 2_147_483_647}
MIN_SOLUTIONS_SCHEMA = {"type": "integer", "minimum": MIN_SOLUTIONS_MIN, "maximum": MIN_SOLUTIONS_MAX}
BUDGET_LINE = obj({"item": {"type": "string", "minLength": 1, "maxLength": BUDGET_ITEM_MAX},
                   "amount": {"type": "integer", "minimum": 1, "maximum": AMOUNT_MAX},
                   "required": {"type": "boolean"}}, required=["item", "amount"])


COUNT = {"type": "integer", "minimum": 0, "maximum": INDICATOR_VALUE_MAX}
INDICATOR_ROW = obj({
    "id": {**ID, "description": "An indicator already declared: kept with its measured values. Leave out for a "
                                "new one."},
    "name": {"type": "string", "minLength": 1, "maxLength": INDICATOR_NAME_MAX},
    "unit": {"type": "string", "minLength": 1, "maxLength": INDICATOR_UNIT_MAX},
    "kind": {"type": "string", "enum": [k.value for k in IndicatorKind]},
    "baseline": COUNT, "target": COUNT}, required=["name", "unit", "kind", "target"], extra=False)
INDICATOR_VALUE = obj({
    "id": ID, "date": {"type": "string", "format": "date"}, "value": COUNT, "note": {"type": "string"},
    "link": nullable({"type": "string"}), "evidence_id": nullable(ID),
    "evidence_url": nullable({"type": "string", "format": "uri"}), "created_at": DATETIME})
INDICATOR = obj({
    "id": ID, "name": {"type": "string"}, "unit": {"type": "string"},
    "kind": {"type": "string", "enum": [k.value for k in IndicatorKind]}, "baseline": {"type": "integer"},
    "target": {"type": "integer"},
    "actual": {"type": "integer", "description": "The sum of the measured values."},
    "percent": {"type": "integer", "description": "The actual as a share of the target, in whole percent."},
    "values": {"type": "array", "items": INDICATOR_VALUE}})
ANSWERS = {"type": "object", "additionalProperties": {"type": "string"}, "description": (
    "Answers to the challenge's own questions, by question id (GET /challenges/{id}/questions). Private answers "
    "appear only for the challenge's owner side, the secretariat and the solution's team.")}
QUESTION_ROW = obj({
    "id": {**ID, "description": "A question already asked: kept with its answers. Leave out for a new one."},
    "prompt": {"type": "string", "minLength": 1, "maxLength": QUESTION_PROMPT_MAX},
    "kind": {"type": "string", "enum": [k.value for k in QuestionKind]},
    "choices": {"type": "array", "maxItems": MAX_QUESTION_CHOICES,
                "items": {"type": "string", "maxLength": QUESTION_CHOICE_MAX},
                "description": "2 to 10 choices for a choice question."},
    "required": {"type": "boolean"}, "public": {"type": "boolean", "description": (
        "false: only the challenge's owner side, the secretariat and the answering team read the answers.")},
    "stage": {"type": "string", "enum": [s.value for s in Stage], "description": "The stage it is asked at."},
}, required=["prompt", "kind"], extra=False)
QUESTION = obj({**{k: v for k, v in QUESTION_ROW["properties"].items()}, "id": ID,
                "field": {"type": "string", "description": "answers.<id>: the name a missing answer has in a 422."}})
QUESTIONS_BODY = obj({"questions": {"type": "array", "maxItems": MAX_QUESTIONS, "items": QUESTION_ROW}},
                     extra=False)
QUESTION_LIST = obj({"items": {"type": "array", "items": QUESTION}})


def field_schema(spec: FieldSpec, answer: bool = False) -> dict:
    """The JSON schema of a stage-table field: its limits in a request, its stored shape (drafts too) in an answer."""
    label = spec.label  # lazy: document.plain() says it in the reader's language when the document is built
    if spec.kind in (Kind.short_text, Kind.long_text):
        schema: dict[str, Any] = {"type": "string"}
        if not answer:
            if spec.max_length:
                schema["maxLength"] = spec.max_length
            if spec.min_length:
                schema["minLength"] = spec.min_length
    elif spec.kind == Kind.date:
        schema = nullable({"type": "string", "format": "date"}) if answer else {"type": "string", "format": "date"}
    elif spec.kind == Kind.int:
        schema = {"type": "integer"}
        if not answer:
            schema.update({k: v for k, v in (("minimum", spec.min_value), ("maximum", spec.max_value)) if v})
        schema = nullable(schema) if answer else schema
    elif spec.kind == Kind.choice:
        schema = {"type": "string", "enum": list(spec.choices)}
        schema = nullable(schema) if answer else schema
    elif spec.kind == Kind.tags:
        schema = {"type": "array", "items": {"type": "string", "maxLength": TAG_MAX}}
        if not answer:
            schema["maxItems"] = MAX_TAGS
    elif spec.kind == Kind.sdgs:
        schema = {"type": "array", "items": {"type": "integer", "minimum": SDG_MIN, "maximum": SDG_MAX}}
    elif spec.kind == Kind.budget_lines:
        schema = {"type": "array", "items": BUDGET_LINE}
        if not answer:
            schema["maxItems"] = MAX_BUDGET_LINES
    elif spec.kind == Kind.indicators:
        schema = {"type": "array", "items": INDICATOR if answer else INDICATOR_ROW}
        if not answer:
            schema["maxItems"] = spec.max_value
    else:  # pragma: no cover - a new Kind must be described here
        raise ValueError(spec.kind)
    if spec.unless and not answer:
        label = spec.hint  # says when another field stands in for this one (e.g. a district for the place in words)
    return {**schema, "description": label} if "$ref" not in schema else schema


def fields_schema(specs, answer: bool = False) -> dict[str, dict]:
    """{name: schema} for a group of stage-table fields."""
    return {spec.name: field_schema(spec, answer) for spec in specs}


def request_body(specs, required: bool, extra: dict | None = None) -> dict:
    """A request object of stage-table fields (unknown fields are refused with 422)."""
    properties = {**fields_schema(specs), **(extra or {})}
    names = [s.name for s in specs if s.always_required] if required else []
    return obj(properties, required=names, extra=False)


PERSON = obj({"id": ID, "name": {"type": "string"}})
ERROR = obj({"error": obj({
    "code": {"type": "string", "description": _l("A stable machine-readable code, e.g. validation_failed.")},
    "message": {"type": "string"},
    "fields": {"type": "object", "additionalProperties": {"type": "string"},
               "description": _l("For 422 (and some 400): each field that is wrong and what is wrong with it.")},
}, required=["code", "message"])})


def list_of(item: dict) -> dict:
    """The list shape every paged answer shares."""
    return obj({"items": {"type": "array", "items": item}, "page": {"type": "integer", "minimum": 1},
                "per_page": {"type": "integer", "minimum": 1, "maximum": 100}, "total": {"type": "integer",
                                                                                        "minimum": 0}})


def _capped(shape: dict) -> dict:
    # Search counts its hits up to a cap (search.query.TOTAL_CAP): past it `total` is the cap, an estimate.
    shape["properties"]["total"] = {"type": "integer", "minimum": 0, "maximum": TOTAL_CAP, "description": _l(
        "The number of hits, counted up to %(cap)d; when more match, %(cap)d and total_is_estimate.", cap=TOTAL_CAP)}
    shape["properties"]["total_is_estimate"] = {"type": "boolean", "description": _l(
        "true when more than %(cap)d items match: total is then a lower bound (pages say \"1,000+\").", cap=TOTAL_CAP)}
    shape.setdefault("required", []).append("total_is_estimate")
    return shape


CAMPAIGN = obj({
    "id": ID, "solution_id": ID, "status": {"type": "string", "enum": [s.value for s in CampaignStatus]},
    "goal": {"type": "integer"}, "optimum": {"type": "integer"}, "currency": {"type": "string"},
    "pledged": {"type": "integer", "description": "Citizens' pledges only (never the secretariat's contributions)."},
    "matched": {"type": "integer", "description": "Money from a call's matchfunding pool."},
    "prize": {"type": "integer", "description": "Prize money (a call's, or a single challenge's)."},
    "contributed": {"type": "integer", "description": "Other contributions: money the secretariat recorded from "
                                                      "outside the site (grants, transfers)."},
    "raised": {"type": "integer", "description": "pledged + matched + prize + contributed: what counts towards the "
                                                 "goal."},
    "backers": {"type": "integer", "description": "Citizens who pledged (contributions count none)."},
    "collected": {"type": "integer"},
    "percent": {"type": "number", "description": "raised as a whole percentage of the goal."},
    "deadline": nullable(DATETIME),
    "funding_model": {"type": "string", "enum": list(SOLUTION_FIELDS["funding_model"].choices)},
}, required=["id", "status", "goal", "optimum", "currency", "pledged", "matched", "prize", "contributed", "raised",
             "collected", "backers", "percent", "deadline", "funding_model"])

EVENT = obj({"kind": {"type": "string", "enum": [k.value for k in EventKind]}, "actor": nullable(PERSON),
             "from_stage": nullable({"type": "string"}), "to_stage": nullable({"type": "string"}),
             "message": {"type": "string"}, "created_at": DATETIME})

URL = {"type": "string", "format": "uri"}
COVER = obj({"id": ID, "url": URL, "thumbnail_url": URL, "alt_text": {"type": "string"},
             "width": {"type": "integer", "minimum": 1}, "height": {"type": "integer", "minimum": 1}})
_ATTACHMENT_PROPERTIES = {
    "id": ID, "kind": {"type": "string", "enum": ["image", "document"]},
    "url": {**URL, "description": _l("The file: an image's page version (at most 1600 pixels a side) or the PDF.")},
    "thumbnail_url": {**nullable(URL), "description": _l("An image's card version (640 × 360); null for documents.")},
    "alt_text": {"type": "string", "description": _l("What the image shows; a document's optional label.")},
    "filename": {"type": "string"},
    "content_type": {"type": "string", "enum": ["image/jpeg", "image/png", "image/webp", "application/pdf"]},
    "size": {"type": "integer", "minimum": 1, "description": _l("Bytes of the file at `url`.")},
    "width": nullable({"type": "integer"}), "height": nullable({"type": "integer"}),
    "target": obj({"type": {"type": "string", "enum": ["challenge", "solution", "update", "event"]}, "id": ID}),
    "created_at": DATETIME,
}
ATTACHMENT = obj({**_ATTACHMENT_PROPERTIES, "uploader": PERSON})
UPDATE_ATTACHMENT = obj(_ATTACHMENT_PROPERTIES)
ATTACHMENT_UPLOAD = obj({
    "file": {"type": "string", "format": "binary", "contentMediaType": "application/octet-stream",
             "description": _l("A JPEG, PNG or WebP image (at most 10 MB) or a PDF document (at most 20 MB); "
                               "the content decides, not the name.")},
    "alt_text": {"type": "string", "maxLength": 300, "description": _l("Required for images.")},
}, ["file"], extra=False)

DISTRICT = obj({"code": {"type": "string"},
                "name": {"type": "string", "description": _l("In the request's language.")}})
POINT = obj({"lat": {"type": "number", "minimum": -90, "maximum": 90},
             "lon": {"type": "number", "minimum": -180, "maximum": 180}}, extra=False)
FEATURE = obj({"type": {"type": "string", "enum": ["Feature"]}, "id": {"type": "string"},
               "geometry": obj({"type": {"type": "string", "enum": ["Point"]},
                                "coordinates": {"type": "array", "items": {"type": "number"}, "minItems": 2,
                                                "maxItems": 2, "description": _l("[longitude, latitude]")}}),
               "properties": obj({"kind": {"type": "string"}, "id": ID, "title": {"type": "string"},
                                  "url": {"type": "string", "format": "uri"}, "district": nullable(DISTRICT),
                                  "area": nullable({"type": "string"}),
                                  "located": {"type": "string", "enum": ["point", "district"]}},
                                 ["kind", "id", "title", "url", "district", "located"])})
FEATURE_COLLECTION = obj({"type": {"type": "string", "enum": ["FeatureCollection"]},
                          "features": {"type": "array", "items": FEATURE}, "total": {"type": "integer"},
                          "truncated": {"type": "boolean"}, "unplaced": {"type": "integer"}})

PRIZE_TERMS_SCHEMA = {
    "prize_per_winner": {"type": "integer", "minimum": 0, "description": _l(
        "The challenge's own prize money per picked solution (a challenge in no call; the secretariat gives it).")},
    "winners": {"type": "integer", "minimum": 0, "maximum": 3},
    "mentoring_months": {"type": "integer", "minimum": 0, "maximum": 24}}

CHALLENGE = obj({
    **fields_schema(CHALLENGE_FIELDS.values(), answer=True),
    "id": ID, "status": {"type": "string", "enum": [s.value for s in ChallengeStatus]}, "owner": PERSON,
    "organisation": nullable(PERSON), "min_solutions": MIN_SOLUTIONS_SCHEMA, **PRIZE_TERMS_SCHEMA,
    "solution_deadline": nullable(DATETIME), "supports_count": {"type": "integer", "minimum": 0},
    "solutions_count": {"type": "integer", "minimum": 0}, "selected_solution_ids": {"type": "array", "items": ID},
    "adopted_solution_id": nullable(ID), "hidden": {"type": "boolean"}, "cover": nullable(ref("Cover")),
    "district": nullable(ref("District")), "point": nullable(ref("Point")),
    "created_at": DATETIME,
    "updated_at": DATETIME,
})

SOLUTION_STATE = {
    "id": ID, "challenge_id": ID, "stage": {"type": "string", "enum": [s.value for s in Stage]},
    "selected": {"type": "boolean"}, "adopted": {"type": "boolean"}, "goal": {"type": "integer"},
    "optimum": {"type": "integer"}, "next_stage": nullable({"type": "string", "enum": [s.value for s in Stage]}),
    "missing_for_next_stage": {"type": "object", "additionalProperties": {"type": "string"}},
    "team": {"type": "array", "items": obj({"id": ID, "name": {"type": "string"}, "role": {"type": "string"}})},
    "campaign": nullable(ref("Campaign")), "cover": nullable(ref("Cover")), "created_at": DATETIME,
    "updated_at": DATETIME,
    "stage_entered_at": DATETIME,
    "supports_count": {"type": "integer", "minimum": 0},
    "outcome": nullable({"type": "string", "enum": [o.value for o in Outcome], "description": _l(
        "Set when the challenge closed and this solution was not picked: not_selected (it reached the proposal "
        "stage), archived (it stayed an idea).")}),
    "outcome_reason": nullable({"type": "string", "description": _l("The owner's reason, public with the outcome.")}),
    "outcome_at": nullable(DATETIME),
    "carried_from_id": nullable({**ID, "description": _l("The unpicked solution of another challenge this copies.")}),
}
SOLUTION = obj({**fields_schema(SOLUTION_FIELDS.values(), answer=True), "answers": ANSWERS, **SOLUTION_STATE,
                "history": {"type": "array", "items": ref("HistoryEvent")},
                "carried_to_ids": {"type": "array", "items": ID,
                                   "description": _l("Copies the team carried to other challenges (one solution).")}},
               required=[*SOLUTION_FIELDS, "answers", *SOLUTION_STATE])

_EXCERPT = {"type": "string", "maxLength": 200,
            "description": _l("The start of the problem, cut at a word with an ellipsis; the full text is in the "
                              "detail.")}
CHALLENGE_SUMMARY = obj({
    "id": ID, "title": {"type": "string"}, "excerpt": _EXCERPT, "area": {"type": "string"},
    "district": nullable(ref("District")), "point": nullable(ref("Point")),
    "tags": {"type": "array", "items": {"type": "string"}}, "sdgs": {"type": "array", "items": {"type": "integer"}},
    "status": {"type": "string", "enum": [s.value for s in ChallengeStatus]}, "owner": PERSON,
    "organisation": nullable(PERSON), "solution_deadline": nullable(DATETIME),
    "supports_count": {"type": "integer", "minimum": 0}, "solutions_count": {"type": "integer", "minimum": 0},
    "adopted_solution_id": nullable(ID), "hidden": {"type": "boolean"}, "cover": nullable(ref("Cover")),
    "created_at": DATETIME, "updated_at": DATETIME,
}, required=["id", "title", "excerpt", "status", "supports_count", "solutions_count", "created_at"])
SOLUTION_SUMMARY = obj({
    "id": ID, "challenge_id": ID, "title": {"type": "string"},
    "summary": {"type": "string", "maxLength": 300, "description": _l("How the idea solves the problem.")},
    "stage": {"type": "string", "enum": [s.value for s in Stage]}, "selected": {"type": "boolean"},
    "adopted": {"type": "boolean"}, "goal": {"type": "integer"}, "optimum": {"type": "integer"},
    "team": SOLUTION_STATE["team"], "campaign": nullable(ref("Campaign")), "cover": nullable(ref("Cover")),
    "created_at": DATETIME, "updated_at": DATETIME, "stage_entered_at": DATETIME,
    "supports_count": SOLUTION_STATE["supports_count"], "outcome": SOLUTION_STATE["outcome"],
}, required=["id", "challenge_id", "title", "summary", "stage", "selected", "adopted", "team", "campaign",
             "supports_count", "outcome"])

HIT = obj({
    "kind": {"type": "string", "enum": ["challenge", "solution"]}, "id": ID, "title": {"type": "string"},
    "summary": {"type": "string"}, "stage": {"type": "string", "enum": list(STAGE_FILTERS)}, "challenge_id": ID,
    "challenge_title": {"type": "string"}, "status": {"type": "string", "enum": [s.value for s in ChallengeStatus]},
    "area": {"type": "string"}, "district": nullable(ref("District")),
    "tags": {"type": "array", "items": {"type": "string"}},
    "sdgs": {"type": "array", "items": {"type": "integer"}},
    "goal_achievement": nullable({"type": "string", "enum": list(SOLUTION_FIELDS["goal_achievement"].choices)}),
    "created_at": DATETIME, "url": {"type": "string", "format": "uri"},
})

COMPONENTS = {
    "Error": ERROR, "Person": PERSON, "Challenge": CHALLENGE, "Solution": SOLUTION, "Campaign": CAMPAIGN,
    "HistoryEvent": EVENT, "SearchHit": HIT, "District": DISTRICT, "Point": POINT,
    "FeatureCollection": FEATURE_COLLECTION, "Cover": COVER, "Attachment": ATTACHMENT,
    "AttachmentList": list_of(ref("Attachment")),
    "ChallengeSummary": CHALLENGE_SUMMARY, "SolutionSummary": SOLUTION_SUMMARY,
    # Lists carry summaries (issue 17): a page of 20 stays small; the full texts are in each item's detail.
    "ChallengeList": list_of(ref("ChallengeSummary")), "SolutionList": list_of(ref("SolutionSummary")),
    "SearchHitList": _capped(list_of(ref("SearchHit"))),
}

PLACE_INPUT = {
    "district": nullable({"type": "string", "maxLength": 20, "description": _l(
        "A district code (GET /api/v1/districts). Left out, it is matched from `area` when that names exactly one "
        "district; otherwise the secretariat assigns it.")}),
    "point": nullable({**POINT, "description": _l("An optional map point.")}),
}
CHALLENGE_CREATE = request_body(CHALLENGE_FIELDS.values(), required=True, extra={
    **PLACE_INPUT,
    "solution_deadline": nullable({**DATETIME, "description": _l("Solutions are taken until then (future).")}),
    "organisation_id": nullable({**ID, "description": _l("Post on behalf of an organisation you administer.")}),
})
# An answer for every idea: the owner's reason for each solution not picked, by its id; public once the challenge
# closes (then the solution's `outcome` is not_selected or archived). A reason given must not be blank.
ANSWERS = {"type": "object", "propertyNames": {"pattern": "^[0-9]+$"},
           "additionalProperties": {"type": "string", "minLength": 1, "maxLength": 2000},
           "description": _l("{\"<solution_id>\": \"reason\"} for solutions not picked; published when the challenge "
                          "closes, and required then for each one still unanswered.")}
CHALLENGE_EDIT = request_body(CHALLENGE_FIELDS.values(), required=False, extra={
    **PLACE_INPUT,
    "solution_deadline": nullable(DATETIME), "status": {"type": "string", "enum": [s.value for s in ChallengeStatus]},
    "min_solutions": {**MIN_SOLUTIONS_SCHEMA, "description": _l("Secretariat only.")},
    "hidden": {"type": "boolean", "description": _l("Secretariat only.")},
    "hidden_reason": nullable({"type": "string", "maxLength": 500}),
    "answers": ANSWERS,
    **{name: {**schema, "description": _l("Secretariat only, on a challenge in no call (409 in_call otherwise).")}
       for name, schema in PRIZE_TERMS_SCHEMA.items()},
})
IDEA_CREATE = request_body(fields_of("idea"), required=True, extra={"answers": ANSWERS})
SOLUTION_EDIT = request_body(SOLUTION_FIELDS.values(), required=False, extra={"answers": ANSWERS})
INDICATORS_BODY = obj({"indicators": {"type": "array", "maxItems": SOLUTION_FIELDS["indicators"].max_value,
                                      "items": INDICATOR_ROW}}, extra=False)
INDICATOR_LIST = obj({"items": {"type": "array", "items": INDICATOR}})
VALUE_BODY = obj({"date": {"type": "string", "format": "date", "description": "When it was measured (not later "
                                                                              "than today)."},
                  "value": {**COUNT, "description": "What was counted since the value before; values add up."},
                  "note": {"type": "string", "maxLength": 500},
                  "link": {"type": "string", "maxLength": 500, "description": "Evidence: an http(s) address."},
                  "evidence_id": {**ID, "description": "Evidence: a file uploaded to the solution "
                                                        "(POST /solutions/{id}/attachments)."}},
                 required=["date", "value"], extra=False)
_SUM = {"type": "integer", "minimum": 0}
_KINDS = {"type": "object", "additionalProperties": _SUM, "description": _l(
    "The sum per kind of indicator: values in different units are comparable only within a kind. `value` adds "
    "every kind together and is meaningful with a kind filter.")}
IMPACT = obj({
    "filters": {"type": "object"},
    "total_value": _SUM, "experiments": _SUM, "indicators": _SUM, "values": _SUM,
    "by_kind": {"type": "array", "items": obj({"kind": {"type": "string", "enum": [k.value for k in IndicatorKind]},
                                               "indicators": _SUM, "experiments": _SUM, "value": _SUM,
                                               "target": _SUM})},
    "by_district": {"type": "array", "items": obj({
        "district": nullable(obj({"code": {"type": "string"}, "name": {"type": "string"}})), "value": _SUM,
        "experiments": _SUM, "kinds": _KINDS})},
    "by_sdg": {"type": "array", "items": obj({"sdg": {"type": "integer", "minimum": SDG_MIN, "maximum": SDG_MAX},
                                              "value": _SUM, "experiments": _SUM, "kinds": _KINDS})},
    "by_period": {"type": "array", "items": obj({"period": {"type": "string"}, "value": _SUM, "kinds": _KINDS})},
})
SEARCH_SORTS = list(SORTS)
