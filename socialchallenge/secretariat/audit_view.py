"""The audit log as people read it: translated action names, the item, and each changed field with its label and
its value before → after, user text shown as text (never raw JSON). Entries are stored as written by audit.record."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from socialchallenge.funding.views import CAMPAIGN_STATUS_LABELS, PLEDGE_STATUS_LABELS
from socialchallenge.i18n import format_datetime
from socialchallenge.models import Call, Campaign, Challenge, District, Organisation, Solution, User
from socialchallenge.models.secretariat import AuditEntry, Resource
from socialchallenge.pipeline.hearing_sheet import CHECKLIST_SHORT
from socialchallenge.pipeline.stages import STAGE_BY_NAME
from socialchallenge.places import district_name
from socialchallenge.secretariat.resources import KIND_LABELS as RESOURCE_KIND_LABELS
from socialchallenge.secretariat.resources import STATUS_LABELS as REQUEST_STATUS_LABELS
from socialchallenge.secretariat.rubric import LABELS as RUBRIC_LABELS

ACTIONS = {
    "campaign.review.approve": _l("Campaign approved"),
    "campaign.review.request_changes": _l("Campaign changes requested"),
    "attachment.remove": _l("File removed"),
    "pledge.contribution": _l("Contribution recorded"),
    "pledge.confirm_manual": _l("Pledge confirmed by hand"),
    "resource.create": _l("Resource added"),
    "resource_request.grant": _l("Resource request granted"),
    "resource_request.decline": _l("Resource request declined"),
    "rubric.score": _l("Rubric scored"),
    "comment.hide": _l("Comment hidden"),
    "comment.restore": _l("Comment restored"),
    "user.suspend": _l("Member suspended"),
    "user.unsuspend": _l("Member's suspension lifted"),
    "mail.send_again": _l("Mail sent again"),
    "mentor.assign": _l("Mentor assigned"),
    "mentor.unassign": _l("Mentor removed"),
    "mentoring.note": _l("Mentoring note written"),
    "challenge.curated": _l("Challenge curated"),
    "challenge.tags": _l("Challenge tags changed"),
    "challenge.min_solutions": _l("Solutions needed changed"),
    "challenge.prize_terms": _l("Prize and mentoring terms changed"),
    "challenge.hide": _l("Challenge hidden"),
    "challenge.unhide": _l("Challenge shown again"),
    "challenge.merge": _l("Duplicate challenge merged"),
    "challenge.questions": _l("Challenge questions changed"),
    "organisation.verify": _l("Organisation verification changed"),
    "district.assign": _l("District assigned"),
    "prize.award": _l("Prize awarded"),
    "call.create": _l("Call opened"),
    "call.challenge": _l("Challenge entered into a call"),
}

TARGETS = {
    "campaigns": _l("Campaign"), "attachments": _l("File"), "pledges": _l("Pledge"), "resources": _l("Resource"),
    "resource_requests": _l("Resource request"), "solutions": _l("Solution"), "comments": _l("Comment"),
    "users": _l("Member"), "outbox_mails": _l("Mail"), "challenges": _l("Challenge"),
    "organisations": _l("Organisation"), "calls": _l("Call"),
}

FIELDS = {
    "status": _l("Status"), "solution_stage": _l("Stage of the solution"), "message": _l("Message"),
    "checklist": _l("Checklist"), "hearing_sheet_id": _l("Hearing sheet"), "target": _l("Attached to"),
    "target_id": _l("Item number"), "filename": _l("File name"), "reason": _l("Reason"),
    "campaign_id": _l("Campaign"), "amount": _l("Amount"), "note": _l("Note"), "kind": _l("Kind"),
    "title": _l("Title"), "area": _l("Area"), "organisation_id": _l("Organisation"), "notes": _l("Notes"),
    "hidden": _l("Hidden"), "open_reports": _l("Open reports"), "suspended": _l("Suspended"),
    "failed": _l("Failed"), "failed_at": _l("Failed at"), "attempts": _l("Attempts"),
    "last_error": _l("Last error"), "next_attempt_at": _l("Next attempt"), "mentor_id": _l("Mentor"),
    "note_id": _l("Note"), "district_code": _l("District"), "call_id": _l("Call"),
    "mentoring_starts": _l("Mentoring starts"),
    "mentoring_ends": _l("Mentoring ends"), "met_on": _l("Met on"), "next_steps": _l("Next steps"),
    "curated_at": _l("Curated at"), "tags": _l("Tags"), "min_solutions": _l("Solutions needed"),
    "hidden_reason": _l("Reason for hiding"), "supports_count": _l("Supports"),
    "merged_into_id": _l("Merged into"), "duplicate": _l("Duplicate"), "original": _l("Original"),
    "verified": _l("Verified"), "alt_text": _l("Alt text"), "questions": _l("Questions"),
    "prize_per_winner": _l("Prize money per picked solution"), "winners": _l("Number of winners"),
    "mentoring_months": _l("Months of mentoring"), "organiser_id": _l("Organiser"), "funder_id": _l("Funder"),
    "match": _l("Matchfunding"),
    "ratio": _l("Ratio"), "cap_per_campaign": _l("Most matched per campaign"), **RUBRIC_LABELS,
    **CHECKLIST_SHORT,  # a review's checklist: "예산: 예; 팀: 예; …", not "Budget plausible: 예"
}


# Fields that hold an enum's code, said with the labels the rest of the app shows for it. A status is read by the
# kind of item the entry is about (a merge records two challenges' states, so their fields count as a challenge's).
STATUS_LABELS = {"campaigns": CAMPAIGN_STATUS_LABELS, "pledges": PLEDGE_STATUS_LABELS,
                 "resource_requests": REQUEST_STATUS_LABELS,
                 "challenges": {"open": _l("Open"), "closed": _l("Closed")}}
CODE_LABELS = {"solution_stage": {name: spec.label for name, spec in STAGE_BY_NAME.items()},
               "kind": RESOURCE_KIND_LABELS}
NESTED_KINDS = {"duplicate": "challenges", "original": "challenges"}


@dataclass
class Change:
    """One field of an entry: its label and its value before and after, as text."""

    label: str
    before: str
    after: str


@dataclass
class Row:
    """One audit entry as a row of the log."""

    entry: AuditEntry
    action: str
    target: str
    changes: list[Change]


def action_label(action: str) -> str:
    """The action's name in the reader's language (an unknown code is shown as words, not dots)."""
    label = ACTIONS.get(action)
    return str(label) if label is not None else action.replace(".", " · ").replace("_", " ")


def field_label(name: str) -> str:
    label = FIELDS.get(name)
    return str(label) if label is not None else name.replace("_", " ").capitalize()


def as_text(value: Any) -> str:
    """A stored value as a person reads it."""
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list):
        return ", ".join(as_text(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{field_label(str(k))}: {as_text(v)}" for k, v in value.items())
    if isinstance(value, str) and len(value) >= 16 and value[4:5] == "-" and value[10:11] == "T":
        try:
            return format_datetime(datetime.fromisoformat(value.rstrip("Z")), "short")
        except ValueError:
            pass
    return str(value)


def _flat(values: dict | None, prefix: str = "") -> dict[str, Any]:
    # Nested states (a merge keeps both challenges') become "Duplicate · Tags" fields.
    out: dict[str, Any] = {}
    for key, value in (values or {}).items():
        label = f"{prefix}{field_label(str(key))}"
        if isinstance(value, dict) and value and str(key) in ("duplicate", "original"):
            out.update(_flat(value, f"{label} · "))
        else:
            out[label] = value
    return out


def changes_of(entry_before: dict | None, entry_after: dict | None) -> list[Change]:
    """Each field the entry names, once, with before → after; fields that did not change are left out unless the
    entry records only one side (a creation, a removal)."""
    before, after = _flat(entry_before), _flat(entry_after)
    labels = list(dict.fromkeys([*before, *after]))
    both = entry_before is not None and entry_after is not None
    changes = [Change(label, as_text(before.get(label)), as_text(after.get(label))) for label in labels
               if not both or label not in before or label not in after or before[label] != after[label]]
    return [c for c in changes if c.before != c.after]


# Fields that hold another item's id (or code), and the kind of item: shown by its name beside the number.
ID_FIELDS = {"mentor_id": "users", "organisation_id": "organisations", "organiser_id": "organisations",
             "funder_id": "organisations", "campaign_id": "campaigns", "call_id": "calls",
             "merged_into_id": "challenges", "district_code": "districts"}


def _name_query(kind: str, ids: set) -> Any:
    """SELECT (id, name) for the items of one kind, or None for a kind that has no name to show."""
    columns = {"challenges": (Challenge.id, Challenge.title), "solutions": (Solution.id, Solution.title),
               "users": (User.id, User.name), "organisations": (Organisation.id, Organisation.name),
               "resources": (Resource.id, Resource.title), "calls": (Call.id, Call.title)}
    if kind == "campaigns":  # a campaign is known by its solution
        return select(Campaign.id, Solution.title).join(Solution, Solution.id == Campaign.solution_id) \
            .where(Campaign.id.in_(ids))
    if kind in columns:
        key, name = columns[kind]
        return select(key, name).where(key.in_(ids))
    return None


def names(session: Session, entries: list[AuditEntry]) -> dict[tuple[str, Any], str]:
    """{(kind, id): name} for every item the entries are about or point to: one query per kind of item."""
    wanted: dict[str, set] = {}

    def collect(values: Any) -> None:  # id fields at any depth (a merge records both challenges' states)
        if isinstance(values, dict):
            for key, value in values.items():
                if key in ID_FIELDS and value not in (None, ""):
                    wanted.setdefault(ID_FIELDS[key], set()).add(value)
                collect(value)

    for e in entries:
        wanted.setdefault(e.target_type, set()).add(e.target_id)
        collect(e.before)
        collect(e.after)
    found: dict[tuple[str, Any], str] = {}
    codes = wanted.pop("districts", set())
    if codes:
        for district in session.scalars(select(District).where(District.code.in_([str(c) for c in codes]))):
            found[("districts", district.code)] = district_name(district)
    for kind, ids in wanted.items():
        ids = {i for i in ids if isinstance(i, int) and not isinstance(i, bool)}
        query = _name_query(kind, ids) if ids else None
        if query is not None:
            found.update({(kind, key): name for key, name in session.execute(query)})
    return found


def _with_names(values: dict | None, found: dict[tuple[str, Any], str]) -> dict | None:
    """The entry's values with each id field said as "name (#id)" where the item is known."""
    if not isinstance(values, dict):
        return values
    out = {}
    for key, value in values.items():
        kind = ID_FIELDS.get(key)
        name = found.get((kind, value)) if kind else None
        if name is not None:
            value = name if kind == "districts" else f"{name} (#{value})"
        elif isinstance(value, dict):
            value = _with_names(value, found)
        out[key] = value
    return out


def _with_labels(values: dict | None, kind: str) -> dict | None:
    """The entry's values with each enum code (a status, a stage, a kind of resource) said in the reader's language."""
    if not isinstance(values, dict):
        return values
    out = {}
    for key, value in values.items():
        labels = STATUS_LABELS.get(kind, {}) if key == "status" else CODE_LABELS.get(key, {})
        if isinstance(value, dict):
            value = _with_labels(value, NESTED_KINDS.get(key, kind))
        elif isinstance(value, str) and value in labels:
            value = str(labels[value])
        out[key] = value
    return out


def rows(session: Session, entries: list[AuditEntry]) -> list[Row]:
    """The page's entries as rows: each item named (its title or name) beside its kind and number."""
    found = names(session, entries)
    result = []
    for e in entries:
        target = f"{TARGETS.get(e.target_type, e.target_type)} #{e.target_id}"
        if (e.target_type, e.target_id) in found:
            target = f"{target}: {found[(e.target_type, e.target_id)]}"
        changes = changes_of(_with_labels(_with_names(e.before, found), e.target_type),
                             _with_labels(_with_names(e.after, found), e.target_type))
        result.append(Row(e, action_label(e.action), target, changes))
    return result
