"""matching runs: what started each (origin), and the needs it left unmatched and why

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 13:20:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

ORIGIN = sa.Enum("web", "cli", "nightly", "demo", name="runorigin", native_enum=False, length=20)
REASON = sa.Enum(
    "no_candidate",
    "declined",
    "low_score",
    "taken",
    name="unmatchedreason",
    native_enum=False,
    length=20,
)


def upgrade():
    with op.batch_alter_table("match_run", schema=None) as batch_op:
        batch_op.add_column(sa.Column("origin", ORIGIN, nullable=False, server_default="web"))
    # Runs before this revision did not say what started them: one with nobody behind it
    # came from the command line or the nightly job, which cannot be told apart now.
    op.execute("UPDATE match_run SET origin = 'cli' WHERE started_by_id IS NULL")
    with op.batch_alter_table("match_run", schema=None) as batch_op:
        batch_op.alter_column("origin", server_default=None)

    op.create_table(
        "unmatched_need",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("need_id", sa.Integer(), nullable=False),
        sa.Column("reason", REASON, nullable=False),
        sa.Column("candidates", sa.Integer(), nullable=False),
        sa.Column("declined", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["need_id"], ["need.id"], name=op.f("fk_unmatched_need_need_id_need")
        ),
        sa.ForeignKeyConstraint(
            ["run_id"], ["match_run.id"], name=op.f("fk_unmatched_need_run_id_match_run")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_unmatched_need")),
    )
    with op.batch_alter_table("unmatched_need", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_unmatched_need_need_id"), ["need_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_unmatched_need_run_id"), ["run_id"], unique=False)


def downgrade():
    with op.batch_alter_table("unmatched_need", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_unmatched_need_run_id"))
        batch_op.drop_index(batch_op.f("ix_unmatched_need_need_id"))
    op.drop_table("unmatched_need")
    with op.batch_alter_table("match_run", schema=None) as batch_op:
        batch_op.drop_column("origin")
