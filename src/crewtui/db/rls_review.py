"""Two people for a deployment, held by PostgreSQL itself (with row-level security on).

A trigger on ``agent_code_deployments`` checks every insert and update made by a member of
the authenticated group role (the service role, the tables' owner and superusers are not
checked), whatever program or psql session makes it:

- a new row starts unreviewed and undeployed (``pending``, no reviewer, not active);
- a change to the review (status, reviewer, time, comments) names the acting role as the
  reviewer: ``reviewer_id`` is the id of ``current_user``, nobody records a review in
  someone else's name;
- an approval is never by the role that generated the code, and, once the reviewers group
  role (``crewtui_reviewers``) has members, only by one of them;
- a row that is approved, deployed, rolled back or active carries an approval by someone
  other than its generator, and passed validation;
- a deployment records the acting role as ``deployed_by``;
- validation results are written only while the row is ``pending`` (when it is generated),
  and no row goes back to ``pending``.

Refusals are raised with SQLSTATE 42501 (insufficient privilege), which the program shows as
"permission denied" with the rule that was broken.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

FUNCTION = "crewtui_review_rules"
#: the group role whose members alone approve, once it has any
REVIEWERS = "crewtui_reviewers"
TRIGGER = "crewtui_review_rules"
TABLE = "agent_code_deployments"


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _function_sql(
    schema: str, authenticated: str, service: str, user_id_function: str, reviewers: str
) -> str:
    auth, svc, rev = _literal(authenticated), _literal(service), _literal(reviewers)
    deny = "RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = "
    return f"""
CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger
LANGUAGE plpgsql SECURITY INVOKER
SET search_path = "{schema.replace('"', '""')}", pg_temp AS $fn$
DECLARE
    me uuid;
BEGIN
    IF NOT pg_has_role(current_user, {auth}, 'MEMBER')
       OR pg_has_role(current_user, {svc}, 'MEMBER') THEN
        RETURN NEW;
    END IF;
    me := {user_id_function}();
    IF me IS NULL THEN
        {deny} format('role %s is not registered: ask an administrator to run '
                      '`crewtui db upgrade --with-rls`', current_user);
    END IF;
    IF TG_OP = 'INSERT' THEN
        IF NEW.reviewer_id IS NOT NULL OR NEW.reviewed_at IS NOT NULL
           OR COALESCE(NEW.review_status, 'pending') <> 'pending'
           OR COALESCE(NEW.deployment_status, 'pending') <> 'pending'
           OR COALESCE(NEW.is_active, false) OR NEW.deployed_by IS NOT NULL THEN
            {deny} 'new code starts pending: unreviewed, undeployed and inactive';
        END IF;
        RETURN NEW;
    END IF;
    IF (NEW.review_status, NEW.reviewer_id, NEW.reviewed_at, NEW.review_comments)
       IS DISTINCT FROM (OLD.review_status, OLD.reviewer_id, OLD.reviewed_at, OLD.review_comments)
    THEN
        IF NEW.reviewer_id IS DISTINCT FROM me THEN
            {deny} format('reviewer_id must be the acting role (%s): nobody records a review '
                          'in someone else''s name', current_user);
        END IF;
        IF NEW.review_status = 'approved' AND me = OLD.generated_by THEN
            {deny} format('%s generated this code and cannot approve it', current_user);
        END IF;
        IF NEW.review_status = 'approved' THEN
            IF EXISTS (SELECT 1 FROM pg_auth_members am JOIN pg_roles g ON g.oid = am.roleid
                       WHERE g.rolname = {rev}) THEN
                IF NOT pg_has_role(current_user, {rev}, 'MEMBER') THEN
                    {deny} format('%s is not a reviewer (a member of %s)', current_user, {rev});
                END IF;
            END IF;
        END IF;
    END IF;
    IF (NEW.ast_validation_passed, NEW.ast_validation_errors::text,
        NEW.security_scan_passed, NEW.security_issues::text)
       IS DISTINCT FROM (OLD.ast_validation_passed, OLD.ast_validation_errors::text,
                         OLD.security_scan_passed, OLD.security_issues::text)
       AND OLD.deployment_status <> 'pending' THEN
        {deny} 'validation results are recorded when the code is generated, not afterwards';
    END IF;
    IF NEW.deployment_status = 'pending' AND OLD.deployment_status <> 'pending' THEN
        {deny} 'code does not go back to pending';
    END IF;
    IF NEW.deployment_status IN ('approved', 'deployed', 'rolled_back') OR NEW.is_active THEN
        IF NEW.review_status IS DISTINCT FROM 'approved' OR NEW.reviewer_id IS NULL
           OR NEW.reviewer_id = NEW.generated_by THEN
            {deny} 'only code approved by someone other than its author can be approved, '
                   'deployed or made active';
        END IF;
        IF NOT (COALESCE(NEW.ast_validation_passed, false)
                AND COALESCE(NEW.security_scan_passed, false)) THEN
            {deny} 'code that failed validation cannot be approved or deployed';
        END IF;
    END IF;
    IF NEW.deployment_status = 'deployed' AND OLD.deployment_status <> 'deployed'
       AND NEW.deployed_by IS DISTINCT FROM me THEN
        {deny} format('deployed_by must be the acting role (%s)', current_user);
    END IF;
    RETURN NEW;
END
$fn$
"""


def apply_review_rules(
    connection: Connection,
    *,
    authenticated: str,
    service: str,
    user_id_function: str,
    reviewers: str = REVIEWERS,
) -> None:
    """Create (or replace) the function and the trigger; idempotent. While the ``reviewers``
    group role has members, only they approve."""
    schema = str(connection.execute(text("SELECT current_schema()")).scalar_one())
    connection.execute(
        text(_function_sql(schema, authenticated, service, user_id_function, reviewers))
    )
    connection.execute(text(f"DROP TRIGGER IF EXISTS {TRIGGER} ON {TABLE}"))
    connection.execute(
        text(
            f"CREATE TRIGGER {TRIGGER} BEFORE INSERT OR UPDATE ON {TABLE} "
            f"FOR EACH ROW EXECUTE FUNCTION {FUNCTION}()"
        )
    )


def remove_review_rules(connection: Connection) -> None:
    connection.execute(text(f"DROP TRIGGER IF EXISTS {TRIGGER} ON {TABLE}"))
    connection.execute(text(f"DROP FUNCTION IF EXISTS {FUNCTION}()"))


def review_rules_enforced(connection: Connection) -> bool:
    """Whether the database itself holds the review rules (PostgreSQL with the trigger)."""
    if connection.dialect.name != "postgresql":
        return False
    return bool(
        connection.execute(
            text(
                "SELECT 1 FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE t.tgname = :t AND c.relname = :r AND n.nspname = current_schema()"
            ),
            {"t": TRIGGER, "r": TABLE},
        ).first()
    )
