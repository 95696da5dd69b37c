"""supervision and reward: service logs, supervision reviews, incidents, reward profiles,
certificates

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23 15:11:14.062955

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('certificate',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('volunteer_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('holder_name', sa.String(length=50), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.Column('star_level', sa.Integer(), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('period_end', sa.Date(), nullable=False),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status', sa.Enum('valid', 'revoked', name='certificatestatus', native_enum=False, length=20), nullable=False),
    sa.Column('revoke_reason', sa.Text(), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['volunteer_id'], ['volunteer.id'], name=op.f('fk_certificate_volunteer_id_volunteer')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certificate')),
    sa.UniqueConstraint('code', name=op.f('uq_certificate_code'))
    )
    with op.batch_alter_table('certificate', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_certificate_volunteer_id'), ['volunteer_id'], unique=False)

    op.create_table('reward_profile',
    sa.Column('volunteer_id', sa.Integer(), nullable=False),
    sa.Column('verified_minutes', sa.Integer(), nullable=False),
    sa.Column('star_level', sa.Integer(), nullable=False),
    sa.Column('recomputed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('honour_opt_in', sa.Boolean(), nullable=False),
    sa.Column('display_name', sa.String(length=30), nullable=False),
    sa.ForeignKeyConstraint(['volunteer_id'], ['volunteer.id'], name=op.f('fk_reward_profile_volunteer_id_volunteer')),
    sa.PrimaryKeyConstraint('volunteer_id', name=op.f('pk_reward_profile'))
    )
    op.create_table('incident',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('pairing_id', sa.Integer(), nullable=False),
    sa.Column('reporter_id', sa.Integer(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('reported_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status', sa.Enum('open', 'resolved', name='incidentstatus', native_enum=False, length=20), nullable=False),
    sa.Column('decision', sa.Enum('resume', 'end', name='decision', native_enum=False, length=20), nullable=True),
    sa.Column('decision_note', sa.Text(), nullable=False),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('resolved_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['pairing_id'], ['pairing.id'], name=op.f('fk_incident_pairing_id_pairing')),
    sa.ForeignKeyConstraint(['reporter_id'], ['user.id'], name=op.f('fk_incident_reporter_id_user')),
    sa.ForeignKeyConstraint(['resolved_by_id'], ['user.id'], name=op.f('fk_incident_resolved_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_incident'))
    )
    with op.batch_alter_table('incident', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_incident_pairing_id'), ['pairing_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_incident_status'), ['status'], unique=False)

    op.create_table('service_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('pairing_id', sa.Integer(), nullable=False),
    sa.Column('volunteer_id', sa.Integer(), nullable=False),
    sa.Column('service_date', sa.Date(), nullable=False),
    sa.Column('start_time', sa.Time(), nullable=False),
    sa.Column('end_time', sa.Time(), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.Column('activity', sa.Enum('visit', 'escort', 'errands', 'rehabilitation', 'tutoring', 'counselling', 'other', name='activity', native_enum=False, length=20), nullable=False),
    sa.Column('activity_detail', sa.String(length=100), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('rating', sa.Integer(), nullable=True),
    sa.Column('rated_by_id', sa.Integer(), nullable=True),
    sa.Column('rated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('status', sa.Enum('submitted', 'verified', 'rejected', 'change_requested', name='logstatus', native_enum=False, length=20), nullable=False),
    sa.Column('status_reason', sa.Text(), nullable=False),
    sa.Column('proposed', sa.JSON(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('verified_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('verified_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['pairing_id'], ['pairing.id'], name=op.f('fk_service_log_pairing_id_pairing')),
    sa.ForeignKeyConstraint(['rated_by_id'], ['user.id'], name=op.f('fk_service_log_rated_by_id_user')),
    sa.ForeignKeyConstraint(['verified_by_id'], ['user.id'], name=op.f('fk_service_log_verified_by_id_user')),
    sa.ForeignKeyConstraint(['volunteer_id'], ['volunteer.id'], name=op.f('fk_service_log_volunteer_id_volunteer')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_service_log'))
    )
    with op.batch_alter_table('service_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_service_log_pairing_id'), ['pairing_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_service_log_service_date'), ['service_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_service_log_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_service_log_volunteer_id'), ['volunteer_id'], unique=False)

    op.create_table('supervision_review',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('pairing_id', sa.Integer(), nullable=False),
    sa.Column('pending_for', sa.Integer(), nullable=True),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('done_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reviewer_id', sa.Integer(), nullable=True),
    sa.Column('visits_since', sa.Integer(), nullable=True),
    sa.Column('satisfaction', sa.Integer(), nullable=True),
    sa.Column('risks', sa.Text(), nullable=False),
    sa.Column('actions', sa.Text(), nullable=False),
    sa.Column('outcome', sa.Enum('continue', 'pause', 'end', name='outcome', native_enum=False, length=20), nullable=True),
    sa.Column('status', sa.Enum('due', 'overdue', 'done', 'cancelled', name='reviewstatus', native_enum=False, length=20), nullable=False),
    sa.ForeignKeyConstraint(['pairing_id'], ['pairing.id'], name=op.f('fk_supervision_review_pairing_id_pairing')),
    sa.ForeignKeyConstraint(['reviewer_id'], ['user.id'], name=op.f('fk_supervision_review_reviewer_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_supervision_review')),
    sa.UniqueConstraint('pending_for', name=op.f('uq_supervision_review_pending_for'))
    )
    with op.batch_alter_table('supervision_review', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_supervision_review_due_on'), ['due_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_supervision_review_pairing_id'), ['pairing_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_supervision_review_status'), ['status'], unique=False)



def downgrade():
    with op.batch_alter_table('supervision_review', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_supervision_review_status'))
        batch_op.drop_index(batch_op.f('ix_supervision_review_pairing_id'))
        batch_op.drop_index(batch_op.f('ix_supervision_review_due_on'))

    op.drop_table('supervision_review')
    with op.batch_alter_table('service_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_service_log_volunteer_id'))
        batch_op.drop_index(batch_op.f('ix_service_log_status'))
        batch_op.drop_index(batch_op.f('ix_service_log_service_date'))
        batch_op.drop_index(batch_op.f('ix_service_log_pairing_id'))

    op.drop_table('service_log')
    with op.batch_alter_table('incident', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_incident_status'))
        batch_op.drop_index(batch_op.f('ix_incident_pairing_id'))

    op.drop_table('incident')
    op.drop_table('reward_profile')
    with op.batch_alter_table('certificate', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_certificate_volunteer_id'))

    op.drop_table('certificate')
