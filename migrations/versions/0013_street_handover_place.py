"""streets: where donors hand over what they give (handover_place, handover_phone)

Revision ID: 0013
Revises: 0012
A donor holding a claim on a micro-wish is told where to bring it: the street's service
centre (街道, the finest area a donor is shown) and its phone, as the federation enters them.

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("street", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("handover_place", sa.String(length=200), server_default="", nullable=False)
        )
        batch_op.add_column(
            sa.Column("handover_phone", sa.String(length=20), server_default="", nullable=False)
        )


def downgrade():
    with op.batch_alter_table("street", schema=None) as batch_op:
        batch_op.drop_column("handover_phone")
        batch_op.drop_column("handover_place")
