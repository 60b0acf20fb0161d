/*
 * notice.h - the printable 维权信息告示牌 of a project (保障农民工工资支付条例
 * 第三十四条): its parties, the wage clerk, the local minimum wage and pay
 * day, complaint hotlines and channels, and a QR code to the public
 * complaint form pre-filled with the project.
 */
#ifndef ZQ_SVC_NOTICE_H
#define ZQ_SVC_NOTICE_H

#include <jansson.h>

#include "svc/app.h"

/* The URL the QR code holds: server.public_url + "/public/complaint?project="
 * + the code (percent-encoded), into out[cap]. */
void notice_complaint_url(const struct app *a, const char *code, char *out, size_t cap);

/* Write the notice board of project `code` as an A4 PDF to path.  lo/hi: the
 * caller's region range (NULL: any); a project outside it is ZQ_ENOTFOUND. */
int notice_board_pdf(struct app *a, const char *code, const char *lo, const char *hi,
                     const char *path, struct zq_err *err) ZQ_WUR;

/* The same board as JSON, for the public page a worker reaches by the QR
 * code: code, name, region_code, region_name, builder, contractor,
 * subcontractors, industry, industry_dept, wage_clerk (null when none is
 * registered), min_wage, pay_day, hotlines, channels, complaint_url.  Only what
 * the board posted at the site shows: no amounts, accounts or personal data
 * beyond the wage clerk's name.  An unknown code is ZQ_ENOTFOUND. */
int notice_board_json(struct app *a, const char *code, json_t **out, struct zq_err *err) ZQ_WUR;

#endif
