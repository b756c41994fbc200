/*
 * Writing text from the input (labels, column names, file names) into
 * JSON strings, XML/HTML text and attributes, and CSV fields. Input bytes
 * that are not valid UTF-8, and control characters XML cannot hold, are
 * written as U+FFFD, so every output stays well-formed whatever the CSV
 * held.
 */
#ifndef XPI_TOOL_ESCAPE_H
#define XPI_TOOL_ESCAPE_H

#include <stddef.h>
#include <stdio.h>

enum escape { ESCAPE_JSON, ESCAPE_XML, ESCAPE_CSV };

/* Writes s escaped for the context; JSON and CSV include the quotes. */
void write_escaped(FILE *f, const char *s, enum escape how);

/* Copies at most max_chars code points of s (and never more than fits in
 * size with the ellipsis), never cutting a UTF-8 sequence, and ends with
 * an ellipsis when it had to cut. size must be at least 4. */
void clip_text(char *buf, size_t size, const char *s, size_t max_chars);

#endif
