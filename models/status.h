/*
 * status.h — the one set of status codes used across medliab.
 *
 * Every fallible function returns one of these codes (0 on success) and, when
 * it fails, fills an ml_err with a human-readable message.  The codes are
 * generated from a single X-macro table so that ml_strerror() can never fall
 * out of step with the enum.  All failures pass through ml_error_set(), so a
 * single breakpoint there catches every error in the program.
 */
#ifndef ML_STATUS_H
#define ML_STATUS_H

#define ML_STATUS_TABLE(X)                                          \
    X(ML_OK, 0, "success")                                          \
    X(ML_EINVAL, -1, "invalid input")                               \
    X(ML_EIO, -2, "input/output failure")                           \
    X(ML_ENOMEM, -3, "out of memory")                               \
    X(ML_ENUMERIC, -4, "numerical failure")                         \
    X(ML_EINTR, -5, "interrupted")                                  \
    X(ML_EUNSUPPORTED, -6, "not supported for this scenario")       \
    X(ML_EINTERNAL, -7, "internal error")

enum ml_status {
#define ML_STATUS_ENUM(name, value, text) name = value,
    ML_STATUS_TABLE(ML_STATUS_ENUM)
#undef ML_STATUS_ENUM
};

/* An error record: the message a user sees plus where in the code it arose. */
typedef struct {
    int code;
    char msg[1024];
    const char *src_file;
    int src_line;
} ml_err;

const char *ml_strerror(int code);

/* Records a formatted message in err (which may be NULL) and returns code. */
int ml_error_set(ml_err *err, int code, const char *src_file, int src_line,
                 const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

#define ML_ERROR(err, code, ...) \
    ml_error_set((err), (code), __FILE__, __LINE__, __VA_ARGS__)

#endif
