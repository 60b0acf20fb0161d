/*
 * cli_out.h - output helpers of the report commands (scan, warnings,
 * ledger): column padding by display width (a Chinese character takes two
 * columns), CSV fields (RFC 4180) and JSON strings.
 */
#ifndef ZQ_CLI_CLI_OUT_H
#define ZQ_CLI_CLI_OUT_H

#include <stdio.h>

/* Display columns of UTF-8 text (East Asian wide characters count 2). */
int cli_width(const char *s);
/* Print s and pad with spaces to `width` columns (nothing when wider). */
void cli_pad(FILE *f, const char *s, int width);
/* One CSV field, quoted when it holds a comma, quote or line break. */
void cli_csv_field(FILE *f, const char *s);
/* A JSON string literal with the escapes RFC 8259 requires. */
void cli_json_str(FILE *f, const char *s);

enum cli_format { CLI_TABLE, CLI_CSV, CLI_JSON };
/* "table", "csv", "json"; -1 otherwise. */
int cli_format_parse(const char *s);

#endif
