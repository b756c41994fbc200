/*
 * Streaming RFC 4180 reader (see csv.h). One pass over a fixed read
 * buffer: runs of ordinary bytes are found with a class table and copied
 * at once, and only delimiters, quotes, line ends and NUL go through the
 * state machine.
 */
#include "csv.h"

#include <stdlib.h>
#include <string.h>

#define CHUNK (256u * 1024u)

enum state { FIELD_START, UNQUOTED, QUOTED, QUOTE_SEEN };

/* Byte classes: what ends a run of ordinary bytes. */
enum { ORDINARY = 0, SPECIAL_UNQUOTED = 1, SPECIAL_QUOTED = 2 };

struct csv_reader {
    FILE *f;
    unsigned char *buf;
    size_t pos, len;
    int eof, status, delimiter, started;
    unsigned char klass[256];
    /* The record: fields back to back, each NUL-terminated. */
    char *rec;
    size_t rec_len, rec_cap;
    size_t *start;
    size_t fields, start_cap;
    unsigned long long line, record_line, bytes;
    int after_cr; /* the last byte was a CR: a following LF ends nothing */
};

static int fill(csv_reader *r)
{
    size_t n;
    if (r->eof)
        return 0;
    n = fread(r->buf, 1, CHUNK, r->f);
    r->pos = 0;
    r->len = n;
    if (n < CHUNK) {
        if (ferror(r->f))
            r->status = CSV_ERR_READ;
        r->eof = 1;
    }
    return n > 0;
}

/* The most frequent candidate on the first record of the buffer (blank
 * lines before it skipped; outside quotes, which open only at the start of
 * a field, as the reader has it); ',' on ties and when none occurs. Any
 * candidate counts as a field boundary here, since the delimiter is not
 * known yet. */
static int detect_delimiter(const unsigned char *p, size_t n)
{
    size_t comma = 0, semicolon = 0, tab = 0, i = 0;
    int quoted = 0, field_start = 1;
    while (i < n && (p[i] == '\n' || p[i] == '\r'))
        i++;
    for (; i < n; i++) {
        unsigned char c = p[i];
        if (quoted) {
            if (c == '"' && i + 1 < n && p[i + 1] == '"')
                i++;
            else if (c == '"')
                quoted = 0;
            continue;
        }
        if (c == '\n' || c == '\r')
            break;
        if (c == '"' && field_start)
            quoted = 1;
        comma += c == ',';
        semicolon += c == ';';
        tab += c == '\t';
        field_start = c == ',' || c == ';' || c == '\t';
    }
    if (semicolon > comma && semicolon >= tab)
        return ';';
    if (tab > comma && tab > semicolon)
        return '\t';
    return ',';
}

static void set_classes(csv_reader *r)
{
    memset(r->klass, ORDINARY, sizeof r->klass);
    r->klass[(unsigned char)r->delimiter] = SPECIAL_UNQUOTED;
    r->klass['"'] = SPECIAL_UNQUOTED | SPECIAL_QUOTED;
    r->klass['\n'] = SPECIAL_UNQUOTED | SPECIAL_QUOTED;
    r->klass['\r'] = SPECIAL_UNQUOTED | SPECIAL_QUOTED;
    r->klass[0] = SPECIAL_UNQUOTED | SPECIAL_QUOTED;
}

csv_reader *csv_open(FILE *f, int delimiter)
{
    csv_reader *r = calloc(1, sizeof *r);
    if (r == NULL)
        return NULL;
    r->f = f;
    r->buf = malloc(CHUNK);
    r->rec_cap = 4096;
    r->rec = malloc(r->rec_cap);
    r->start_cap = 64;
    r->start = malloc(r->start_cap * sizeof *r->start);
    if (r->buf == NULL || r->rec == NULL || r->start == NULL) {
        csv_close(r);
        return NULL;
    }
    r->delimiter = delimiter;
    r->line = 1;
    return r;
}

void csv_close(csv_reader *r)
{
    if (r == NULL)
        return;
    free(r->buf);
    free(r->rec);
    free(r->start);
    free(r);
}

/* Room in the record for the rest of the read buffer: each input byte
 * adds at most one byte (a delimiter becomes a field's NUL), so after this
 * the copies below need no checks of their own. */
static int reserve(csv_reader *r)
{
    size_t need = r->rec_len + (r->len - r->pos) + 1, cap = r->rec_cap;
    char *grown;
    if (need <= cap)
        return CSV_RECORD;
    while (cap < need)
        cap *= 2;
    grown = realloc(r->rec, cap);
    if (grown == NULL)
        return CSV_ERR_NO_MEMORY;
    r->rec = grown;
    r->rec_cap = cap;
    return CSV_RECORD;
}

/* The record's text, without the NULs that close its fields. */
static size_t text_bytes(const csv_reader *r)
{
    return r->rec_len - r->fields;
}

static int append(csv_reader *r, const void *p, size_t n)
{
    memcpy(r->rec + r->rec_len, p, n);
    r->rec_len += n;
    return text_bytes(r) > CSV_MAX_RECORD ? CSV_ERR_TOO_LONG : CSV_RECORD;
}

/* Closes the current field and opens the next one at the record's end. */
static int end_field(csv_reader *r)
{
    if (r->fields == CSV_MAX_FIELDS)
        return CSV_ERR_TOO_LONG;
    r->rec[r->rec_len++] = '\0';
    if (r->fields + 1 >= r->start_cap) {
        size_t *grown;
        grown = realloc(r->start, 2 * r->start_cap * sizeof *grown);
        if (grown == NULL)
            return CSV_ERR_NO_MEMORY;
        r->start = grown;
        r->start_cap *= 2;
    }
    r->start[++r->fields] = r->rec_len;
    return CSV_RECORD;
}

