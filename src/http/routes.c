/*
 * routes.c - the route table of the API and the matcher.
 *
 * A route is one row: method, path pattern, handler, the roles allowed
 * (0: public), flags and a name for the metrics.  Authorisation by role
 * happens here, before the handler runs; what a role may see of an object
 * is the scope, applied by the store's queries (an object out of scope is
 * 404, never 403, so that its existence does not leak).
 */
#include <string.h>

#include "http/handlers.h"

/* Roles that read the supervision data. */
#define READERS (ROLES_STAFF | ROLE_BIT(ROLE_ENTERPRISE))
/* Roles that may see a personal value in clear (and are audited when they do). */
#define REVEALERS (ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_INSPECTOR))
/* Roles that upload data. */
#define IMPORTERS                                                                  \
    (ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_INSPECTOR) | ROLE_BIT(ROLE_ENTERPRISE) | \
     ROLE_BIT(ROLE_BANK))
#define ADMIN    ROLE_BIT(ROLE_ADMIN)
#define LOGGEDIN (ROLES_STAFF | ROLE_BIT(ROLE_ENTERPRISE))
/* Roles that enter and handle clues (leaders read them). */
#define CLUE_HANDLERS \
    (ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_INSPECTOR) | ROLE_BIT(ROLE_DEPT_OFFICER))

/* Roles that open cases and move the emergency fund. */
#define CASE_OPENERS (ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_LEADER) | ROLE_BIT(ROLE_INSPECTOR))
/* Roles that handle warnings; an enterprise only replies (SPEC §5). */
#define WARN_STAFF   ROLES_STAFF
#define WARN_REPLIER (ROLES_STAFF | ROLE_BIT(ROLE_ENTERPRISE))
/* Roles that run the credit workflow and supervision. */
#define CREDIT_OFFICERS (ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_LEADER) | ROLE_BIT(ROLE_INSPECTOR))

