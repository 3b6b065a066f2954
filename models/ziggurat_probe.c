/*
 * ziggurat_probe.c — GSL's ziggurat tables, read off GSL's own function.
 *
 * gsl_ran_gaussian_ziggurat (Marsaglia and Tsang 2000, 128 strips a side)
 * takes one 32-bit word k from a generator whose range is 32 bits: its low
 * 7 bits pick a strip i, bit 7 the sign, the top 24 bits j.  When
 * j < k_i the answer is +-j w_i, from that word alone.  The tables are
 * GSL's, not published in its headers, so they are read off the function:
 * a scripted generator hands it a chosen first word and counts what else
 * it asks for.  w_i is the answer for j = 1; k_i is the least j for which
 * the function asks for more than one word (the fast path accepts exactly
 * j < k_i, so a bisection finds it in 24 calls a strip; GSL's k_0 is 0,
 * its base strip always takes the slow path).  Reading the
 * tables instead of copying them keeps the batch draws equal to GSL's for
 * whichever GSL the program runs with; ml_draw_ziggurat_known says whether
 * the reading made sense.
 */
#include "draw_batch.h"
#include "ziggurat_probe.h"

#include <gsl/gsl_randist.h>
#include <pthread.h>

typedef struct {
    uint32_t first;  /* the first word handed out */
    unsigned calls;  /* words and doubles asked for */
} script;

static void script_set(void *st, unsigned long seed)
{
    script *s = st;
    s->first = (uint32_t)seed;
    s->calls = 0;
}

static unsigned long script_get(void *st)
{
    script *s = st;
    /* Later words: strip 0, sign +, j = 0, which the fast path takes at
     * once, so a probe that leaves it always ends. */
    return s->calls++ == 0 ? s->first : 0x80u;
}

static double script_get_double(void *st)
{
    script *s = st;
    s->calls++;
    return 0.5;
}

static const gsl_rng_type script_type = {"ml-ziggurat-probe", 0xffffffffUL, 0,
                                         sizeof(script), script_set, script_get,
                                         script_get_double};

static ml_zig_tables tables;
static pthread_once_t once = PTHREAD_ONCE_INIT;

/* One call with first word (j << 8) | 0x80 | i: 1 when only that word was
 * used, and its answer in *x. */
static int fast(gsl_rng *g, unsigned i, uint32_t j, double *x)
{
    gsl_rng_set(g, (unsigned long)((j << 8) | 0x80u | i));
    *x = gsl_ran_gaussian_ziggurat(g, 1.0);
    return ((script *)g->state)->calls == 1;
}

static void probe(void)
{
    gsl_rng *g = gsl_rng_alloc(&script_type);
    if (!g)
        return;
    int ok = 1;
    for (unsigned i = 0; i < 128 && ok; i++) {
        double w = 0.0, x;
        uint32_t k;
        if (!fast(g, i, 0, &x)) {
            k = 0; /* GSL's strip 0 (the base) never takes the fast path */
        } else if (!fast(g, i, 1, &w)) {
            k = 1, w = 0.0; /* only j = 0, whose answer is 0 whatever w_i */
        } else {
            ok = ok && w > 0.0;
            /* Least j in [2, 2^24] that leaves the fast path (2^24: none). */
            uint32_t lo = 2, hi = 1u << 24;
            while (lo < hi) {
                uint32_t mid = lo + (hi - lo) / 2;
                if (fast(g, i, mid, &x)) {
                    ok = ok && x == (double)mid * w; /* the answer is j w_i */
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            k = lo;
        }
        tables.w[i] = w;
        tables.k[i] = k;
    }
    /* The negative side: the sign bit clear gives -j w_i. */
    gsl_rng_set(g, (unsigned long)((5u << 8) | 3u));
    double x = gsl_ran_gaussian_ziggurat(g, 1.0);
    ok = ok && tables.k[3] > 5 && x == -(5.0 * tables.w[3]);
    tables.known = ok;
    gsl_rng_free(g);
}

const ml_zig_tables *ml_zig_tables_get(void)
{
    pthread_once(&once, probe);
    return &tables;
}

int ml_draw_ziggurat_known(void)
{
    return ml_zig_tables_get()->known;
}