static void begin_record(csv_reader *r)
{
    r->rec_len = 0;
    r->fields = 0;
    r->start[0] = 0;
    r->record_line = r->line;
}

/* Errors stay; the line reported is the record's, or for binary data the
 * line of the NUL byte. */
static int fail(csv_reader *r, int status)
{
    if (status == CSV_ERR_BINARY)
        r->record_line = r->line;
    r->status = status;
    r->fields = 0;
    return status;
}

int csv_read(csv_reader *r)
{
    enum state st = FIELD_START;
    int quoted_any = 0, status;

    if (r->status < 0)
        return r->status;
    if (!r->started) {
        r->started = 1;
        fill(r);
        if (r->len >= 3 && memcmp(r->buf, "\xEF\xBB\xBF", 3) == 0) {
            r->pos = 3;
            r->bytes = 3;
        }
        if (r->delimiter == 0)
            r->delimiter = detect_delimiter(r->buf + r->pos, r->len - r->pos);
        set_classes(r);
    }
    begin_record(r);
    if ((status = reserve(r)) != CSV_RECORD)
        return fail(r, status);
    for (;;) {
        unsigned char c;
        if (r->pos == r->len && fill(r) && (status = reserve(r)) != CSV_RECORD)
            return fail(r, status);
        if (r->pos == r->len) {
            if (r->status < 0)
                return fail(r, r->status);
            if (st == QUOTED)
                return fail(r, CSV_ERR_QUOTE);
            if (st == FIELD_START && r->fields == 0 && !quoted_any)
                return CSV_END;
            status = end_field(r);
            return status == CSV_RECORD ? status : fail(r, status);
        }
        if (st == UNQUOTED || st == QUOTED) {
            /* A run of ordinary bytes, copied at once. */
            int mask = st == QUOTED ? SPECIAL_QUOTED : SPECIAL_UNQUOTED;
            size_t from = r->pos;
            /* Locals: bytes read through r could alias r->pos itself. */
            const unsigned char *p = r->buf + from, *end = r->buf + r->len, *klass = r->klass;
            while (p < end && !(klass[*p] & mask))
                p++;
            r->pos = (size_t)(p - r->buf);
            if (r->pos > from) {
                r->after_cr = 0;
                r->bytes += r->pos - from;
                status = append(r, r->buf + from, r->pos - from);
                if (status != CSV_RECORD)
                    return fail(r, status);
                continue;
            }
        }
        c = r->buf[r->pos++];
        r->bytes++;
        if (c == 0)
            return fail(r, CSV_ERR_BINARY);
        if (c == '\n' && r->after_cr) {
            /* The LF of a CRLF: the CR already ended the line. */
            r->after_cr = 0;
            if (st == QUOTED && (status = append(r, &c, 1)) != CSV_RECORD)
                return fail(r, status);
            continue;
        }
        r->after_cr = c == '\r';
        if (c == '\n' || c == '\r')
            r->line++;
        if (st == QUOTED) {
            if (c == '"')
                st = QUOTE_SEEN;
            else if ((status = append(r, &c, 1)) != CSV_RECORD)
                return fail(r, status);
            continue;
        }
        if (st == QUOTE_SEEN) {
            if (c == '"') { /* "" inside quotes */
                st = QUOTED;
                if ((status = append(r, &c, 1)) != CSV_RECORD)
                    return fail(r, status);
                continue;
            }
            st = UNQUOTED; /* the quoted part ended */
        }
        if (c == '"' && st == FIELD_START) {
            st = QUOTED;
            quoted_any = 1;
        } else if (c == (unsigned char)r->delimiter) {
            if ((status = end_field(r)) != CSV_RECORD)
                return fail(r, status);
            st = FIELD_START;
        } else if (c == '\n' || c == '\r') {
            if (st == FIELD_START && r->fields == 0 && !quoted_any) {
                begin_record(r); /* a blank line */
                continue;
            }
            status = end_field(r);
            return status == CSV_RECORD ? status : fail(r, status);
        } else {
            /* Text after a closing quote, or a quote inside an unquoted
             * field: kept as it is. */
            st = UNQUOTED;
            if ((status = append(r, &c, 1)) != CSV_RECORD)
                return fail(r, status);
        }
    }
}

size_t csv_field_count(const csv_reader *r)
{
    return r->fields;
}

const char *csv_field(const csv_reader *r, size_t i, size_t *length)
{
    if (i >= r->fields)
        return NULL;
    if (length != NULL)
        *length = r->start[i + 1] - r->start[i] - 1;
    return r->rec + r->start[i];
}

unsigned long long csv_line(const csv_reader *r)
{
    return r->record_line;
}

unsigned long long csv_bytes(const csv_reader *r)
{
    return r->bytes;
}

int csv_delimiter(const csv_reader *r)
{
    return r->delimiter;
}

const char *csv_strerror(int status)
{
    switch (status) {
    case CSV_RECORD:
        return "record";
    case CSV_END:
        return "end of input";
    case CSV_ERR_QUOTE:
        return "a quoted field is never closed";
    case CSV_ERR_TOO_LONG:
        return "record too long (over 1 MiB or 4096 fields)";
    case CSV_ERR_BINARY:
        return "binary data (a NUL byte), not a CSV text file";
    case CSV_ERR_READ:
        return "read error";
    case CSV_ERR_NO_MEMORY:
        return "out of memory";
    default:
        return "unknown error";
    }
}