const struct route http_routes[] = {
    { "GET", "/healthz", h_healthz, 0, 0, "healthz" },
    { "GET", "/metrics", h_metrics, 0, 0, "metrics" },
    { "GET", "/api/v1/regions", h_regions, 0, 0, "regions" },

    { "POST", "/api/v1/session", h_login, 0, ROUTE_JSON, "session.create" },
    { "DELETE", "/api/v1/session", h_logout, LOGGEDIN, ROUTE_SESSION_ONLY, "session.delete" },
    { "GET", "/api/v1/me", h_me, ROLES_ANY, 0, "me" },
    { "PUT", "/api/v1/me/password", h_password, LOGGEDIN, ROUTE_JSON | ROUTE_SESSION_ONLY,
      "me.password" },

    { "GET", "/api/v1/projects", h_projects, READERS, 0, "projects.list" },
    { "GET", "/api/v1/projects/{code}", h_project, READERS, 0, "projects.get" },
    { "GET", "/api/v1/projects/{code}/workers", h_project_workers, READERS, 0, "projects.workers" },
    { "GET", "/api/v1/projects/{code}/txns", h_project_txns, READERS, 0, "projects.txns" },
    { "GET", "/api/v1/projects/{code}/payroll", h_project_payroll, READERS, 0, "projects.payroll" },
    { "POST", "/api/v1/projects/{code}/reveal", h_project_reveal, REVEALERS, ROUTE_JSON,
      "projects.reveal" },
    { "GET", "/api/v1/projects/{code}/notice-board.pdf", h_notice_board, ROLES_STAFF, 0,
      "projects.notice_board" },
    { "GET", "/api/v1/reports/{kind}", h_report, ROLES_STAFF, 0, "reports.get" },

    { "GET", "/api/v1/enterprises", h_enterprises, READERS, 0, "enterprises.list" },
    { "GET", "/api/v1/enterprises/{uscc}", h_enterprise, READERS, 0, "enterprises.get" },
    { "POST", "/api/v1/enterprises/{uscc}/reveal", h_enterprise_reveal, REVEALERS, ROUTE_JSON,
      "enterprises.reveal" },

    { "GET", "/api/v1/workers", h_workers, READERS, 0, "workers.list" },
    { "GET", "/api/v1/workers/{id}", h_worker, READERS, 0, "workers.get" },
    { "POST", "/api/v1/workers/{id}/reveal", h_worker_reveal, REVEALERS, ROUTE_JSON,
      "workers.reveal" },

    { "POST", "/api/v1/imports/{kind}", h_import, IMPORTERS, ROUTE_UPLOAD, "imports.create" },
    { "GET", "/api/v1/jobs", h_jobs, IMPORTERS, 0, "jobs.list" },
    { "GET", "/api/v1/jobs/{id}", h_job, IMPORTERS, 0, "jobs.get" },

    { "GET", "/api/v1/users", h_users, ADMIN, 0, "users.list" },
    { "POST", "/api/v1/users", h_user_add, ADMIN, ROUTE_JSON | ROUTE_SESSION_ONLY, "users.create" },
    { "PATCH", "/api/v1/users/{id}", h_user_update, ADMIN, ROUTE_JSON | ROUTE_SESSION_ONLY,
      "users.update" },
    { "GET", "/api/v1/tokens", h_tokens, ADMIN, 0, "tokens.list" },
    { "POST", "/api/v1/tokens", h_token_add, ADMIN, ROUTE_JSON | ROUTE_SESSION_ONLY,
      "tokens.create" },
    { "DELETE", "/api/v1/tokens/{id}", h_token_revoke, ADMIN, ROUTE_SESSION_ONLY, "tokens.revoke" },
    { "GET", "/api/v1/audit", h_audit, ADMIN, 0, "audit.list" },

    { "GET", "/api/v1/cases", h_cases, READERS, 0, "cases.list" },
    { "POST", "/api/v1/cases", h_case_create, CASE_OPENERS, ROUTE_JSON, "cases.create" },
    { "GET", "/api/v1/cases/{case_no}", h_case, READERS, 0, "cases.get" },
    { "POST", "/api/v1/cases/{case_no}/actions", h_case_action, ROLES_STAFF, ROUTE_JSON,
      "cases.action" },
    { "GET", "/api/v1/funds", h_funds, ROLES_STAFF, 0, "funds.list" },
    { "GET", "/api/v1/funds/{region}", h_fund, ROLES_STAFF, 0, "funds.get" },
    { "POST", "/api/v1/funds/{region}/topups", h_fund_topup, CASE_OPENERS, ROUTE_JSON,
      "funds.topup" },
    { "POST", "/api/v1/funds/{region}/recoveries", h_fund_recover, CASE_OPENERS, ROUTE_JSON,
      "funds.recover" },
    { "GET", "/api/v1/zero-arrears", h_zero, ROLES_STAFF, 0, "zero_arrears" },
    { "POST", "/api/v1/public/clues", h_public_clue_add, 0, ROUTE_JSON, "public.clues.create" },
    { "GET", "/api/v1/public/clues/{ticket}", h_public_clue, 0, 0, "public.clues.get" },
    { "POST", "/api/v1/public/clues/{ticket}/feedback", h_public_clue_feedback, 0, ROUTE_JSON,
      "public.clues.feedback" },
    { "GET", "/api/v1/clues", h_clues, ROLES_STAFF, 0, "clues.list" },
    { "POST", "/api/v1/clues", h_clue_add, CLUE_HANDLERS, ROUTE_JSON, "clues.create" },
    { "GET", "/api/v1/clues/{ticket}", h_clue, ROLES_STAFF, 0, "clues.get" },
    { "POST", "/api/v1/clues/{ticket}/actions", h_clue_action, CLUE_HANDLERS, ROUTE_JSON,
      "clues.actions" },
    { "POST", "/api/v1/clues/{ticket}/project", h_clue_project,
      ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_INSPECTOR), ROUTE_JSON, "clues.project" },
    { "GET", "/api/v1/duty", h_duty, ROLES_STAFF, 0, "duty.list" },
    { "PUT", "/api/v1/duty", h_duty_put, ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_INSPECTOR),
      ROUTE_JSON, "duty.put" },
    { "GET", "/api/v1/warnings", h_warnings, READERS, 0, "warnings.list" },
    { "GET", "/api/v1/warnings/{id}", h_warning, READERS, 0, "warnings.get" },
    { "POST", "/api/v1/warnings/{id}/ack", h_warning_ack, WARN_STAFF, 0, "warnings.ack" },
    { "POST", "/api/v1/warnings/{id}/assign", h_warning_assign, WARN_STAFF, 0, "warnings.assign" },
    { "POST", "/api/v1/warnings/{id}/notice", h_warning_notice, WARN_STAFF, 0, "warnings.notice" },
    { "POST", "/api/v1/warnings/{id}/reply", h_warning_reply, WARN_REPLIER, 0, "warnings.reply" },
    { "POST", "/api/v1/warnings/{id}/review", h_warning_review, WARN_STAFF, 0, "warnings.review" },
    { "POST", "/api/v1/warnings/{id}/resolve", h_warning_resolve, WARN_STAFF, 0,
      "warnings.resolve" },
    { "POST", "/api/v1/warnings/{id}/dismiss", h_warning_dismiss, WARN_STAFF, 0,
      "warnings.dismiss" },
    { "GET", "/api/v1/ledger", h_ledger, WARN_STAFF, 0, "ledger.list" },
    { "GET", "/api/v1/ledger/{type}/{code}/followups", h_followups, WARN_STAFF, 0,
      "ledger.followups" },
    { "POST", "/api/v1/ledger/{type}/{code}/followups", h_followup_add, WARN_STAFF, ROUTE_JSON,
      "ledger.followup" },
    { "POST", "/api/v1/followups/{id}/feedback", h_followup_feedback, WARN_STAFF, ROUTE_JSON,
      "followups.feedback" },
    { "GET", "/api/v1/rechecks", h_rechecks, WARN_STAFF, 0, "rechecks.list" },
    { "POST", "/api/v1/rechecks/{id}/done", h_recheck_done, WARN_STAFF, ROUTE_JSON,
      "rechecks.done" },
    { "GET", "/api/v1/projects/{code}/deposit", h_project_deposit, READERS, 0, "projects.deposit" },
    { "GET", "/api/v1/calendar", h_calendar, ROLES_ANY, 0, "calendar.days" },
    { "GET", "/api/v1/calendar/add-workdays", h_calendar_add, ROLES_ANY, 0,
      "calendar.add_workdays" },
    /* credit and follow-through (h_credit.c) */
    { "GET", "/api/v1/public/blacklist", h_public_blacklist, 0, 0, "public.blacklist" },
    { "GET", "/api/v1/public/projects/{code}", h_public_project, 0, 0, "public.projects.get" },
    { "GET", "/api/v1/blacklist", h_blacklist, ROLES_STAFF, 0, "blacklist.list" },
    { "POST", "/api/v1/blacklist", h_blacklist_propose, CREDIT_OFFICERS, ROUTE_JSON,
      "blacklist.propose" },
    { "GET", "/api/v1/blacklist/eligibility", h_blacklist_eligibility, ROLES_STAFF, 0,
      "blacklist.eligibility" },
    { "POST", "/api/v1/blacklist/expire", h_blacklist_expire, ADMIN, ROUTE_JSON,
      "blacklist.expire" },
    { "GET", "/api/v1/blacklist/{id}", h_blacklist_get, ROLES_STAFF, 0, "blacklist.get" },
    { "POST", "/api/v1/blacklist/{id}/{step}", h_blacklist_step, CREDIT_OFFICERS, ROUTE_JSON,
      "blacklist.step" },
    { "GET", "/api/v1/ratings", h_ratings, ROLES_STAFF, 0, "ratings.list" },
    { "POST", "/api/v1/ratings", h_ratings_compute, CREDIT_OFFICERS, ROUTE_JSON,
      "ratings.compute" },
    { "GET", "/api/v1/incidents", h_incidents, ROLES_STAFF, 0, "incidents.list" },
    { "POST", "/api/v1/incidents", h_incident_add, ROLES_STAFF, ROUTE_JSON, "incidents.create" },
    { "GET", "/api/v1/incidents/{id}", h_incident_get, ROLES_STAFF, 0, "incidents.get" },
    { "POST", "/api/v1/incidents/{id}/followups", h_incident_follow, ROLES_STAFF, ROUTE_JSON,
      "incidents.followup" },
    { "GET", "/api/v1/zero-reports", h_zero_reports, ROLES_STAFF, 0, "zero_reports.list" },
    { "POST", "/api/v1/zero-reports", h_zero_report_file, ROLES_STAFF, ROUTE_JSON,
      "zero_reports.file" },
    { "GET", "/api/v1/zero-reports/missing", h_zero_report_missing, ROLES_STAFF, 0,
      "zero_reports.missing" },
    { "GET", "/api/v1/supervision/rounds", h_sv_rounds, ROLES_STAFF, 0, "supervision.rounds" },
    { "POST", "/api/v1/supervision/rounds", h_sv_round_add, CREDIT_OFFICERS, ROUTE_JSON,
      "supervision.round_create" },
    { "GET", "/api/v1/supervision/rounds/{id}/findings", h_sv_findings, ROLES_STAFF, 0,
      "supervision.findings" },
    { "POST", "/api/v1/supervision/rounds/{id}/findings", h_sv_finding_add, CREDIT_OFFICERS,
      ROUTE_JSON, "supervision.finding_create" },
    { "POST", "/api/v1/supervision/findings/{id}/followups", h_sv_follow, ROLES_STAFF, ROUTE_JSON,
      "supervision.followup" },
    { "GET", "/api/v1/supervision/stalled", h_sv_stalled, ROLES_STAFF, 0, "supervision.stalled" },
    { "GET", "/api/v1/notifications", h_notifications, LOGGEDIN, 0, "notifications.list" },
    { "POST", "/api/v1/notifications/read", h_notification_read, LOGGEDIN, ROUTE_SESSION_ONLY,
      "notifications.read_all" },
    { "POST", "/api/v1/notifications/{id}/read", h_notification_read, LOGGEDIN, ROUTE_SESSION_ONLY,
      "notifications.read" },
};
const size_t http_nroutes = sizeof http_routes / sizeof http_routes[0];

