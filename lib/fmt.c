/* fmt.c - a small printf subset for messages and status text */
#include "fmt.h"

#include <string.h>

struct output {
    char *buf;
    size_t size;        /* room for text, the NUL excluded */
    size_t len;
};

static void put(struct output *out, const char *text, size_t len)
{
    if (len > out->size - out->len)
        len = out->size - out->len;
    memcpy(out->buf + out->len, text, len);
    out->len += len;
}

static void pad(struct output *out, char c, size_t count)
{
    while (count-- > 0)
        put(out, &c, 1);
}

static size_t digits(char *end, unsigned long long value, unsigned base)
{
    char *p = end;

    do {
        *--p = "0123456789abcdef"[value % base];
        value /= base;
    } while (value);
    return end - p;
}

size_t fmt_ulong(char *buf, unsigned long long value)
{
    char tmp[24];
    size_t len = digits(tmp + sizeof(tmp), value, 10);

    memcpy(buf, tmp + sizeof(tmp) - len, len);
    buf[len] = '\0';
    return len;
}

uint64_t scan_decimal(const char *text, const char **end)
{
    uint64_t value = 0;
    unsigned digit;

    for (; *text >= '0' && *text <= '9'; text++) {
        digit = (unsigned)(*text - '0');
        value = value > (UINT64_MAX - digit) / 10 ? UINT64_MAX : value * 10 + digit;
    }
    if (end)
        *end = text;
    return value;
}

long parse_decimal(const char *text, long max)
{
    const char *end;
    uint64_t value = scan_decimal(text, &end);

    return end == text || *end || value > (uint64_t)max ? -1 : (long)value;
}

/* One field: TEXT of LEN bytes padded to WIDTH, zeros going after a sign. */
static void field(struct output *out, const char *text, size_t len,
                  size_t width, char fill, int left)
{
    size_t gap = width > len ? width - len : 0;

    if (left) {
        put(out, text, len);
        pad(out, ' ', gap);
        return;
    }
    if (fill == '0' && len > 0 && text[0] == '-') {
        put(out, text, 1);
        text++;
        len--;
    }
    pad(out, fill, gap);
    put(out, text, len);
}

static unsigned long long take_unsigned(va_list *ap, int longs, int size_t_arg)
{
    if (size_t_arg)
        return va_arg(*ap, size_t);
    if (longs >= 2)
        return va_arg(*ap, unsigned long long);
    if (longs == 1)
        return va_arg(*ap, unsigned long);
    return va_arg(*ap, unsigned);
}

static long long take_signed(va_list *ap, int longs, int size_t_arg)
{
    if (size_t_arg)
        return (long long)va_arg(*ap, size_t);
    if (longs >= 2)
        return va_arg(*ap, long long);
    if (longs == 1)
        return va_arg(*ap, long);
    return va_arg(*ap, int);
}

size_t fmt_vformat(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct output out = { buf, size - 1, 0 };
    va_list args;
    char number[24], c;
    const char *s;

    va_copy(args, ap);
    for (; *fmt; fmt++) {
        int left = 0, longs = 0, size_t_arg = 0, precision = -1;
        size_t width = 0, len;
        char fill = ' ';
        unsigned long long value;
        long long signed_value;

        if (*fmt != '%') {
            put(&out, fmt, 1);
            continue;
        }
        s = fmt++;
        for (; *fmt == '-' || *fmt == '0'; fmt++) {
            if (*fmt == '-')
                left = 1;
            else
                fill = '0';
        }
        for (; *fmt >= '0' && *fmt <= '9'; fmt++)
            width = width * 10 + (*fmt - '0');
        if (fmt[0] == '.' && fmt[1] == '*') {
            precision = va_arg(args, int);
            fmt += 2;
        }
        for (; *fmt == 'l'; fmt++)
            longs++;
        if (*fmt == 'z') {
            size_t_arg = 1;
            fmt++;
        }
        switch (*fmt) {
        case 's':
            s = va_arg(args, const char *);
            if (!s)
                s = "(null)";
            len = precision >= 0 ? strnlen(s, precision) : strlen(s);
            field(&out, s, len, width, ' ', left);
            break;
        case 'c':
            c = (char)va_arg(args, int);
            field(&out, &c, 1, width, ' ', left);
            break;
        case 'd':
        case 'i':
            signed_value = take_signed(&args, longs, size_t_arg);
            value = signed_value < 0 ? 0 - (unsigned long long)signed_value
                                     : (unsigned long long)signed_value;
            len = digits(number + sizeof(number), value, 10);
            if (signed_value < 0)
                number[sizeof(number) - ++len] = '-';
            field(&out, number + sizeof(number) - len, len, width, fill, left);
            break;
        case 'u':
        case 'x':
            value = take_unsigned(&args, longs, size_t_arg);
            len = digits(number + sizeof(number), value, *fmt == 'x' ? 16 : 10);
            field(&out, number + sizeof(number) - len, len, width, fill, left);
            break;
        case '%':
            put(&out, "%", 1);
            break;
        default:                /* not understood: show it as written */
            if (!*fmt)
                fmt--;
            put(&out, s, fmt - s + 1);
            break;
        }
    }
    va_end(args);
    buf[out.len] = '\0';
    return out.len;
}

size_t fmt_format(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    size_t len;

    va_start(ap, fmt);
    len = fmt_vformat(buf, size, fmt, ap);
    va_end(ap);
    return len;
}
