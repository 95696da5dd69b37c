"""resident accounts: the community a self-registered resident lives in (user.home_community_id)

Revision ID: 0011
Revises: 0010
The queue of resident accounts to link is scoped by it to that community's social workers.

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.add_column(sa.Column("home_community_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_user_home_community_id"), ["home_community_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_user_home_community_id_community"),
            "community",
            ["home_community_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade():
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_user_home_community_id_community"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_user_home_community_id"))
        batch_op.drop_column("home_community_id")
