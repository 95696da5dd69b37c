"""needs board interest and donors offers: need_interest, offer, offer_link (issue 9)

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-23 16:03:04.114518

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "offer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("donor_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "goods", "service", "funds", "job", name="offerkind", native_enum=False, length=20
            ),
            nullable=False,
        ),
        sa.Column("title", sa.String(length=80), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("category", sa.String(length=20), nullable=True),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("remaining", sa.Integer(), nullable=False),
        sa.Column(
            "condition",
            sa.Enum("new", "good", "used", name="goodscondition", native_enum=False, length=10),
            nullable=True,
        ),
        sa.Column("amount_band", sa.String(length=20), nullable=True),
        sa.Column("availability", sa.Integer(), nullable=False),
        sa.Column("street_id", sa.Integer(), nullable=True),
        sa.Column("employer", sa.String(length=80), nullable=False),
        sa.Column("job_role", sa.String(length=80), nullable=False),
        sa.Column("hours_per_week", sa.Integer(), nullable=True),
        sa.Column("place", sa.String(length=120), nullable=False),
        sa.Column("accommodations", sa.Text(), nullable=False),
        sa.Column("anonymous", sa.Boolean(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "submitted",
                "approved",
                "rejected",
                "closed",
                "withdrawn",
                name="offerstatus",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("quantity >= 1", name=op.f("ck_offer_quantity_positive")),
        sa.CheckConstraint(
            "remaining >= 0 AND remaining <= quantity", name=op.f("ck_offer_remaining_in_range")
        ),
        sa.ForeignKeyConstraint(["donor_id"], ["user.id"], name=op.f("fk_offer_donor_id_user")),
        sa.ForeignKeyConstraint(
            ["street_id"], ["street.id"], name=op.f("fk_offer_street_id_street")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_offer")),
    )
    with op.batch_alter_table("offer", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_offer_donor_id"), ["donor_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_offer_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_offer_street_id"), ["street_id"], unique=False)

    op.create_table(
        "need_interest",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("need_id", sa.Integer(), nullable=False),
        sa.Column("volunteer_id", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum("active", "withdrawn", name="intereststatus", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["need_id"], ["need.id"], name=op.f("fk_need_interest_need_id_need")
        ),
        sa.ForeignKeyConstraint(
            ["volunteer_id"], ["volunteer.id"], name=op.f("fk_need_interest_volunteer_id_volunteer")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_need_interest")),
        sa.UniqueConstraint("need_id", "volunteer_id", name=op.f("uq_need_interest_need_id")),
    )
    with op.batch_alter_table("need_interest", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_need_interest_need_id"), ["need_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_need_interest_volunteer_id"), ["volunteer_id"], unique=False
        )

    op.create_table(
        "offer_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("offer_id", sa.Integer(), nullable=False),
        sa.Column("wish_id", sa.Integer(), nullable=True),
        sa.Column("need_id", sa.Integer(), nullable=True),
        sa.Column("units", sa.Integer(), nullable=False),
        sa.Column("linked_by_id", sa.Integer(), nullable=False),
        sa.Column("linked_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(wish_id IS NULL) <> (need_id IS NULL)",
            name=op.f("ck_offer_link_links_one_wish_or_need"),
        ),
        sa.CheckConstraint("units >= 1", name=op.f("ck_offer_link_units_positive")),
        sa.ForeignKeyConstraint(
            ["linked_by_id"], ["user.id"], name=op.f("fk_offer_link_linked_by_id_user")
        ),
        sa.ForeignKeyConstraint(["need_id"], ["need.id"], name=op.f("fk_offer_link_need_id_need")),
        sa.ForeignKeyConstraint(
            ["offer_id"], ["offer.id"], name=op.f("fk_offer_link_offer_id_offer")
        ),
        sa.ForeignKeyConstraint(
            ["wish_id"], ["micro_wish.id"], name=op.f("fk_offer_link_wish_id_micro_wish")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_offer_link")),
    )
    with op.batch_alter_table("offer_link", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_offer_link_need_id"), ["need_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_offer_link_offer_id"), ["offer_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_offer_link_wish_id"), ["wish_id"], unique=False)


def downgrade():
    with op.batch_alter_table("offer_link", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_offer_link_wish_id"))
        batch_op.drop_index(batch_op.f("ix_offer_link_offer_id"))
        batch_op.drop_index(batch_op.f("ix_offer_link_need_id"))

    op.drop_table("offer_link")
    with op.batch_alter_table("need_interest", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_need_interest_volunteer_id"))
        batch_op.drop_index(batch_op.f("ix_need_interest_need_id"))

    op.drop_table("need_interest")
    with op.batch_alter_table("offer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_offer_street_id"))
        batch_op.drop_index(batch_op.f("ix_offer_status"))
        batch_op.drop_index(batch_op.f("ix_offer_donor_id"))

    op.drop_table("offer")
