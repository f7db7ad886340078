"""Review state: users, sessions, hit states, decisions, suppressions, audit.

Revision ID: 0001
Revises:
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("username", sa.String(64), nullable=False, unique=True),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("carrier", sa.String(3), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("failed_logins", sa.Integer(), nullable=False),
        sa.Column("locked_until", TS, nullable=True),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("last_login_at", TS, nullable=True),
    )
    op.create_table(
        "web_sessions",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("csrf_token", sa.String(64), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("expires_at", TS, nullable=False),
    )
    op.create_table(
        "hit_states",
        sa.Column("hit_id", sa.String(128), primary_key=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("claimed_by", sa.String(64), nullable=True),
        sa.Column("claimed_at", TS, nullable=True),
        sa.Column("decided_by", sa.String(64), nullable=True),
        sa.Column("decided_at", TS, nullable=True),
        sa.Column("updated_at", TS, nullable=False),
    )
    op.create_table(
        "decisions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("hit_id", sa.String(128), nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("decided_at", TS, nullable=False),
        sa.Column("identity_key", sa.String(128), nullable=True),
        sa.Column("entry_id", sa.String(128), nullable=True),
        sa.Column("entry_hash", sa.String(128), nullable=True),
    )
    op.create_index("ix_decisions_hit_id", "decisions", ["hit_id"])
    op.create_table(
        "suppressions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("identity_key", sa.String(128), nullable=False),
        sa.Column("entry_id", sa.String(128), nullable=False),
        sa.Column("entry_hash", sa.String(128), nullable=False),
        sa.Column("list_name", sa.String(64), nullable=True),
        sa.Column("hit_id", sa.String(128), nullable=False),
        sa.Column("decision_id", sa.Integer(), sa.ForeignKey("decisions.id"), nullable=True),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.UniqueConstraint("identity_key", "entry_id", "entry_hash", name="uq_suppression_key"),
    )
    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", TS, nullable=False),
        sa.Column("username", sa.String(64), nullable=True),
        sa.Column("role", sa.String(16), nullable=True),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("target_type", sa.String(32), nullable=True),
        sa.Column("target_id", sa.String(256), nullable=True),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("client", sa.String(64), nullable=True),
    )
    op.create_index("ix_audit_at", "audit_events", ["at"])
    op.create_index("ix_audit_target", "audit_events", ["target_type", "target_id"])
    op.create_table(
        "review_generation",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("value", sa.Integer(), nullable=False),
    )
    op.bulk_insert(sa.table("review_generation", sa.column("id", sa.Integer()), sa.column("value", sa.Integer())),
                   [{"id": 1, "value": 0}])


def downgrade() -> None:
    for name in ("review_generation", "audit_events", "suppressions", "decisions", "hit_states", "web_sessions", "users"):
        op.drop_table(name)
