/*
 * status.c — messages for the status codes and the single error sink.
 */
#include "status.h"

#include <stdarg.h>
#include <stdio.h>

const char *ml_strerror(int code)
{
    switch (code) {
#define ML_STATUS_CASE(name, value, text) case name: return text;
        ML_STATUS_TABLE(ML_STATUS_CASE)
#undef ML_STATUS_CASE
    }
    return "unknown status";
}

int ml_error_set(ml_err *err, int code, const char *src_file, int src_line,
                 const char *fmt, ...)
{
    if (err == NULL)
        return code;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    err->code = code;
    err->src_file = src_file;
    err->src_line = src_line;
    return code;
}
