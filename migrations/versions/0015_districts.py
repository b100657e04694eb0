"""districts: Seoul's 25 autonomous districts; challenges and resources get a district and an optional point

Revision ID: 0015_districts
Revises: 0014_search_grams
Create Date: 2026-12-03 18:45:00

Issue 16 item 1: a `districts` table (code, Korean and English names, centre, order) seeded with Seoul's 25
autonomous districts (자치구); another city replaces the list with `flask areas import FILE`. Challenges and
resources get a nullable `district_code` (a foreign key to the district; the free-text `area` stays as the finer
place in words) and an optional map point (`lat`, `lon`).

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0015_districts'
down_revision = '0014_search_grams'
branch_labels = None
depends_on = None

# As socialchallenge/places/seoul.py was at this revision (a migration keeps its own copy).
SEOUL_DISTRICTS = (
    ("11110", "종로구", "Jongno-gu", 37.5943, 126.9775),
    ("11140", "중구", "Jung-gu", 37.5600, 126.9958),
    ("11170", "용산구", "Yongsan-gu", 37.5326, 126.9810),
    ("11200", "성동구", "Seongdong-gu", 37.5506, 127.0410),
    ("11215", "광진구", "Gwangjin-gu", 37.5467, 127.0857),
    ("11230", "동대문구", "Dongdaemun-gu", 37.5819, 127.0548),
    ("11260", "중랑구", "Jungnang-gu", 37.5978, 127.0928),
    ("11290", "성북구", "Seongbuk-gu", 37.6057, 127.0176),
    ("11305", "강북구", "Gangbuk-gu", 37.6432, 127.0113),
    ("11320", "도봉구", "Dobong-gu", 37.6690, 127.0322),
    ("11350", "노원구", "Nowon-gu", 37.6524, 127.0750),
    ("11380", "은평구", "Eunpyeong-gu", 37.6190, 126.9270),
    ("11410", "서대문구", "Seodaemun-gu", 37.5779, 126.9390),
    ("11440", "마포구", "Mapo-gu", 37.5593, 126.9083),
    ("11470", "양천구", "Yangcheon-gu", 37.5248, 126.8554),
    ("11500", "강서구", "Gangseo-gu", 37.5612, 126.8228),
    ("11530", "구로구", "Guro-gu", 37.4946, 126.8565),
    ("11545", "금천구", "Geumcheon-gu", 37.4605, 126.9008),
    ("11560", "영등포구", "Yeongdeungpo-gu", 37.5225, 126.9103),
    ("11590", "동작구", "Dongjak-gu", 37.4990, 126.9516),
    ("11620", "관악구", "Gwanak-gu", 37.4674, 126.9453),
    ("11650", "서초구", "Seocho-gu", 37.4733, 127.0312),
    ("11680", "강남구", "Gangnam-gu", 37.4966, 127.0630),
    ("11710", "송파구", "Songpa-gu", 37.5056, 127.1153),
    ("11740", "강동구", "Gangdong-gu", 37.5504, 127.1470),
)
TABLES = ('challenges', 'resources')


def upgrade():
    districts = op.create_table('districts',
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('name_ko', sa.String(length=60), nullable=False),
    sa.Column('name_en', sa.String(length=60), nullable=False),
    sa.Column('lat', sa.Float(), nullable=False),
    sa.Column('lon', sa.Float(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.CheckConstraint('lat BETWEEN -90 AND 90', name=op.f('ck_districts_lat_range')),
    sa.CheckConstraint('lon BETWEEN -180 AND 180', name=op.f('ck_districts_lon_range')),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_districts'))
    )
    op.bulk_insert(districts, [
        {"code": code, "name_ko": ko, "name_en": en, "lat": lat, "lon": lon, "position": i}
        for i, (code, ko, en, lat, lon) in enumerate(SEOUL_DISTRICTS)])
    sqlite = op.get_bind().dialect.name == 'sqlite'
    for table in TABLES:
        # Plain ADD COLUMN, not a batch rebuild (a rebuild of `challenges` copies the whole table on SQLite).
        # No ON DELETE: `flask areas import` clears the codes of removed districts itself and says how many.
        name = f'fk_{table}_district_code_districts'
        if sqlite:
            op.execute(f"ALTER TABLE {table} ADD COLUMN district_code VARCHAR(20) CONSTRAINT {name} "
                       f"REFERENCES districts (code)")
        else:
            op.add_column(table, sa.Column('district_code', sa.String(length=20), nullable=True))
            op.create_foreign_key(name, table, 'districts', ['district_code'], ['code'])
        op.add_column(table, sa.Column('lat', sa.Float(), nullable=True))
        op.add_column(table, sa.Column('lon', sa.Float(), nullable=True))
        op.create_index(op.f(f'ix_{table}_district_code'), table, ['district_code'], unique=False)


def downgrade():
    for table in TABLES:
        op.drop_index(op.f(f'ix_{table}_district_code'), table_name=table)
        with op.batch_alter_table(table, schema=None) as batch_op:
            if op.get_bind().dialect.name != 'sqlite':
                batch_op.drop_constraint(f'fk_{table}_district_code_districts', type_='foreignkey')
            batch_op.drop_column('lon')
            batch_op.drop_column('lat')
            batch_op.drop_column('district_code')
    op.drop_table('districts')
