/*
 * ziggurat_probe.h — GSL's ziggurat tables as read off its function
 * (ziggurat_probe.c); for draw_batch.c.
 */
#ifndef ML_ZIGGURAT_PROBE_H
#define ML_ZIGGURAT_PROBE_H

#include <stdint.h>

typedef struct {
    double w[128];   /* strip widths: the answer is j w_i */
    uint32_t k[128]; /* the fast path takes j < k_i */
    int known;       /* 1 when the reading checked out */
} ml_zig_tables;

const ml_zig_tables *ml_zig_tables_get(void);

#endif
