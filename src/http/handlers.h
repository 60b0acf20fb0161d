/*
 * handlers.h - private to http/: the route handlers, one group per file
 * (h_sys.c, h_auth.c, h_read.c, h_admin.c, h_import.c).  Each takes the
 * request, reads its input, calls one service and queues the answer; the
 * route table (routes.c) says who may call it.
 */
#ifndef ZQ_HTTP_HANDLERS_H
#define ZQ_HTTP_HANDLERS_H

#include "http/http_int.h"

/* h_sys.c */
int h_healthz(struct hreq *r);
int h_metrics(struct hreq *r);
int h_regions(struct hreq *r);

/* h_auth.c */
int h_login(struct hreq *r);
int h_logout(struct hreq *r);
int h_me(struct hreq *r);
int h_password(struct hreq *r);

/* h_read.c */
int h_projects(struct hreq *r);
int h_project(struct hreq *r);
int h_project_workers(struct hreq *r);
int h_project_txns(struct hreq *r);
int h_project_payroll(struct hreq *r);
int h_report(struct hreq *r);
int h_notice_board(struct hreq *r);
int h_public_project(struct hreq *r);
int h_project_reveal(struct hreq *r);
int h_enterprises(struct hreq *r);
int h_enterprise(struct hreq *r);
int h_enterprise_reveal(struct hreq *r);
int h_workers(struct hreq *r);
int h_worker(struct hreq *r);
int h_worker_reveal(struct hreq *r);

/* h_admin.c */
int h_users(struct hreq *r);
int h_user_add(struct hreq *r);
int h_user_update(struct hreq *r);
int h_tokens(struct hreq *r);
int h_token_add(struct hreq *r);
int h_token_revoke(struct hreq *r);
int h_audit(struct hreq *r);

/* h_import.c */
int h_import(struct hreq *r);
int h_jobs(struct hreq *r);
int h_job(struct hreq *r);

/* h_cases.c */
int h_cases(struct hreq *r);
int h_case(struct hreq *r);
int h_case_create(struct hreq *r);
int h_case_action(struct hreq *r);
int h_funds(struct hreq *r);
int h_fund(struct hreq *r);
int h_fund_topup(struct hreq *r);
int h_fund_recover(struct hreq *r);
int h_zero(struct hreq *r);
/* h_clue.c */
int h_public_clue_add(struct hreq *r);
int h_public_clue(struct hreq *r);
int h_public_clue_feedback(struct hreq *r);
int h_clues(struct hreq *r);
int h_clue(struct hreq *r);
int h_clue_add(struct hreq *r);
int h_clue_action(struct hreq *r);
int h_clue_project(struct hreq *r);
int h_duty(struct hreq *r);
int h_duty_put(struct hreq *r);
/* h_warn.c */
int h_warnings(struct hreq *r);
int h_warning(struct hreq *r);
int h_warning_ack(struct hreq *r);
int h_warning_assign(struct hreq *r);
int h_warning_notice(struct hreq *r);
int h_warning_reply(struct hreq *r);
int h_warning_review(struct hreq *r);
int h_warning_resolve(struct hreq *r);
int h_warning_dismiss(struct hreq *r);
int h_ledger(struct hreq *r);
int h_followups(struct hreq *r);
int h_followup_add(struct hreq *r);
int h_followup_feedback(struct hreq *r);
int h_rechecks(struct hreq *r);
int h_recheck_done(struct hreq *r);
int h_project_deposit(struct hreq *r);
int h_calendar(struct hreq *r);
int h_calendar_add(struct hreq *r);
/* h_credit.c */
int h_blacklist(struct hreq *r);
int h_blacklist_get(struct hreq *r);
int h_blacklist_eligibility(struct hreq *r);
int h_blacklist_propose(struct hreq *r);
int h_blacklist_step(struct hreq *r);
int h_blacklist_expire(struct hreq *r);
int h_public_blacklist(struct hreq *r);
int h_ratings(struct hreq *r);
int h_ratings_compute(struct hreq *r);
int h_incidents(struct hreq *r);
int h_incident_get(struct hreq *r);
int h_incident_add(struct hreq *r);
int h_incident_follow(struct hreq *r);
int h_zero_reports(struct hreq *r);
int h_zero_report_file(struct hreq *r);
int h_zero_report_missing(struct hreq *r);
int h_sv_rounds(struct hreq *r);
int h_sv_round_add(struct hreq *r);
int h_sv_findings(struct hreq *r);
int h_sv_finding_add(struct hreq *r);
int h_sv_follow(struct hreq *r);
int h_sv_stalled(struct hreq *r);
int h_notifications(struct hreq *r);
int h_notification_read(struct hreq *r);

#endif