/* Match path against pattern; params get the {x} segments. */
static bool
match(const char *pattern, const char *path, char params[HTTP_MAX_PARAMS][HTTP_PARAM_MAX], int *np)
{
    const char *p = pattern, *s = path;

    *np = 0;
    while (*p != '\0' && *s != '\0') {
        if (*p == '{') {
            size_t n = strcspn(s, "/");
            const char *close = strchr(p, '}');
            if (close == NULL || n == 0 || n >= HTTP_PARAM_MAX || *np >= HTTP_MAX_PARAMS)
                return false;
            memcpy(params[*np], s, n);
            params[*np][n] = '\0';
            (*np)++;
            s += n;
            p = close + 1;
            continue;
        }
        if (*p != *s)
            return false;
        p++;
        s++;
    }
    return *p == '\0' && *s == '\0';
}

const struct route *
http_route_match(const char *method, const char *path, char params[HTTP_MAX_PARAMS][HTTP_PARAM_MAX],
                 int *nparams, bool *path_known)
{
    *path_known = false;
    *nparams = 0;
    for (size_t i = 0; i < http_nroutes; i++) {
        if (!match(http_routes[i].pattern, path, params, nparams))
            continue;
        if (strcmp(http_routes[i].method, method) == 0)
            return &http_routes[i];
        *path_known = true;
    }
    *nparams = 0;
    return NULL;
}

void
http_route_allow(const char *path, char *out, size_t cap)
{
    char params[HTTP_MAX_PARAMS][HTTP_PARAM_MAX];
    size_t len = 0;
    int np;

    out[0] = '\0';
    for (size_t i = 0; i < http_nroutes; i++) {
        size_t m = strlen(http_routes[i].method);
        if (!match(http_routes[i].pattern, path, params, &np) || len + m + 3 > cap)
            continue;
        if (len > 0) {
            memcpy(out + len, ", ", 2);
            len += 2;
        }
        memcpy(out + len, http_routes[i].method, m + 1);
        len += m;
    }
}
