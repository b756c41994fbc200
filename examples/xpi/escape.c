/*
 * Escaping for the outputs (see escape.h).
 */
#include "escape.h"

#include <string.h>

#define REPLACEMENT "\xEF\xBF\xBD" /* U+FFFD */

/* Length of the valid UTF-8 sequence at s (1 to 4), or 0 when the bytes
 * there are not one (overlong forms, surrogates, beyond U+10FFFF). */
static int utf8_length(const unsigned char *s)
{
    unsigned c = s[0];
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        return (s[1] & 0xC0) == 0x80 ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        unsigned lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
        return s[1] >= lo && s[1] <= hi && (s[2] & 0xC0) == 0x80 ? 3 : 0;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        unsigned lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
        return s[1] >= lo && s[1] <= hi && (s[2] & 0xC0) == 0x80 && (s[3] & 0xC0) == 0x80 ? 4
                                                                                          : 0;
    }
    return 0;
}

void write_escaped(FILE *f, const char *text, enum escape how)
{
    const unsigned char *s = (const unsigned char *)text;
    if (how != ESCAPE_XML)
        fputc('"', f);
    while (*s) {
        int n = utf8_length(s);
        unsigned c = *s;
        if (n == 0) {
            fputs(REPLACEMENT, f);
            s++;
            continue;
        }
        /* U+FFFE and U+FFFF are not XML characters either. */
        if (how == ESCAPE_XML && n == 3 && s[0] == 0xEF && s[1] == 0xBF && s[2] >= 0xBE) {
            fputs(REPLACEMENT, f);
            s += 3;
            continue;
        }
        if (n > 1) {
            fwrite(s, 1, (size_t)n, f);
            s += n;
            continue;
        }
        s++;
        switch (how) {
        case ESCAPE_JSON:
            if (c == '"' || c == '\\')
                fprintf(f, "\\%c", (int)c);
            else if (c < 0x20)
                fprintf(f, "\\u%04x", c);
            else
                fputc((int)c, f);
            break;
        case ESCAPE_XML:
            if (c == '&')
                fputs("&amp;", f);
            else if (c == '<')
                fputs("&lt;", f);
            else if (c == '>')
                fputs("&gt;", f);
            else if (c == '"')
                fputs("&quot;", f);
            else if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
                fputs(REPLACEMENT, f);
            else
                fputc((int)c, f);
            break;
        case ESCAPE_CSV:
            if (c == '"')
                fputs("\"\"", f);
            else
                fputc((int)c, f);
            break;
        }
    }
    if (how != ESCAPE_XML)
        fputc('"', f);
}

#define ELLIPSIS "\xE2\x80\xA6" /* U+2026 */

/* Where the code point after the one starting at s begins. */
static const char *next_point(const char *s)
{
    s++;
    while ((*(const unsigned char *)s & 0xC0) == 0x80)
        s++;
    return s;
}

void clip_text(char *buf, size_t size, const char *s, size_t max_chars)
{
    const char *p = s, *cut = s;
    size_t chars = 0, keep = max_chars > 1 ? max_chars - 1 : 1;
    while (*p != '\0' && chars < max_chars && (size_t)(next_point(p) - s) < size) {
        p = next_point(p);
        chars++;
        /* The last place to cut that leaves room for the ellipsis. */
        if (chars <= keep && (size_t)(p - s) + sizeof ELLIPSIS <= size)
            cut = p;
    }
    if (*p == '\0') {
        memcpy(buf, s, (size_t)(p - s));
        buf[p - s] = '\0';
        return;
    }
    memcpy(buf, s, (size_t)(cut - s));
    memcpy(buf + (cut - s), ELLIPSIS, sizeof ELLIPSIS);
}
