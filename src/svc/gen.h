/*
 * gen.h - synthetic data in the interchange formats of SPEC §4, with planted
 * violations (`zhiqian gen`, docs/gen.md).
 *
 * A generator is a small value (O(1) in the number of projects): every
 * project, its enterprises, workers and calendar are derived from the seed
 * and the project's index, so each kind is written by streaming over the
 * projects and any kind can be regenerated alone, byte for byte the same as
 * in a full run.  The planted violations and the manifest that lists them
 * (rule, subject_type, subject_code, month) are valid for the scan date
 * opts.as_of.  No floating point: money is int64 fen throughout.
 */
#ifndef ZQ_SVC_GEN_H
#define ZQ_SVC_GEN_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/calendar.h"
#include "core/date.h"
#include "core/err.h"

#define GEN_DEFAULT_AS_OF      "2026-11-23"
#define GEN_DEFAULT_SEED       1
#define GEN_DEFAULT_VIOLATIONS 5 /* percent of projects */

enum gen_scale {
    GEN_SCALE_COUNTY,   /* 慈溪市 and neighbours: 200 projects */
    GEN_SCALE_CITY,     /* the counties of 宁波市: 5,000 projects */
    GEN_SCALE_PROVINCE, /* the counties of 浙江省: 50,000 projects */
};

/* The kinds of SPEC §4 in the order `gen --out` writes them, then the manifest. */
enum gen_kind {
    GEN_ENTERPRISES,
    GEN_PROJECTS,
    GEN_SUBCONTRACTS,
    GEN_ACCOUNTS,
    GEN_DEPOSITS,
    GEN_EMPLOYMENT,
    GEN_ATTENDANCE,
    GEN_PAYROLL,
    GEN_TXNS,
    GEN_DISBURSEMENTS,
    GEN_PAYMENTS,
    GEN_CLUES,
    GEN_CASES,
    GEN_BLACKLIST,
    GEN_MANIFEST,
    GEN_NKINDS
};

struct gen_opts {
    enum gen_scale scale;
    uint64_t seed;
    zq_date as_of;      /* the scan date the manifest is valid for */
    int violations_pct; /* 0-100: share of projects with one planted violation */
    uint32_t projects;  /* 0: the scale's number; else this many (tests, benchmarks) */
    int defaults_pct;   /* 0-25: share of projects with a planted future default, and as many
                           decoys (defaults.csv; 0 leaves every other file unchanged) */
    const struct calendar *cal; /* borrowed; NULL: the built-in calendar */
};

struct gen_stats {
    uint64_t rows; /* data rows, header excluded */
    uint64_t bytes;
};

struct gen;

/* Defaults: county, seed 1, as-of 2026-11-23, 5% violations, built-in calendar. */
void gen_opts_default(struct gen_opts *o);

/* "county" | "city" | "province"; "manifest" or a kind name of SPEC §4. */
int gen_scale_parse(const char *s, enum gen_scale *out, struct zq_err *err) ZQ_WUR;
int gen_kind_parse(const char *s, enum gen_kind *out, struct zq_err *err) ZQ_WUR;
/* "enterprises" ... "blacklist", "manifest": the file name without ".csv". */
const char *gen_kind_name(enum gen_kind k);

/*
 * A generator for these options (copied; opts->cal must outlive the
 * generator).  *out is owned by the caller: gen_free.  ZQ_EINVAL when an
 * option is out of range (violations_pct, projects above 1,000,000, an as-of
 * date whose window leaves 1901-2198).
 */
int gen_new(const struct gen_opts *opts, struct gen **out, struct zq_err *err) ZQ_WUR;
void gen_free(struct gen *g);

/*
 * Stream one kind as CSV (UTF-8, no BOM, header with the English column
 * names, LF line ends) to f, which stays the caller's.  A generator writes one
 * kind at a time (it owns the scratch space).  st (may be NULL) gets the
 * rows and bytes written.  ZQ_EIO when writing fails.
 */
int gen_write(struct gen *g, enum gen_kind k, FILE *f, struct gen_stats *st,
              struct zq_err *err) ZQ_WUR;

/*
 * Write DIR/<kind>.csv for every kind and DIR/manifest.csv, creating DIR
 * (one level) when it is missing.  st (may be NULL) gets GEN_NKINDS entries
 * and ns (may be NULL) the nanoseconds each took.  ZQ_EIO on any failure.
 */
int gen_write_dir(struct gen *g, const char *dir, struct gen_stats *st, uint64_t *ns,
                  struct zq_err *err) ZQ_WUR;

/*
 * Write defaults.csv (project_code,outcome,profile,default_month,due_on,
 * evaluate_on): the planted future defaults (outcome "default": the wages of
 * default_month go unpaid past due_on) and the decoys ("decoy": a passing
 * blip, no default), for validating the default risk as of evaluate_on, a
 * date before any arrears can show.  gen_write_dir writes it when
 * defaults_pct > 0.
 */
int gen_write_defaults(struct gen *g, FILE *f, struct gen_stats *st, struct zq_err *err) ZQ_WUR;

uint32_t gen_project_count(const struct gen *g);
uint32_t gen_plant_count(const struct gen *g);
/* Bytes the generator holds (its state and scratch): independent of the
 * number of projects, which is what keeps a province's generation bounded. */
size_t gen_state_bytes(const struct gen *g);

#endif
