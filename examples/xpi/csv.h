/*
 * A streaming RFC 4180 CSV reader: quoted fields with embedded delimiters,
 * quotes ("") and line breaks; LF, CRLF or CR line ends; a UTF-8 byte
 * order mark; the delimiter (',' ';' or tab) detected from the first
 * record. Memory stays bounded whatever the file size: one read buffer and
 * one record, which may not exceed CSV_MAX_RECORD bytes.
 *
 * Lenient where common exports are sloppy and nothing is lost: a quote
 * inside an unquoted field is kept as a character, and text after a
 * closing quote is appended to the field (as Python's csv module does).
 * Strict where data would be misread: an unterminated quote, a NUL byte
 * (binary data) or an over-long record is an error that names the line.
 */
#ifndef XPI_TOOL_CSV_H
#define XPI_TOOL_CSV_H

#include <stddef.h>
#include <stdio.h>

/* A record whose text (delimiters and quotes aside) is longer than this
 * is an error (usually an unterminated quote swallowing the rest of the
 * file). */
#define CSV_MAX_RECORD (1u << 20)
/* More fields than this in one record is an error. */
#define CSV_MAX_FIELDS 4096u

enum {
    CSV_RECORD = 1,         /* a record was read */
    CSV_END = 0,            /* end of input */
    CSV_ERR_QUOTE = -1,     /* a quoted field runs to the end of the input */
    CSV_ERR_TOO_LONG = -2,  /* record or field count beyond the limits */
    CSV_ERR_BINARY = -3,    /* a NUL byte: not a text file */
    CSV_ERR_READ = -4,      /* the stream reported an error */
    CSV_ERR_NO_MEMORY = -5
};

typedef struct csv_reader csv_reader;

/* A reader of f (left open; the caller closes it). delimiter: ',', ';',
 * '\t', or 0 to detect it from the first record (the most frequent of the
 * three outside quotes; ',' when none occurs). NULL when out of memory. */
csv_reader *csv_open(FILE *f, int delimiter);
void csv_close(csv_reader *r);

/* Reads the next record: CSV_RECORD, CSV_END or an error (negative). Blank
 * lines are skipped. After an error the reader stays in it. */
int csv_read(csv_reader *r);

/* The current record's fields, NUL-terminated (a field may also contain
 * NUL-free text with line breaks). Valid until the next csv_read. */
size_t csv_field_count(const csv_reader *r);
const char *csv_field(const csv_reader *r, size_t i, size_t *length);

/* The line the current record (or the error) started on, from 1. */
unsigned long long csv_line(const csv_reader *r);
/* Bytes consumed so far (for progress). */
unsigned long long csv_bytes(const csv_reader *r);
/* The delimiter in use (after the first csv_read when detected). */
int csv_delimiter(const csv_reader *r);

const char *csv_strerror(int status);

#endif
