/*
 * Fuzz target: the reference-data CSV parsers.  The input is parsed as a
 * holiday arrangement (`calendar import`) into a fresh calendar and as a
 * regions CSV (`regions import`); whatever parses is then queried, and the
 * calendar's arithmetic is checked against its own definition.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "core/calendar.h"
#include "core/region.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
query_calendar(const struct calendar *cal)
{
    for (size_t i = 0; i < calendar_entry_count(cal) && i < 64; i++) {
        zq_date d = calendar_entry_at(cal, i)->date, e;
        bool prov = false;

        (void)calendar_is_workday(cal, d, &prov);
        (void)calendar_day_name(cal, d);
        e = calendar_add_workdays(cal, d, (int)(i % 7), &prov);
        if (calendar_workdays(cal, d, e, &prov) != (int)(i % 7))
            abort();
        e = calendar_last_workday_on_or_before(cal, d, &prov);
        if (e > d || !calendar_is_workday(cal, e, NULL) || calendar_workdays(cal, e, d, NULL) != 0)
            abort();
    }
}

static void
query_regions(const struct region_table *t)
{
    for (size_t i = 0; i < region_table_count(t) && i < 64; i++) {
        const struct region *r = region_table_at(t, i), *p = region_parent(t, r);

        if (region_find(t, r->code) != r || !region_within(t, r->code, r->code))
            abort();
        if (p != NULL && !region_within(t, r->code, p->code))
            abort();
    }
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct calendar *cal = calendar_new_empty();
    struct region_table *t = NULL;
    struct zq_err err;
    int added = 0;

    if (calendar_parse_csv(cal, (const char *)data, size, "fuzz.csv", &added, &err) == 0) {
        if ((size_t)added != calendar_entry_count(cal))
            abort();
        query_calendar(cal);
    } else if (calendar_entry_count(cal) != 0) {
        abort(); /* nothing may be applied on error */
    }
    calendar_free(cal);
    if (region_table_parse((const char *)data, size, "fuzz.csv", &t, &err) == 0) {
        query_regions(t);
        region_table_free(t);
    }
    return 0;
}
