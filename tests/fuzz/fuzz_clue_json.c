/*
 * Fuzz target: the body of the public complaint form (POST
 * /api/v1/public/clues): JSON as the server reads it, then every field
 * parsed and validated (ID number, phone, USCC, region, money, months,
 * lengths) without a database.
 */
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "svc/clue.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct config *cfg;
static struct app *app;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_error_t je;
    json_t *body;
    struct zq_err e;

    if (app == NULL) {
        cfg = config_new();
        if (app_open(cfg, 0, &app, &e) < 0)
            abort();
    }
    body = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &je);
    if (body != NULL) {
        zq_err_clear(&e);
        (void)clue_check_body(app, body, &e);
        json_decref(body);
    }
    return 0;
}
