"""statistics kept as written: pledge totals per campaign and month, furthest stage entered, each transition's stay

Revision ID: 0027_stats_totals
Revises: 0026_challenge_prize_terms
Create Date: 2026-12-04 15:30:00

Issue 17 goal 5: the secretariat statistics at full scale (1M pledges, 400k solutions, 320k transitions) in
under 1 s. Instead of reading every pledge and walking every transition on each request, the database keeps:

- `pledge_months`: per campaign and month of `pledges.created_at`, the money and the number of pledges that are
  authorized or collected, with the campaign's challenge (so the statistics join one table, not three);
- `solutions.furthest_entered`: the furthest stage a transition took the solution to (idea = 0 ... learnings = 4;
  0 when none), so how far it got is the greater of that and its stage now;
- `solution_events.stay_stage` / `stay_days`: on a transition that names the stage entered, the stage it ended
  (the stage the previous such transition entered, else idea) and the days since that transition (else since the
  solution was created) — the rows the median days in each stage are taken over.

They are kept by triggers in the writing transaction, whoever writes (the ledger's conditional UPDATEs, the
pipeline's transitions, imports, tests), and back-filled here from the existing rows, so the statistics are
unchanged. The SQL is copied in socialchallenge/secretariat/totals.py (the bench seed's back-fill and the checks
that the kept figures equal the rows).

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0027_stats_totals'
down_revision = '0026_challenge_prize_terms'
branch_labels = None
depends_on = None

COUNTED = "('authorized', 'collected')"
POSITION = ("CASE {0} WHEN 'idea' THEN 0 WHEN 'proposal' THEN 1 WHEN 'crowdfunding' THEN 2 "
            "WHEN 'experiment' THEN 3 WHEN 'learnings' THEN 4 ELSE 0 END")
TRANSITION = "{0}.kind = 'transition' AND {0}.to_stage IS NOT NULL"


def backfill_sql(postgres: bool) -> list[str]:
    """Fill the kept figures from the rows (the tables' triggers must be off or absent meanwhile)."""
    month = "to_char({0}, 'YYYY-MM')" if postgres else "strftime('%Y-%m', {0})"
    days = ("extract(epoch FROM {0} - {1}) / 86400.0" if postgres else "julianday({0}) - julianday({1})")
    return [
        "DELETE FROM pledge_months",
        f"INSERT INTO pledge_months (campaign_id, month, challenge_id, amount, pledges) "
        f"SELECT p.campaign_id, {month.format('p.created_at')}, so.challenge_id, sum(p.amount), count(*) "
        f"FROM pledges p JOIN campaigns c ON c.id = p.campaign_id JOIN solutions so ON so.id = c.solution_id "
        f"WHERE p.status IN {COUNTED} GROUP BY p.campaign_id, {month.format('p.created_at')}, so.challenge_id",
        # Furthest stage: the stage now, or further if a transition went further.
        "UPDATE solutions SET furthest_entered = 0 WHERE furthest_entered <> 0",
        f"UPDATE solutions SET furthest_entered = t.position FROM ("
        f"SELECT e.solution_id, max({POSITION.format('e.to_stage')}) AS position FROM solution_events e "
        f"WHERE {TRANSITION.format('e')} GROUP BY e.solution_id) AS t "
        "WHERE solutions.id = t.solution_id",
        # Stays: the window the statistics used to compute on every request, once.
        f"UPDATE solution_events SET stay_stage = s.stage, stay_days = s.days FROM ("
        f"SELECT e.id, coalesce(lag(e.to_stage) OVER w, 'idea') AS stage, "
        f"{days.format('e.created_at', 'coalesce(lag(e.created_at) OVER w, so.created_at)')} AS days "
        f"FROM solution_events e JOIN solutions so ON so.id = e.solution_id WHERE {TRANSITION.format('e')} "
        f"WINDOW w AS (PARTITION BY e.solution_id ORDER BY e.created_at, e.id)) AS s "
        f"WHERE solution_events.id = s.id",
    ]


# PostgreSQL: one function per table, row triggers in the writing transaction.
PG_FUNCTIONS = [
    f"""CREATE FUNCTION stats_pledge_months() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.status IN {COUNTED} = NEW.status IN {COUNTED} AND OLD.amount = NEW.amount
       AND OLD.campaign_id = NEW.campaign_id AND OLD.created_at IS NOT DISTINCT FROM NEW.created_at THEN
        RETURN NULL;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status IN {COUNTED} THEN
        UPDATE pledge_months SET amount = amount - OLD.amount, pledges = pledges - 1
        WHERE campaign_id = OLD.campaign_id AND month = to_char(OLD.created_at, 'YYYY-MM');
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.status IN {COUNTED} THEN
        INSERT INTO pledge_months AS m (campaign_id, month, challenge_id, amount, pledges)
        SELECT NEW.campaign_id, to_char(NEW.created_at, 'YYYY-MM'), s.challenge_id, NEW.amount, 1
        FROM campaigns c JOIN solutions s ON s.id = c.solution_id WHERE c.id = NEW.campaign_id
        ON CONFLICT (campaign_id, month)
        DO UPDATE SET amount = m.amount + EXCLUDED.amount, pledges = m.pledges + 1;
    END IF;
    RETURN NULL;
END $$""",
    # A campaign's challenge is its solution's (neither moves in the app; if one ever does, its totals follow).
    """CREATE FUNCTION stats_solution_challenge() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE pledge_months SET challenge_id = NEW.challenge_id
    WHERE campaign_id IN (SELECT c.id FROM campaigns c WHERE c.solution_id = NEW.id);
    RETURN NULL;
END $$""",
    """CREATE FUNCTION stats_campaign_challenge() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE pledge_months SET challenge_id = (SELECT s.challenge_id FROM solutions s WHERE s.id = NEW.solution_id)
    WHERE campaign_id = NEW.id;
    RETURN NULL;
END $$""",
    f"""CREATE FUNCTION stats_transition_before() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    previous_stage varchar(20);
    previous_at timestamp;
BEGIN
    SELECT e.to_stage, e.created_at INTO previous_stage, previous_at FROM solution_events e
    WHERE e.solution_id = NEW.solution_id AND {TRANSITION.format('e')}
      AND (e.created_at, e.id) < (NEW.created_at, NEW.id)
    ORDER BY e.created_at DESC, e.id DESC LIMIT 1;
    IF NOT FOUND THEN
        previous_stage := 'idea';
        SELECT s.created_at INTO previous_at FROM solutions s WHERE s.id = NEW.solution_id;
    END IF;
    NEW.stay_stage := previous_stage;
    NEW.stay_days := extract(epoch FROM NEW.created_at - previous_at) / 86400.0;
    RETURN NEW;
END $$""",
    f"""CREATE FUNCTION stats_transition_after() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE solutions SET furthest_entered = {POSITION.format('NEW.to_stage')}
    WHERE id = NEW.solution_id AND furthest_entered < {POSITION.format('NEW.to_stage')};
    -- A transition written before one already there (an import, a back-dated entry) ends that one's stay.
    UPDATE solution_events SET stay_stage = NEW.to_stage,
           stay_days = extract(epoch FROM created_at - NEW.created_at) / 86400.0
    WHERE id = (SELECT e.id FROM solution_events e WHERE e.solution_id = NEW.solution_id AND {TRANSITION.format('e')}
                  AND (e.created_at, e.id) > (NEW.created_at, NEW.id) ORDER BY e.created_at, e.id LIMIT 1);
    RETURN NULL;
END $$""",
]
PG_TRIGGERS = [
    "CREATE TRIGGER pledges_stats AFTER INSERT OR DELETE OR UPDATE OF status, amount, created_at, campaign_id "
    "ON pledges FOR EACH ROW EXECUTE FUNCTION stats_pledge_months()",
    "CREATE TRIGGER solutions_stats AFTER UPDATE OF challenge_id ON solutions "
    "FOR EACH ROW EXECUTE FUNCTION stats_solution_challenge()",
    "CREATE TRIGGER campaigns_stats AFTER UPDATE OF solution_id ON campaigns "
    "FOR EACH ROW EXECUTE FUNCTION stats_campaign_challenge()",
    f"CREATE TRIGGER solution_events_stats_before BEFORE INSERT ON solution_events "
    f"FOR EACH ROW WHEN ({TRANSITION.format('NEW')}) EXECUTE FUNCTION stats_transition_before()",
    f"CREATE TRIGGER solution_events_stats_after AFTER INSERT ON solution_events "
    f"FOR EACH ROW WHEN ({TRANSITION.format('NEW')}) EXECUTE FUNCTION stats_transition_after()",
]
PG_DROP = [
    "DROP TRIGGER IF EXISTS pledges_stats ON pledges",
    "DROP TRIGGER IF EXISTS solutions_stats ON solutions",
    "DROP TRIGGER IF EXISTS campaigns_stats ON campaigns",
    "DROP TRIGGER IF EXISTS solution_events_stats_before ON solution_events",
    "DROP TRIGGER IF EXISTS solution_events_stats_after ON solution_events",
    "DROP FUNCTION IF EXISTS stats_pledge_months()",
    "DROP FUNCTION IF EXISTS stats_solution_challenge()",
    "DROP FUNCTION IF EXISTS stats_campaign_challenge()",
    "DROP FUNCTION IF EXISTS stats_transition_before()",
    "DROP FUNCTION IF EXISTS stats_transition_after()",
]

# SQLite: the same with a trigger per event (no functions, no upsert needed: insert the row if missing, then add).
_SQLITE_MONTH = "strftime('%Y-%m', {0}.created_at)"
_SQLITE_ADD = (f"INSERT OR IGNORE INTO pledge_months (campaign_id, month, challenge_id, amount, pledges) "
               f"SELECT NEW.campaign_id, {_SQLITE_MONTH.format('NEW')}, s.challenge_id, 0, 0 "
               f"FROM campaigns c JOIN solutions s ON s.id = c.solution_id WHERE c.id = NEW.campaign_id; "
               f"UPDATE pledge_months SET amount = amount + NEW.amount, pledges = pledges + 1 "
               f"WHERE campaign_id = NEW.campaign_id AND month = {_SQLITE_MONTH.format('NEW')};")
_SQLITE_SUB = (f"UPDATE pledge_months SET amount = amount - OLD.amount, pledges = pledges - 1 "
               f"WHERE campaign_id = OLD.campaign_id AND month = {_SQLITE_MONTH.format('OLD')};")
_SQLITE_EARLIER = ("e.solution_id = NEW.solution_id AND e.kind = 'transition' AND e.to_stage IS NOT NULL "
                   "AND (e.created_at < NEW.created_at OR (e.created_at = NEW.created_at AND e.id < NEW.id)) "
                   "ORDER BY e.created_at DESC, e.id DESC LIMIT 1")
_SQLITE_LATER = ("e.solution_id = NEW.solution_id AND e.kind = 'transition' AND e.to_stage IS NOT NULL "
                 "AND (e.created_at > NEW.created_at OR (e.created_at = NEW.created_at AND e.id > NEW.id)) "
                 "ORDER BY e.created_at, e.id LIMIT 1")
_PLEDGE_COLUMNS = "UPDATE OF status, amount, created_at, campaign_id ON pledges"
SQLITE_TRIGGERS = [
    f"CREATE TRIGGER pledges_stats_ai AFTER INSERT ON pledges WHEN NEW.status IN {COUNTED} BEGIN {_SQLITE_ADD} END",
    f"CREATE TRIGGER pledges_stats_ad AFTER DELETE ON pledges WHEN OLD.status IN {COUNTED} BEGIN {_SQLITE_SUB} END",
    f"CREATE TRIGGER pledges_stats_au_old AFTER {_PLEDGE_COLUMNS} WHEN OLD.status IN {COUNTED} "
    f"BEGIN {_SQLITE_SUB} END",
    f"CREATE TRIGGER pledges_stats_au_new AFTER {_PLEDGE_COLUMNS} WHEN NEW.status IN {COUNTED} "
    f"BEGIN {_SQLITE_ADD} END",
    "CREATE TRIGGER solutions_stats_au AFTER UPDATE OF challenge_id ON solutions BEGIN "
    "UPDATE pledge_months SET challenge_id = NEW.challenge_id "
    "WHERE campaign_id IN (SELECT c.id FROM campaigns c WHERE c.solution_id = NEW.id); END",
    "CREATE TRIGGER campaigns_stats_au AFTER UPDATE OF solution_id ON campaigns BEGIN "
    "UPDATE pledge_months SET challenge_id = (SELECT s.challenge_id FROM solutions s WHERE s.id = NEW.solution_id) "
    "WHERE campaign_id = NEW.id; END",
    f"CREATE TRIGGER solution_events_stats_ai AFTER INSERT ON solution_events WHEN {TRANSITION.format('NEW')} BEGIN "
    f"UPDATE solutions SET furthest_entered = max(furthest_entered, {POSITION.format('NEW.to_stage')}) "
    f"WHERE id = NEW.solution_id; "
    f"UPDATE solution_events SET "
    f"stay_stage = coalesce((SELECT e.to_stage FROM solution_events e WHERE {_SQLITE_EARLIER}), 'idea'), "
    f"stay_days = julianday(NEW.created_at) - julianday(coalesce("
    f"(SELECT e.created_at FROM solution_events e WHERE {_SQLITE_EARLIER}), "
    f"(SELECT s.created_at FROM solutions s WHERE s.id = NEW.solution_id))) "
    f"WHERE id = NEW.id; "
    f"UPDATE solution_events SET stay_stage = NEW.to_stage, "
    f"stay_days = julianday(created_at) - julianday(NEW.created_at) "
    f"WHERE id = (SELECT e.id FROM solution_events e WHERE {_SQLITE_LATER}); END",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS pledges_stats_ai", "DROP TRIGGER IF EXISTS pledges_stats_ad",
    "DROP TRIGGER IF EXISTS pledges_stats_au_old", "DROP TRIGGER IF EXISTS pledges_stats_au_new",
    "DROP TRIGGER IF EXISTS solutions_stats_au", "DROP TRIGGER IF EXISTS campaigns_stats_au",
    "DROP TRIGGER IF EXISTS solution_events_stats_ai",
]


def upgrade():
    postgres = op.get_bind().dialect.name == "postgresql"
    op.create_table(
        'pledge_months',
        sa.Column('campaign_id', sa.Integer(), nullable=False),
        sa.Column('month', sa.String(length=7), nullable=False),
        sa.Column('challenge_id', sa.Integer(), nullable=False),
        sa.Column('amount', sa.BigInteger(), nullable=False),
        sa.Column('pledges', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], name=op.f('fk_pledge_months_campaign_id_campaigns'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['challenge_id'], ['challenges.id'],
                                name=op.f('fk_pledge_months_challenge_id_challenges'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('campaign_id', 'month', name=op.f('pk_pledge_months')),
    )
    # Plain ADD COLUMN (no batch): on SQLite a batch would recreate the tables (and drop the search triggers).
    op.add_column('solutions', sa.Column('furthest_entered', sa.Integer(), server_default=sa.text('0'),
                                         nullable=False))
    op.add_column('solution_events', sa.Column('stay_stage', sa.Enum('idea', 'proposal', 'crowdfunding', 'experiment',
                                                                     'learnings', name='solution_stage',
                                                                     native_enum=False, length=20), nullable=True))
    op.add_column('solution_events', sa.Column('stay_days', sa.Float(), nullable=True))
    for statement in backfill_sql(postgres):
        op.execute(statement)
    op.drop_index('ix_solutions_stats', table_name='solutions')
    op.create_index('ix_solutions_stats', 'solutions',
                    ['id', 'challenge_id', 'stage', 'created_at', 'furthest_entered'], unique=False)
    op.create_index('ix_solution_events_stays', 'solution_events', ['stay_stage', 'stay_days'], unique=False)
    for statement in (PG_FUNCTIONS + PG_TRIGGERS) if postgres else SQLITE_TRIGGERS:
        op.execute(statement)


def downgrade():
    postgres = op.get_bind().dialect.name == "postgresql"
    for statement in PG_DROP if postgres else SQLITE_DROP:
        op.execute(statement)
    op.drop_index('ix_solution_events_stays', table_name='solution_events')
    op.drop_index('ix_solutions_stats', table_name='solutions')
    op.create_index('ix_solutions_stats', 'solutions', ['id', 'challenge_id', 'stage', 'created_at'], unique=False)
    # Plain DROP COLUMN (SQLite 3.35+), not a batch that would recreate the tables without their search triggers.
    op.drop_column('solution_events', 'stay_days')
    op.drop_column('solution_events', 'stay_stage')
    op.drop_column('solutions', 'furthest_entered')
    op.drop_table('pledge_months')
