"""All models, imported here so Alembic and the app see one complete metadata."""

from socialchallenge.models.accounts import (
    ApiToken,
    Organisation,
    OrganisationKind,
    OrganisationMember,
    PasswordReset,
    Role,
    User,
)
from socialchallenge.models.attachments import Attachment, AttachmentKind
from socialchallenge.models.calls import Call, CheckinReminder, MatchPool, PrizeAward
from socialchallenge.models.campaigns import Campaign, CampaignStatus
from socialchallenge.models.challenges import Challenge, ChallengeSdg, ChallengeStatus, Tag, challenge_tags
from socialchallenge.models.community import Comment, Follow, Report, SavedAnswer, SolutionSupport, Support
from socialchallenge.models.events import Event, EventRegistration, RegistrationStatus
from socialchallenge.models.funding import (
    LedgerEntry,
    LedgerKind,
    Pledge,
    PledgeMonth,
    PledgeStatus,
    ProcessedEvent,
    Reward,
    SkillNeed,
    SkillOffer,
    SkillOfferStatus,
)
from socialchallenge.models.impact import (
    ChallengeQuestion,
    Indicator,
    IndicatorKind,
    IndicatorValue,
    QuestionKind,
    SolutionAnswer,
)
from socialchallenge.models.mail import OutboxMail
from socialchallenge.models.notifications import EmailChoice, Notification, NotificationSettings
from socialchallenge.models.places import District
from socialchallenge.models.solutions import (
    BudgetLine,
    Evaluation,
    EventKind,
    FundingModel,
    GoalAchievement,
    Outcome,
    ProgressUpdate,
    Solution,
    SolutionEvent,
    Stage,
    TeamMember,
    TeamRole,
)
from socialchallenge.models.teams import JoinRequest, TeamAskStatus, TeamInvitation

__all__ = [
    "Call",
    "CheckinReminder",
    "MatchPool",
    "PrizeAward",
    "LedgerEntry",
    "LedgerKind",
    "Pledge",
    "PledgeMonth",
    "PledgeStatus",
    "ProcessedEvent",
    "Reward",
    "SkillNeed",
    "SkillOffer",
    "SkillOfferStatus",
    "ApiToken",
    "Attachment",
    "AttachmentKind",
    "BudgetLine",
    "Campaign",
    "CampaignStatus",
    "Challenge",
    "Outcome",
    "SavedAnswer",
    "SolutionSupport",
    "challenge_tags",
    "ChallengeQuestion",
    "ChallengeSdg",
    "ChallengeStatus",
    "Comment",
    "District",
    "EmailChoice",
    "Event",
    "EventRegistration",
    "Evaluation",
    "EventKind",
    "Follow",
    "FundingModel",
    "GoalAchievement",
    "Indicator",
    "IndicatorKind",
    "IndicatorValue",
    "QuestionKind",
    "SolutionAnswer",
    "Notification",
    "NotificationSettings",
    "Organisation",
    "OrganisationKind",
    "OrganisationMember",
    "OutboxMail",
    "PasswordReset",
    "ProgressUpdate",
    "RegistrationStatus",
    "Report",
    "Role",
    "Solution",
    "SolutionEvent",
    "Stage",
    "Support",
    "Tag",
    "JoinRequest",
    "TeamAskStatus",
    "TeamInvitation",
    "TeamMember",
    "TeamRole",
    "User",
]
from socialchallenge.models import search as _search  # noqa: E402,F401  (search indexes and the search-text listener)
from socialchallenge.models import secretariat as _secretariat  # noqa: E402,F401  (issue 6: secretariat tables)
